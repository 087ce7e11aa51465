package dev.tightrope.trust.log;

import dev.tightrope.domain.AuditCheckpoint;
import dev.tightrope.domain.AuditEntry;
import dev.tightrope.domain.AuditEvent;
import dev.tightrope.domain.AuditNode;
import dev.tightrope.domain.AuditQuery;
import dev.tightrope.domain.port.AuditLogStorage.NodeRef;
import dev.tightrope.domain.port.AuditLogStorage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tamper-evident audit log: an RFC 9162 Merkle tree over canonical event leaves, stored
 * through {@link AuditLogStorage}, with C2SP checkpoints signed by the {@link LogKey}. Appends
 * keep the tree's right edge (one hash per level) in memory and store the subtrees they
 * complete at the levels {@link StoredTree} keeps, so an append costs O(1) amortised writes and
 * a proof O(log n) lookups.
 * Thread-safe; several processes may append to the same storage (a stale writer reloads).
 */
public final class AuditLog {

    private final AuditLogStorage storage;
    private final LogKey key;
    private final Clock clock;
    private final List<AuditNode> frontier = new ArrayList<>();
    private long size;

    /**
     * @param key the checkpoint key; its name is the checkpoint origin, e.g.
     *            {@code tightrope.dev/audit/<workspace id>}
     */
    public AuditLog(AuditLogStorage storage, LogKey key, Clock clock) {
        this.storage = storage;
        this.key = key;
        this.clock = clock;
        reload();
    }

    private void reload() {
        long n = storage.size();
        List<NodeRef> refs = new ArrayList<>();
        long start = 0;
        for (int level = 63; level >= 0; level--) {
            if ((n & (1L << level)) != 0) {
                refs.add(new NodeRef(level, start >> level));
                start += 1L << level;
            }
        }
        List<byte[]> hashes = StoredTree.hashes(storage, refs);
        frontier.clear();
        for (int i = 0; i < refs.size(); i++) {
            if (hashes.get(i) == null) {
                throw new IllegalStateException("the audit log is missing the subtree hash at level " + refs.get(i).level()
                        + " index " + refs.get(i).index() + "; run log verify");
            }
            frontier.add(new AuditNode(refs.get(i).level(), refs.get(i).index(), hashes.get(i)));
        }
        size = n;
    }

    public synchronized long size() {
        return size;
    }

    public synchronized AuditEntry append(AuditEvent event) {
        return appendAll(List.of(event)).get(0);
    }

    /** Appends events in one transaction, in order. */
    public synchronized List<AuditEntry> appendAll(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        for (int attempt = 0; ; attempt++) {
            List<AuditNode> saved = new ArrayList<>(frontier);
            long savedSize = size;
            List<AuditEntry> entries = new ArrayList<>(events.size());
            List<AuditNode> completed = new ArrayList<>();
            for (AuditEvent e : events) {
                byte[] leaf = AuditLeaf.encode(size, e);
                byte[] hash = Merkle.leafHash(leaf);
                entries.add(new AuditEntry(size, e, leaf, hash));
                push(hash, completed);
            }
            try {
                storage.append(entries, completed);
                return entries;
            } catch (IllegalStateException stale) {
                frontier.clear();
                frontier.addAll(saved);
                size = savedSize;
                if (attempt >= 2) {
                    throw stale;
                }
                reload();
            } catch (RuntimeException failed) {
                frontier.clear();
                frontier.addAll(saved);
                size = savedSize;
                throw failed;
            }
        }
    }

    private void push(byte[] leafHash, List<AuditNode> completed) {
        StoredTree.push(frontier, size, leafHash, completed);
        size++;
    }

    /** The current root hash. */
    public synchronized byte[] root() {
        List<byte[]> hashes = new ArrayList<>(frontier.size());
        frontier.forEach(n -> hashes.add(n.hash()));
        return Merkle.foldRight(hashes);
    }

    /** The root of the tree's first {@code treeSize} leaves. */
    public byte[] rootAt(long treeSize) {
        checkSize(treeSize);
        return treeSize == 0 ? Merkle.emptyRoot() : rangeHashes(List.of(new long[] {0, treeSize})).get(0);
    }

    public InclusionProof inclusionProof(long index) {
        return inclusionProof(index, size());
    }

    public InclusionProof inclusionProof(long index, long treeSize) {
        checkSize(treeSize);
        List<long[]> ranges = new ArrayList<>(Merkle.inclusionRanges(index, treeSize));
        ranges.add(new long[] {index, index + 1});
        ranges.add(new long[] {0, treeSize});
        List<byte[]> hashes = rangeHashes(ranges);
        int n = hashes.size();
        return new InclusionProof(index, treeSize, hashes.get(n - 2), hashes.subList(0, n - 2), hashes.get(n - 1));
    }

    public ConsistencyProof consistencyProof(long firstSize, long secondSize) {
        checkSize(secondSize);
        List<long[]> ranges = new ArrayList<>(Merkle.consistencyRanges(firstSize, secondSize));
        ranges.add(new long[] {0, firstSize});
        ranges.add(new long[] {0, secondSize});
        List<byte[]> hashes = rangeHashes(ranges);
        int n = hashes.size();
        return new ConsistencyProof(firstSize, secondSize, hashes.subList(0, n - 2), hashes.get(n - 2), hashes.get(n - 1));
    }

    /** Signs and stores a checkpoint of the current tree (or returns the latest when nothing was appended since). */
    public synchronized SignedCheckpoint checkpoint() {
        Optional<AuditCheckpoint> latest = storage.latestCheckpoint();
        if (latest.isPresent() && latest.get().size() == size) {
            return new SignedCheckpoint(Checkpoint.parse(SignedNote.parse(latest.get().signedNote(), "checkpoint").text(), "checkpoint"),
                    latest.get().signedNote());
        }
        Checkpoint cp = new Checkpoint(key.name(), size, root(), List.of());
        String note = key.sign(cp);
        storage.addCheckpoint(new AuditCheckpoint(size, cp.rootHash(), note, clock.instant()));
        return new SignedCheckpoint(cp, note);
    }

    public Optional<SignedCheckpoint> latestCheckpoint() {
        return storage.latestCheckpoint().map(c -> new SignedCheckpoint(
                Checkpoint.parse(SignedNote.parse(c.signedNote(), "checkpoint").text(), "checkpoint"), c.signedNote()));
    }

    public NoteVerifier verifier() {
        return key.verifier();
    }

    public Optional<AuditEntry> entry(long index) {
        return storage.entry(index);
    }

    public List<AuditEntry> entries(AuditQuery query) {
        return storage.query(query);
    }

    private void checkSize(long treeSize) {
        long current = size();
        if (treeSize < 0 || treeSize > current) {
            throw new IllegalArgumentException("the log has " + current + " entries; no tree of size " + treeSize);
        }
    }

    /** Hashes of leaf ranges, fetched as their complete subtrees in one storage call. */
    private List<byte[]> rangeHashes(List<long[]> ranges) {
        List<NodeRef> refs = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (long[] r : ranges) {
            List<NodeRef> parts = Merkle.decompose(r[0], r[1]);
            refs.addAll(parts);
            counts.add(parts.size());
        }
        List<byte[]> fetched = StoredTree.hashes(storage, refs);
        List<byte[]> out = new ArrayList<>(ranges.size());
        int at = 0;
        for (int count : counts) {
            List<byte[]> parts = fetched.subList(at, at + count);
            for (int i = 0; i < count; i++) {
                if (parts.get(i) == null) {
                    NodeRef missing = refs.get(at + i);
                    throw new IllegalStateException("the audit log is missing the subtree hash at level " + missing.level()
                            + " index " + missing.index() + "; run log verify");
                }
            }
            out.add(Merkle.foldRight(parts));
            at += count;
        }
        return out;
    }
}
