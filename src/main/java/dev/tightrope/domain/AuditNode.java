package dev.tightrope.domain;

import java.util.Arrays;
import java.util.Objects;

/**
 * The hash of a complete subtree of the audit log's Merkle tree: at {@code level} L it covers
 * leaves {@code [index * 2^L, (index + 1) * 2^L)}. Level 0 nodes are leaf hashes.
 */
public record AuditNode(int level, long index, byte[] hash) {
    public AuditNode {
        Objects.requireNonNull(hash, "hash");
        if (level < 0 || level > 63 || index < 0) {
            throw new IllegalArgumentException("bad tree position (" + level + ", " + index + ")");
        }
        hash = hash.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditNode other && level == other.level && index == other.index && Arrays.equals(hash, other.hash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(level, index, Arrays.hashCode(hash));
    }
}
