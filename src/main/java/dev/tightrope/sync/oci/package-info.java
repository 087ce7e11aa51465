/**
 * An OCI Distribution v1.1 client (manifests, blobs, referrers, the referrers tag schema):
 * bearer-token auth from {@code WWW-Authenticate}, a digest check on every manifest and blob it
 * reads, no {@code Authorization} header sent to another host, sizes bounded. Depends only on
 * the domain and libraries; what is stored in a registry (attestations, images) is the caller's
 * business.
 */
package dev.tightrope.sync.oci;
