/**
 * The OCI registry connector: repositories, tags and the manifests they point to — container
 * images, image indexes and model artifacts (CNCF ModelPack, Docker Model Runner, Ollama) —
 * with their annotations, the model files their layers carry (by digest: the join key with Hub
 * files, Artifactory files, CI artifacts and scanned model files) and the signatures and
 * attestations attached to them (cosign tags, the referrers API and its tag fallback); live over
 * the Distribution API with the client the approval publishing uses, or offline from OCI image
 * layouts.
 */
package dev.tightrope.sync.oci;
