package dev.tightrope.oci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** {@code sha256:<hex>} digests of registry content. */
public final class OciDigests {
    private OciDigests() {
    }

    public static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The tag the referrers tag schema and cosign derive from a digest: {@code sha256-<hex>}. */
    public static String tagOf(String digest) {
        return digest.replace(':', '-');
    }
}
