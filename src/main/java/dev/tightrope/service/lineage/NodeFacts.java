package dev.tightrope.service.lineage;

import dev.tightrope.domain.Severity;

/**
 * What a lineage box says about an asset besides its name: who owns it, its worst open finding
 * and how many there are, and whether the release is approved.
 */
public record NodeFacts(String owners, Severity worst, int findings, GraphView.Approval approval) {
    public static final NodeFacts UNKNOWN = new NodeFacts("", null, 0, GraphView.Approval.NONE);

    public NodeFacts {
        owners = owners == null ? "" : owners;
        approval = approval == null ? GraphView.Approval.NONE : approval;
    }
}
