package dev.tightrope.trust.keys;

import java.nio.file.Path;
import java.time.Clock;

/**
 * Reviewer keys encrypted with few KDF iterations, for tests above the trust layer that sign a
 * lot: the iteration count travels in the PKCS#8 parameters, so the product reads these keys
 * (quickly) like any other.
 */
public final class FastKeys {
    private FastKeys() {
    }

    /** Generates a P-256 key named {@code name} in {@code keysDir} under {@code passphrase}. */
    public static KeyInfo generate(Path keysDir, String name, String passphrase) {
        return new ReviewerKeys(keysDir, 1_000, Clock.systemUTC()).generate(name, KeyAlgorithm.P256, passphrase.toCharArray());
    }
}
