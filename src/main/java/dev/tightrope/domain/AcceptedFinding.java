package dev.tightrope.domain;

import java.time.Instant;
import java.util.Objects;

/** A finding accepted as a risk until {@code expiresAt}: what "accepted findings about to expire" lists. */
public record AcceptedFinding(
        long findingId,
        String assetUrn,
        String ruleId,
        String title,
        Severity severity,
        String justification,
        String acceptedBy,
        Instant acceptedAt,
        Instant expiresAt) {

    public AcceptedFinding {
        Objects.requireNonNull(assetUrn, "assetUrn");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
