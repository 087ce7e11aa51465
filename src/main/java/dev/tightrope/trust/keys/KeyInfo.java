package dev.tightrope.trust.keys;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/** A reviewer key in a key directory: what {@code keys list} shows. No secret in here. */
public record KeyInfo(String name, KeyAlgorithm algorithm, Instant created, String fingerprint, String hint,
                      Path privateKeyFile, Path publicKeyFile) {
    public KeyInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(hint, "hint");
        Objects.requireNonNull(privateKeyFile, "privateKeyFile");
        Objects.requireNonNull(publicKeyFile, "publicKeyFile");
    }
}
