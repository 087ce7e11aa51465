/**
 * The MLflow connector: a tracking server's model registry (registered models, their versions,
 * aliases such as {@code champion}, stages, tags), each version's training run (params, metrics,
 * git commit, user, dataset inputs) and MLflow 3 logged models; live over the REST API 2.0 or
 * offline from saved answers. Models and versions are named by the OpenLineage convention
 * ({@code mlflow://<host>/models/<name>/<version>}), so lineage events about them land on the
 * same assets.
 */
package dev.tightrope.sync.mlflow;
