package dev.tightrope.domain;

import java.time.Instant;

/**
 * A filter over the audit log for the Audit view, newest first. Null fields do not filter.
 *
 * @param actor    exact actor
 * @param action   exact action, or a prefix ending in {@code .} (e.g. {@code approval.})
 * @param subject  exact subject
 * @param from     inclusive lower time bound
 * @param to       exclusive upper time bound
 * @param offset   entries to skip
 * @param limit    at most this many entries (1..10,000)
 */
public record AuditQuery(String actor, String action, String subject, Instant from, Instant to, int offset, int limit) {
    public AuditQuery {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be between 1 and 10000");
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("the range ends before it starts: pick a first day on or before the last day");
        }
    }

    public static AuditQuery latest(int limit) {
        return new AuditQuery(null, null, null, null, null, 0, limit);
    }
}
