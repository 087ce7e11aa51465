package dev.tightrope.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * The user's latest triage decision on one finding, kept across syncs by the finding's identity.
 *
 * @param state         ACCEPTED, RESOLVED, or REOPENED (a decision that stopped counting, and why)
 * @param expiresAt     when an acceptance ends and the finding reopens by itself
 * @param reopenReason  for REOPENED: {@code expired}, {@code reopened by user}, or that a sync reported a resolved finding again
 */
public record FindingDecision(
        State state,
        String justification,
        String decidedBy,
        Instant decidedAt,
        Instant expiresAt,
        Instant reopenedAt,
        String reopenReason) {

    public enum State { ACCEPTED, RESOLVED, REOPENED }

    public FindingDecision {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(decidedBy, "decidedBy");
        Objects.requireNonNull(decidedAt, "decidedAt");
    }
}
