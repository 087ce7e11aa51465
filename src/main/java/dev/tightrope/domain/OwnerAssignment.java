package dev.tightrope.domain;

import java.time.Instant;

/**
 * An ownership claim as stored, with who made it and when. {@code claimedBy} is the source's name
 * for a source's claim, the user for a manual one, the rule's place ({@code owners.rules:12}) for a
 * rule's, and the upstream asset's URN for an inherited one.
 */
public record OwnerAssignment(
        String owner, OwnerType type, OwnerRole role, Provenance provenance, String claimedBy, Instant since) {

    /** "source metadata (openlineage-prod)", "manual assignment (ana)", "owners.rules:12" or "lineage, inherited via tr:…". */
    public String origin() {
        if (provenance == Provenance.RULE && claimedBy != null) {
            return claimedBy;
        }
        if (provenance == Provenance.INHERITED && claimedBy != null) {
            return "lineage, inherited via " + claimedBy;
        }
        return claimedBy == null ? provenance.label() : provenance.label() + " (" + claimedBy + ")";
    }

    /**
     * Who made the claim, for telling conflicting claims apart: the rules file counts as one
     * claimant, each source as one.
     */
    public String claimant() {
        return provenance == Provenance.RULE ? "rules" : provenance.name() + ":" + (claimedBy == null ? "" : claimedBy);
    }
}
