package dev.tightrope.trust.log;

import dev.tightrope.domain.AuditCheckpoint;
import dev.tightrope.domain.AuditEntry;
import dev.tightrope.domain.AuditNode;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.port.AuditLogStorage.NodeRef;
import dev.tightrope.domain.port.AuditLogStorage;
import dev.tightrope.trust.TrustFormatException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks the whole audit log from its stored bytes: every leaf hash recomputed from the leaf,
 * every leaf compared with the row's columns and position, the tree rebuilt and compared with
 * every stored subtree hash, every stored checkpoint's signature and root, a consistency proof
 * (built from the stored subtrees) between successive checkpoints, and optionally a checkpoint
 * the caller trusts from elsewhere (CI, a repository) that the log must still extend. Editing,
 * deleting, reordering or truncating rows in the SQLite file directly is caught; a log rewritten
 * from scratch with all its checkpoints is caught only against a checkpoint kept elsewhere.
 */
public final class LogVerifier {

    private static final int MAX_PROBLEMS = 100;
    private static final int NODE_BATCH = 4096;
    private static final int MAX_KEPT = 10_000;

    private final AuditLogStorage storage;
    private final NoteVerifier logKey;

    public LogVerifier(AuditLogStorage storage, NoteVerifier logKey) {
        this.storage = storage;
        this.logKey = logKey;
    }

    public LogVerification verify() {
        return verify(null);
    }

    /** @param trusted a signed checkpoint note kept outside the cache, or null */
    public synchronized LogVerification verify(String trusted) {
        omitted = 0;
        List<Problem> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        long size = storage.size();

        List<Checkpoint> signed = new ArrayList<>();
        for (AuditCheckpoint stored : storage.checkpoints()) {
            String where = "checkpoint " + stored.size();
            try {
                Checkpoint cp = logKey.verifyCheckpoint(stored.signedNote(), where);
                if (cp.size() != stored.size() || !Arrays.equals(cp.rootHash(), stored.rootHash())) {
                    problems.add(new Problem(where, "the stored size or root differs from what the signed note says"));
                }
                if (!cp.origin().equals(logKey.name())) {
                    problems.add(new Problem(where, "origin '" + cp.origin() + "' is not this log's '" + logKey.name() + "'"));
                }
                signed.add(cp);
            } catch (TrustFormatException e) {
                problems.add(new Problem(where, e.getMessage()));
            }
        }
        Checkpoint trustedCp = null;
        if (trusted != null) {
            try {
                trustedCp = logKey.verifyCheckpoint(trusted, "trusted checkpoint");
            } catch (TrustFormatException e) {
                problems.add(new Problem("trusted checkpoint", e.getMessage()));
            }
        }
        Set<Long> sizes = new HashSet<>();
        signed.forEach(c -> sizes.add(c.size()));
        if (trustedCp != null) {
            sizes.add(trustedCp.size());
        }

        Map<Long, byte[]> roots = rebuild(size, sizes, problems);

        for (Checkpoint cp : signed) {
            checkAgainst("checkpoint " + cp.size(), cp, size, roots, problems);
        }
        if (trustedCp != null) {
            checkAgainst("trusted checkpoint " + trustedCp.size(), trustedCp, size, roots, problems);
        }

        int verified = checkConsistency(signed, size, problems);
        Checkpoint latest = signed.isEmpty() ? null : signed.get(signed.size() - 1);
        if (latest == null) {
            notes.add("no signed checkpoint: run log checkpoint so that later changes can be detected");
        } else if (latest.size() < size) {
            notes.add((size - latest.size()) + " entries after the latest checkpoint (size " + latest.size() + ") are not yet signed");
        }
        List<Problem> shown = problems.size() > MAX_PROBLEMS ? problems.subList(0, MAX_PROBLEMS) : problems;
        if (problems.size() > MAX_PROBLEMS) {
            notes.add((problems.size() - MAX_PROBLEMS) + " more problems not listed");
        }
        return new LogVerification(problems.isEmpty(), size, verified, latest, shown, notes);
    }

    private long omitted;

    /** A list that only counts what is added to it. */
    private List<Problem> overflow() {
        return new AbstractList<>() {
            @Override
            public Problem get(int index) {
                throw new IndexOutOfBoundsException(index);
            }

            @Override
            public int size() {
                return 0;
            }

            @Override
            public boolean add(Problem p) {
                omitted++;
                return true;
            }
        };
    }

    private static void checkAgainst(String where, Checkpoint cp, long size, Map<Long, byte[]> roots, List<Problem> problems) {
        if (cp.size() > size) {
            problems.add(new Problem(where, "signs " + cp.size() + " entries but the log has only " + size
                    + ": entries were deleted (log truncated)"));
        } else if (!Arrays.equals(roots.get(cp.size()), cp.rootHash())) {
            problems.add(new Problem(where, "the signed root does not match the entries: the log was changed after it was signed"));
        }
    }

    /** Streams the entries, rebuilds the tree, compares stored subtree hashes; returns the roots at {@code sizes}. */
    private Map<Long, byte[]> rebuild(long size, Set<Long> sizes, List<Problem> problems) {
        Map<Long, byte[]> roots = new HashMap<>();
        if (sizes.contains(0L)) {
            roots.put(0L, Merkle.emptyRoot());
        }
        List<AuditNode> frontier = new ArrayList<>();
        List<AuditNode> pending = new ArrayList<>();
        long[] position = {0};
        storage.forEachEntry(0, Long.MAX_VALUE, entry -> {
            long at = position[0];
            // Past the cap only the count grows: a log edited wholesale must not exhaust memory.
            List<Problem> sink = problems.size() < MAX_KEPT ? problems : overflow();
            if (entry.index() != at) {
                sink.add(new Problem("entry " + at, entry.index() > at
                        ? "missing: the next stored entry is " + entry.index() + " (entries deleted)"
                        : "stored out of order"));
            }
            checkEntry(at, entry, sink);
            byte[] leafHash = Merkle.leafHash(entry.leaf());
            StoredTree.push(frontier, at, leafHash, pending);
            position[0] = at + 1;
            if (sizes.contains(position[0])) {
                roots.put(position[0], rootOf(frontier));
            }
            if (pending.size() >= NODE_BATCH) {
                compareNodes(pending, problems.size() < MAX_KEPT ? problems : overflow());
                pending.clear();
            }
        });
        compareNodes(pending, problems.size() < MAX_KEPT ? problems : overflow());
        if (omitted > 0) {
            problems.add(new Problem("log", omitted + " further problems in entries and subtrees"));
        }
        if (position[0] != size) {
            problems.add(new Problem("log", "read " + position[0] + " entries but the highest index says " + size
                    + " (entries deleted)"));
        }
        return roots;
    }

    private static void checkEntry(long at, AuditEntry entry, List<Problem> problems) {
        byte[] leaf = entry.leaf();
        String where = "entry " + at;
        if (!Arrays.equals(Merkle.leafHash(leaf), entry.leafHash())) {
            problems.add(new Problem(where, "the stored leaf hash does not match the leaf bytes (row edited)"));
        }
        byte[] expected;
        try {
            expected = AuditLeaf.encode(at, entry.event());
        } catch (RuntimeException e) {
            problems.add(new Problem(where, "the row's fields cannot be encoded: " + e.getMessage()));
            return;
        }
        if (!Arrays.equals(expected, leaf)) {
            long recorded = AuditLeaf.seqOf(leaf);
            problems.add(new Problem(where, recorded != at && recorded >= 0 && Arrays.equals(AuditLeaf.encode(recorded, entry.event()), leaf)
                    ? "the leaf records another position (rows reordered or renumbered)"
                    : "the row's fields differ from its signed leaf bytes (row edited)"));
        }
    }


    private static byte[] rootOf(List<AuditNode> frontier) {
        List<byte[]> hashes = new ArrayList<>(frontier.size());
        frontier.forEach(n -> hashes.add(n.hash()));
        return Merkle.foldRight(hashes);
    }

    /** Compares recomputed subtree hashes with the stored ones, one range query per level. */
    private void compareNodes(List<AuditNode> recomputed, List<Problem> problems) {
        Map<Integer, List<AuditNode>> byLevel = new TreeMap<>();
        for (AuditNode n : recomputed) {
            byLevel.computeIfAbsent(n.level(), l -> new ArrayList<>()).add(n);
        }
        for (Map.Entry<Integer, List<AuditNode>> e : byLevel.entrySet()) {
            List<AuditNode> nodes = e.getValue();
            long from = nodes.get(0).index();
            long to = nodes.get(nodes.size() - 1).index() + 1;
            List<byte[]> stored = storage.nodeRange(e.getKey(), from, to);
            for (AuditNode n : nodes) {
                byte[] s = stored.get((int) (n.index() - from));
                if (s == null) {
                    problems.add(new Problem("node " + n.level() + "/" + n.index(), "subtree hash missing"));
                } else if (!Arrays.equals(s, n.hash())) {
                    problems.add(new Problem("node " + n.level() + "/" + n.index(), "subtree hash does not match the entries"));
                }
            }
        }
    }

    /** Consistency proofs from stored subtrees between successive checkpoints. */
    private int checkConsistency(List<Checkpoint> signed, long size, List<Problem> problems) {
        int ok = 0;
        Checkpoint previous = null;
        for (Checkpoint cp : signed) {
            if (cp.size() > size) {
                break;
            }
            boolean good = true;
            if (previous != null) {
                String where = "checkpoints " + previous.size() + " -> " + cp.size();
                try {
                    List<byte[]> path = fetch(Merkle.consistencyRanges(previous.size(), cp.size()));
                    if (!Merkle.verifyConsistency(previous.size(), cp.size(), path, previous.rootHash(), cp.rootHash())) {
                        problems.add(new Problem(where, "not consistent: the log was rewritten between these checkpoints"));
                        good = false;
                    }
                } catch (IllegalStateException e) {
                    problems.add(new Problem(where, e.getMessage()));
                    good = false;
                }
            }
            if (good) {
                ok++;
            }
            previous = cp;
        }
        return ok;
    }

    private List<byte[]> fetch(List<long[]> ranges) {
        List<NodeRef> refs = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (long[] r : ranges) {
            List<NodeRef> parts = Merkle.decompose(r[0], r[1]);
            refs.addAll(parts);
            counts.add(parts.size());
        }
        List<byte[]> hashes = StoredTree.hashes(storage, refs);
        List<byte[]> out = new ArrayList<>();
        int at = 0;
        for (int count : counts) {
            List<byte[]> parts = hashes.subList(at, at + count);
            if (parts.contains(null)) {
                throw new IllegalStateException("subtree hashes needed for the proof are missing");
            }
            out.add(Merkle.foldRight(parts));
            at += count;
        }
        return out;
    }
}
