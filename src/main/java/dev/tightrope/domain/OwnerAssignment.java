package dev.tightrope.domain;

import java.time.Instant;

/** An ownership claim as stored, with who made it and when. */
public record OwnerAssignment(
        String owner, OwnerType type, OwnerRole role, Provenance provenance, String claimedBy, Instant since) {

    /** "source metadata (openlineage-prod)" or "manual assignment (ana)". */
    public String origin() {
        return claimedBy == null ? provenance.label() : provenance.label() + " (" + claimedBy + ")";
    }
}
