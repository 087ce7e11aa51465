/**
 * Google Cloud authentication without the Google SDK: the service-account JWT bearer assertion
 * ({@link dev.tightrope.sync.gcp.ServiceAccountJwt}), for the Vertex AI connector.
 */
package dev.tightrope.sync.gcp;
