package dev.tightrope.store;

/**
 * The points of a sync run's two-file commit (see {@link LineageStore}) where a failure, or the
 * process dying, leaves a different state for the next open to deal with. The store passes
 * {@link #NONE}; the tests of the two-file commit pass their own and throw at a point: an
 * exception stands for a failure, an Error for the process dying (nothing after it runs).
 */
@FunctionalInterface
interface CrashPoints {

    enum Point {
        /** On the lineage merge's thread: the run's staged edges are committed, their merge has not begun. */
        LINEAGE_MERGE,
        /** Everything is staged and merged; the cache has not committed the run. */
        BEFORE_CACHE_COMMIT,
        /** The cache has committed the run; the lineage file has not committed its edges. */
        AFTER_CACHE_COMMIT
    }

    CrashPoints NONE = point -> { };

    void reached(Point point);
}
