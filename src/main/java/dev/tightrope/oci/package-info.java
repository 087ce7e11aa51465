/**
 * An OCI Distribution v1.1 client (manifests, blobs, referrers, the referrers tag schema):
 * bearer-token auth from {@code WWW-Authenticate}, a digest check on every manifest and blob it
 * reads, no {@code Authorization} header sent to another host, sizes bounded. Not a connector:
 * publishing approvals uses it, and so will the OCI registry source. Knows nothing else of
 * Tightrope; what is stored in a registry (attestations, images) is the caller's business.
 */
package dev.tightrope.oci;
