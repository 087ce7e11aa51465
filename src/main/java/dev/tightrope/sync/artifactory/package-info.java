/**
 * The JFrog Artifactory connector: the files of the configured ML repositories with their
 * SHA-256 (the join key with Hub files, OCI layers, scanned model files and CI artifacts), each
 * model folder as a model artifact whose digest is its OpenSSF model-signing root digest, and the
 * properties uploaders set ({@code mlflow.run_id}, {@code mlflow.model_name}/{@code mlflow.model_version},
 * {@code hf.model}) as edges to the MLflow and Hugging Face assets those connectors name; live over
 * AQL and the storage API, or offline from saved answers.
 */
package dev.tightrope.sync.artifactory;
