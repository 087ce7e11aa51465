package dev.tightrope.domain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The OpenSSF model signing v1.0 "files" manifest of a model directory: every regular file's
 * SHA-256 under its {@code /}-separated relative name. The root digest is SHA-256 over the raw
 * bytes of the resource digests in manifest order; it is what approvals and signatures bind to.
 * Computed by the scanner during its single read, and by the signer when no scan exists.
 */
public record ModelManifest(String modelName, List<Resource> resources) {

    public ModelManifest {
        Objects.requireNonNull(modelName, "modelName");
        resources = List.copyOf(resources);
    }

    /** One file of the model. */
    public record Resource(String name, String sha256) {
        public Resource {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sha256, "sha256");
            if (name.isEmpty() || name.startsWith("/") || name.contains("\\")) {
                throw new IllegalArgumentException("resource name must be relative and '/'-separated: " + name);
            }
            if (!sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("resource digest must be 64 lower-case hex digits: " + name);
            }
        }
    }

    /** SHA-256 over the concatenated raw resource digests, in manifest order. */
    public Digest rootDigest() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            HexFormat hex = HexFormat.of();
            for (Resource r : resources) {
                md.update(hex.parseHex(r.sha256()));
            }
            return Digest.sha256(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
