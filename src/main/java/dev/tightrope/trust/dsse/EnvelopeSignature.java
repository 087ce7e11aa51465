package dev.tightrope.trust.dsse;

import java.util.Arrays;
import java.util.Objects;

/** One DSSE signature. {@code keyid} is unauthenticated: it only helps choose a key; null when absent. */
public record EnvelopeSignature(String keyid, byte[] sig) {
    public EnvelopeSignature {
        Objects.requireNonNull(sig, "sig");
        sig = sig.clone();
    }

    @Override
    public byte[] sig() {
        return sig.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnvelopeSignature other && Objects.equals(keyid, other.keyid) && Arrays.equals(sig, other.sig);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyid, Arrays.hashCode(sig));
    }
}
