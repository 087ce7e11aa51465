package dev.tightrope.trust.dsse;

import java.util.Objects;

/**
 * One DSSE envelope read from a file, with where it came from ({@code file} or {@code file:line})
 * and the bundle around it when there was one.
 */
public record Attestation(String location, Envelope envelope, SigstoreBundle bundle) {
    public Attestation {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(envelope, "envelope");
    }
}
