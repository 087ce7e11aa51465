package dev.tightrope.domain;

/**
 * A configured source with its last run and how many assets it holds in the cache.
 *
 * @param openProblems records that could not be imported and have not been read since: the
 *                     problems of the last successful full read and of every successful run after
 *                     it. An incremental run that reads nothing new does not clear them; only a
 *                     full re-read does.
 */
public record SourceStatus(SourceConfig config, SyncRun lastRun, long assets, long gone, long openProblems) {

    /** A source whose only problems are those of its last run. */
    public SourceStatus(SourceConfig config, SyncRun lastRun, long assets, long gone) {
        this(config, lastRun, assets, gone, lastRun == null ? 0 : lastRun.problems());
    }
}
