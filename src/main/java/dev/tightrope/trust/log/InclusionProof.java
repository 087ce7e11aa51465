package dev.tightrope.trust.log;

import java.util.List;

/** That the leaf at {@code index} is in the tree of {@code treeSize} leaves with root {@code rootHash}. */
public record InclusionProof(long index, long treeSize, byte[] leafHash, List<byte[]> path, byte[] rootHash) {
    public InclusionProof {
        path = List.copyOf(path);
    }

    public boolean verify() {
        return Merkle.verifyInclusion(index, treeSize, leafHash, path, rootHash);
    }
}
