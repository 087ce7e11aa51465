package dev.tightrope.domain;

import java.time.Instant;

/** One inventory row: enough to list and sort, without properties. */
public record AssetSummary(
        long id,
        String urn,
        AssetKind kind,
        String name,
        String source,
        String owners,
        Instant lastSeen,
        Instant goneAt,
        Severity worstFinding) {
}
