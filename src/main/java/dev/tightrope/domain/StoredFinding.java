package dev.tightrope.domain;

import java.time.Instant;

/**
 * A finding as the cache holds it, with its lifecycle.
 *
 * @param decision the user's triage decision on it, or null when there is none
 */
public record StoredFinding(
        long id,
        Finding finding,
        String source,
        String justification,
        Instant firstSeen,
        Instant lastSeen,
        FindingDecision decision) {
}
