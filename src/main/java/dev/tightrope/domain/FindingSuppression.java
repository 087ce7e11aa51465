package dev.tightrope.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A rule suppressed for one asset or a pattern of assets. Both patterns are globs as SQLite's
 * GLOB reads them ({@code *}, {@code ?}, {@code [...]}, case-sensitive): {@code secret.*} on
 * {@code tr:notebook:jupyter:*} suppresses every leaked-key finding in notebooks.
 *
 * @param expiresAt null for a suppression that lasts until it is removed
 */
public record FindingSuppression(
        long id,
        String rulePattern,
        String urnPattern,
        String justification,
        String createdBy,
        Instant createdAt,
        Instant expiresAt) {

    public FindingSuppression {
        Objects.requireNonNull(rulePattern, "rulePattern");
        Objects.requireNonNull(urnPattern, "urnPattern");
        Objects.requireNonNull(justification, "justification");
    }

    /** Whether it still counts at {@code now}. */
    public boolean activeAt(Instant now) {
        return expiresAt == null || expiresAt.isAfter(now);
    }
}
