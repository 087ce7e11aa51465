package dev.tightrope.domain;

import java.util.Arrays;
import java.util.Objects;

/**
 * An audit event at its position in the log, with the exact leaf bytes that were hashed into
 * the Merkle tree and the stored leaf hash. What the columns say and what the leaf says are
 * compared by the log verifier, so an edit to either is caught.
 */
public record AuditEntry(long index, AuditEvent event, byte[] leaf, byte[] leafHash) {
    public AuditEntry {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(leaf, "leaf");
        Objects.requireNonNull(leafHash, "leafHash");
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative");
        }
        leaf = leaf.clone();
        leafHash = leafHash.clone();
    }

    @Override
    public byte[] leaf() {
        return leaf.clone();
    }

    @Override
    public byte[] leafHash() {
        return leafHash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditEntry other && index == other.index && event.equals(other.event)
                && Arrays.equals(leaf, other.leaf) && Arrays.equals(leafHash, other.leafHash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, event, Arrays.hashCode(leaf), Arrays.hashCode(leafHash));
    }
}
