package dev.tightrope.sync.oci;

import dev.tightrope.oci.OciManifest;
import dev.tightrope.oci.RegistryClient;
import dev.tightrope.sync.ConnectorException;
import java.util.List;
import java.util.Optional;

/** What the connector reads: a live registry, or a folder of OCI image layouts saved from one. */
interface Registry {

    /** The registry's host (with its port when not the default), as references name it. */
    String host();

    /** The repositories to read. */
    List<String> repositories() throws ConnectorException, InterruptedException;

    /** The tags of {@code repository}, in the registry's order. */
    List<String> tags(String repository) throws ConnectorException, InterruptedException;

    /** The manifest a tag or digest names, its digest checked against its bytes; empty when unknown. */
    Optional<RegistryClient.Fetched> manifest(String repository, String reference) throws ConnectorException, InterruptedException;

    /** A blob (an image or model config), its digest checked; at most {@code maxBytes}. */
    byte[] blob(String repository, String digest, long maxBytes) throws ConnectorException, InterruptedException;

    /** The referrers of {@code digest}; empty when the registry has no referrers API (then the tag fallback applies). */
    Optional<OciManifest> referrers(String repository, String digest) throws ConnectorException, InterruptedException;
}
