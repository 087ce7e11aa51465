package dev.tightrope.domain;

import java.time.Instant;

/** A finding as the cache holds it, with its lifecycle. */
public record StoredFinding(
        long id,
        Finding finding,
        String source,
        String justification,
        Instant firstSeen,
        Instant lastSeen) {
}
