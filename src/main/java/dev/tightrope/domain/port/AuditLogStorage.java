package dev.tightrope.domain.port;

import dev.tightrope.domain.AuditCheckpoint;
import dev.tightrope.domain.AuditEntry;
import dev.tightrope.domain.AuditNode;
import dev.tightrope.domain.AuditQuery;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the audit log keeps its entries, subtree hashes and checkpoints. The log (trust layer)
 * computes every hash; the storage keeps the bytes it is given, append-only. Owned here so the
 * trust layer and the store do not know each other.
 */
public interface AuditLogStorage {

    /** A position in the tree to look up. */
    record NodeRef(int level, long index) {
    }

    /** Number of entries (the highest stored index + 1). */
    long size();

    /**
     * Appends entries (consecutive indexes starting at {@link #size()}) with the subtree hashes
     * (level >= 1) they completed that the log keeps, in one transaction.
     *
     * @throws IllegalStateException if the log's size is no longer {@code entries.get(0).index()}
     *         (another writer appended first); nothing is written
     */
    void append(List<AuditEntry> entries, List<AuditNode> nodes);

    /** Hashes at the given positions, in order; null where none is stored. Level 0 are leaf hashes. */
    List<byte[]> nodeHashes(List<NodeRef> refs);

    /** Stored hashes at {@code level} for indexes {@code [from, to)}, in order; null where none is stored. */
    List<byte[]> nodeRange(int level, long from, long to);

    Optional<AuditEntry> entry(long index);

    /** Calls {@code visitor} for the stored entries with indexes in {@code [from, to)}, in index order. */
    void forEachEntry(long from, long to, Consumer<AuditEntry> visitor);

    /** Entries matching {@code query}, newest first. */
    List<AuditEntry> query(AuditQuery query);

    /** Stores a checkpoint; storing one for a size already checkpointed is an error. */
    void addCheckpoint(AuditCheckpoint checkpoint);

    /** Every stored checkpoint, by increasing size. */
    List<AuditCheckpoint> checkpoints();

    Optional<AuditCheckpoint> latestCheckpoint();
}
