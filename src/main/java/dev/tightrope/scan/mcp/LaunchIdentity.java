package dev.tightrope.scan.mcp;

import java.util.Objects;

/**
 * What a configured server actually runs, whatever it is called: a package of a registry at a
 * version (null when unpinned), a remote endpoint, or a local file by its SHA-256.
 *
 * @param identifier the package name, the image repository, the endpoint URL (no query, no credentials) or the local file's path
 * @param version    the exact version or tag asked for; null when none is (the launcher then takes the latest)
 * @param sha256     for a local file, its content digest when it could be read
 */
public record LaunchIdentity(PackageType type, String identifier, String version, String sha256) {

    /** Where a server's code comes from; tokens as in server.json's {@code registryType} where there is one. */
    public enum PackageType {
        NPM("npm"), PYPI("pypi"), OCI("oci"), NUGET("nuget"), REMOTE("remote"), LOCAL("local");

        private final String token;

        PackageType(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }
    }

    public LaunchIdentity {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(identifier, "identifier");
        version = version == null || version.isBlank() ? null : version;
    }

    public boolean pinned() {
        return version != null && !version.equalsIgnoreCase("latest");
    }

    /**
     * The stable key of this identity, the same on every machine and in every client:
     * {@code npm:@org/pkg@1.2.0}, {@code pypi:pkg==1.0}, {@code oci:ghcr.io/org/img:1.0},
     * {@code remote:https://host/mcp}, {@code local:sha256:<hex>} (or {@code local:<path>} when the file could not be read).
     */
    public String key() {
        return switch (type) {
            case NPM, NUGET -> type.token() + ":" + identifier + (version == null ? "" : "@" + version);
            case PYPI -> "pypi:" + identifier + (version == null ? "" : "==" + version);
            case OCI -> "oci:" + identifier + (version == null ? "" : version.startsWith("sha256:") ? "@" + version : ":" + version);
            case REMOTE -> "remote:" + identifier;
            case LOCAL -> sha256 != null ? "local:sha256:" + sha256 : "local:" + identifier;
        };
    }
}
