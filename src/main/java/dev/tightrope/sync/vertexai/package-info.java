/**
 * Google Vertex AI as a source: models and their versions (with aliases), endpoints and the
 * versions they deploy, datasets, training pipelines and custom jobs, live over the v1 REST API
 * with a service account's JWT bearer grant ({@link dev.tightrope.sync.gcp.ServiceAccountJwt}) or
 * an access token, or offline from saved {@code gcloud ai … --format=json} output.
 */
package dev.tightrope.sync.vertexai;
