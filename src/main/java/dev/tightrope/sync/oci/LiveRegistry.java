package dev.tightrope.sync.oci;

import dev.tightrope.oci.OciManifest;
import dev.tightrope.oci.RegistryClient;
import dev.tightrope.oci.RegistryException;
import dev.tightrope.sync.ConnectorException;
import dev.tightrope.sync.http.Reachability;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A registry over the Distribution API, through the one OCI client Tightrope has (the approval
 * publishing uses it too): its digest checks, size bounds, token handshake and redirect rules.
 */
final class LiveRegistry implements Registry {

    static final int PAGE_SIZE = 100;

    private final RegistryClient client;
    private final String host;
    private final List<String> configured;
    private final int maxRepositories;
    private final int maxTags;

    LiveRegistry(RegistryClient client, String host, List<String> configured, int maxRepositories, int maxTags) {
        this.client = client;
        this.host = host;
        this.configured = configured;
        this.maxRepositories = maxRepositories;
        this.maxTags = maxTags;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public List<String> repositories() throws ConnectorException, InterruptedException {
        if (!configured.isEmpty()) {
            return configured;
        }
        return call(() -> client.catalog(PAGE_SIZE, pages(maxRepositories)));
    }

    @Override
    public List<String> tags(String repository) throws ConnectorException, InterruptedException {
        return call(() -> client.tags(repository, PAGE_SIZE, pages(maxTags)));
    }

    @Override
    public Optional<RegistryClient.Fetched> manifest(String repository, String reference) throws ConnectorException, InterruptedException {
        return call(() -> client.manifest(repository, reference));
    }

    @Override
    public byte[] blob(String repository, String digest, long maxBytes) throws ConnectorException, InterruptedException {
        return call(() -> client.blob(repository, digest, maxBytes));
    }

    @Override
    public Optional<OciManifest> referrers(String repository, String digest) throws ConnectorException, InterruptedException {
        return call(() -> client.referrers(repository, digest, null));
    }

    private static int pages(int maxItems) {
        return maxItems / PAGE_SIZE + 2;
    }

    private <T> T call(Supplier<T> request) throws ConnectorException, InterruptedException {
        try {
            return request.get();
        } catch (RegistryException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException("cancelled");
            }
            if (e.getCause() instanceof IOException io) {
                throw new ConnectorException(host, "cannot reach the registry: " + Reachability.describe(io), e);
            }
            throw new ConnectorException(host, e.getMessage() + hint(e.status()), e);
        }
    }

    private static String hint(int status) {
        return switch (status) {
            case 401 -> "";
            case 403 -> " (the credentials need pull access to the repository, and catalog access to list repositories;"
                    + " or name the repositories with --set repositories=…)";
            case 404 -> " (check the url and the repository names)";
            default -> "";
        };
    }
}
