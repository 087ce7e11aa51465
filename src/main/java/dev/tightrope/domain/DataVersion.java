package dev.tightrope.domain;

import java.time.Instant;

/**
 * Which state of the cache something was read from: the last sync run that finished (every change
 * from a source, live lineage included, is a sync run) and when it finished. An export carries it,
 * so an impact analysis in a report can be traced to the data it was drawn from.
 */
public record DataVersion(long run, Instant finishedAt) {
    public static final DataVersion EMPTY = new DataVersion(0, null);

    /** "sync run 42 at 2026-12-07T13:00:00Z", or "empty cache". */
    public String label() {
        return run == 0 ? "empty cache" : "sync run " + run + (finishedAt == null ? "" : " at " + finishedAt);
    }
}
