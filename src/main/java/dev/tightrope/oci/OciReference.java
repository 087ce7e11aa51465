package dev.tightrope.oci;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code oci://<registry>/<repository>[:<tag>][@sha256:<hex>]}, e.g.
 * {@code oci://registry.example:5000/models/fraud-bert@sha256:…}. A digest pins the artifact; a
 * tag is resolved to one when used.
 *
 * @param registry   host with optional port
 * @param repository the repository name (lower-case path components)
 * @param tag        null when not given
 * @param digest     {@code sha256:<hex>}, null when not given
 */
public record OciReference(String registry, String repository, String tag, String digest) {

    private static final Pattern REF = Pattern.compile(
            "oci://([A-Za-z0-9.-]+(?::[0-9]{1,5})?|\\[[0-9a-fA-F:]+\\](?::[0-9]{1,5})?)/"
                    + "([a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)"
                    + "(?::([A-Za-z0-9_][A-Za-z0-9._-]{0,127}))?(?:@(sha256:[0-9a-f]{64}))?");

    public OciReference {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        if (tag == null && digest == null) {
            throw new IllegalArgumentException("an OCI reference needs a tag or a digest");
        }
    }

    public static OciReference parse(String text) {
        Matcher m = REF.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an OCI reference like oci://registry.example/repo@sha256:<hex>");
        }
        if (m.group(3) == null && m.group(4) == null) {
            throw new IllegalArgumentException("'" + text + "' names no tag or digest: add @sha256:<hex> (or :tag)");
        }
        return new OciReference(m.group(1).toLowerCase(Locale.ROOT), m.group(2), m.group(3), m.group(4));
    }

    /** The same artifact pinned by digest. */
    public OciReference withDigest(String manifestDigest) {
        return new OciReference(registry, repository, tag, manifestDigest);
    }

    /** The digest when given, else the tag: what to ask the registry for. */
    public String reference() {
        return digest != null ? digest : tag;
    }

    /** Loopback registries are spoken to over plain HTTP (as docker does); every other over HTTPS. */
    public boolean loopback() {
        String host = registry.startsWith("[") ? registry.substring(1, registry.indexOf(']')) : registry.split(":")[0];
        return dev.tightrope.base.Hosts.isLoopback(host);
    }

    @Override
    public String toString() {
        return "oci://" + registry + "/" + repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
