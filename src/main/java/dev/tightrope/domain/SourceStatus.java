package dev.tightrope.domain;

/** A configured source with its last run and how many assets it holds in the cache. */
public record SourceStatus(SourceConfig config, SyncRun lastRun, long assets, long gone) {
}
