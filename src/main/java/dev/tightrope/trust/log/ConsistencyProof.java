package dev.tightrope.trust.log;

import java.util.List;

/** That the tree of {@code firstSize} leaves is a prefix of the tree of {@code secondSize} leaves. */
public record ConsistencyProof(long firstSize, long secondSize, List<byte[]> path, byte[] firstRoot, byte[] secondRoot) {
    public ConsistencyProof {
        path = List.copyOf(path);
    }

    public boolean verify() {
        return Merkle.verifyConsistency(firstSize, secondSize, path, firstRoot, secondRoot);
    }
}
