package dev.tightrope.trust.log;

import java.util.Objects;

/** A checkpoint and the signed note that carries it, as stored and as exported with evidence. */
public record SignedCheckpoint(Checkpoint checkpoint, String signedNote) {
    public SignedCheckpoint {
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(signedNote, "signedNote");
    }
}
