package dev.tightrope.service;

import dev.tightrope.oci.OciReference;
import dev.tightrope.oci.RegistryClient;
import java.util.Map;

/**
 * How Tightrope reaches OCI registries: credentials come from the environment only
 * ({@code TIGHTROPE_REGISTRY_USERNAME} and {@code TIGHTROPE_REGISTRY_PASSWORD}, or a ready
 * bearer token in {@code TIGHTROPE_REGISTRY_TOKEN}), never from files, the cache or arguments.
 * Loopback registries are spoken to over plain HTTP, every other over HTTPS.
 */
public final class RegistryAccess {

    public static final String USERNAME = "TIGHTROPE_REGISTRY_USERNAME";
    public static final String PASSWORD = "TIGHTROPE_REGISTRY_PASSWORD";
    public static final String TOKEN = "TIGHTROPE_REGISTRY_TOKEN";

    private final RegistryClient.Credentials credentials;

    private RegistryAccess(RegistryClient.Credentials credentials) {
        this.credentials = credentials;
    }

    public static RegistryAccess fromEnvironment(Map<String, String> env) {
        return new RegistryAccess(new RegistryClient.Credentials(blankToNull(env.get(USERNAME)), blankToNull(env.get(PASSWORD)),
                blankToNull(env.get(TOKEN))));
    }

    public static RegistryAccess anonymous() {
        return new RegistryAccess(RegistryClient.Credentials.NONE);
    }

    RegistryClient client(OciReference ref) {
        return RegistryClient.forReference(ref, credentials);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
