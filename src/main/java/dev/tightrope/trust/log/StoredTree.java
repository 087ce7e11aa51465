package dev.tightrope.trust.log;

import dev.tightrope.domain.AuditNode;
import dev.tightrope.domain.port.AuditLogStorage;
import dev.tightrope.domain.port.AuditLogStorage.NodeRef;
import java.util.ArrayList;
import java.util.List;

/**
 * Which subtree hashes the log stores, and how any complete subtree's hash is read back. Leaf
 * hashes (level 0) are stored with the entries; above them only every {@value #STRIDE}th level
 * is kept (as transparency-dev tiles keep every 8th), which cuts the rows written per append
 * from about one to about 1/15. A subtree at another level is rebuilt from at most
 * {@code 2^(STRIDE-1)} stored hashes below it, so a proof still costs O(log n) lookups.
 */
final class StoredTree {

    static final int STRIDE = 4;

    private StoredTree() {
    }

    static boolean isStored(int level) {
        return level % STRIDE == 0;
    }

    /** Hashes of complete subtrees, in order; null where a needed stored hash is missing. */
    static List<byte[]> hashes(AuditLogStorage storage, List<NodeRef> refs) {
        List<NodeRef> base = new ArrayList<>();
        for (NodeRef r : refs) {
            int b = r.level() - r.level() % STRIDE;
            int width = 1 << (r.level() - b);
            long first = r.index() << (r.level() - b);
            for (int i = 0; i < width; i++) {
                base.add(new NodeRef(b, first + i));
            }
        }
        List<byte[]> fetched = base.isEmpty() ? List.of() : storage.nodeHashes(base);
        List<byte[]> out = new ArrayList<>(refs.size());
        int at = 0;
        for (NodeRef r : refs) {
            int width = 1 << (r.level() % STRIDE);
            List<byte[]> row = new ArrayList<>(fetched.subList(at, at + width));
            at += width;
            out.add(row.contains(null) ? null : combine(row));
        }
        return out;
    }

    /** Hashes a full row of 2^k sibling subtrees up to their common root. */
    private static byte[] combine(List<byte[]> row) {
        List<byte[]> level = row;
        while (level.size() > 1) {
            List<byte[]> up = new ArrayList<>(level.size() / 2);
            for (int i = 0; i < level.size(); i += 2) {
                up.add(Merkle.nodeHash(level.get(i), level.get(i + 1)));
            }
            level = up;
        }
        return level.get(0);
    }

    /**
     * Adds a leaf hash at {@code index} to a compact-range frontier, merging complete subtrees;
     * the stored-level nodes it completes go to {@code completed}.
     */
    static void push(List<AuditNode> frontier, long index, byte[] leafHash, List<AuditNode> completed) {
        int level = 0;
        long idx = index;
        byte[] hash = leafHash;
        while (!frontier.isEmpty() && frontier.get(frontier.size() - 1).level() == level) {
            AuditNode left = frontier.remove(frontier.size() - 1);
            hash = Merkle.nodeHash(left.hash(), hash);
            level++;
            idx >>= 1;
            if (StoredTree.isStored(level)) {
                completed.add(new AuditNode(level, idx, hash));
            }
        }
        frontier.add(new AuditNode(level, idx, hash));
    }
}
