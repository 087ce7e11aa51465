package dev.tightrope.domain;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A stored signed checkpoint of the audit log: the tree size and root it commits to, and the
 * signed note text (C2SP tlog-checkpoint in a signed note) that anyone with the log's public key
 * can check.
 */
public record AuditCheckpoint(long size, byte[] rootHash, String signedNote, Instant created) {
    public AuditCheckpoint {
        Objects.requireNonNull(rootHash, "rootHash");
        Objects.requireNonNull(signedNote, "signedNote");
        Objects.requireNonNull(created, "created");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
        rootHash = rootHash.clone();
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditCheckpoint other && size == other.size && Arrays.equals(rootHash, other.rootHash)
                && signedNote.equals(other.signedNote) && created.equals(other.created);
    }

    @Override
    public int hashCode() {
        return Objects.hash(size, Arrays.hashCode(rootHash), signedNote, created);
    }
}
