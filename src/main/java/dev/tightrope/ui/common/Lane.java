package dev.tightrope.ui.common;

/**
 * Which background threads a task runs on. Reads, user writes and long jobs never wait for each
 * other's threads: a sync holding the cache's writer parks at most the one write thread, so
 * paging and searching stay responsive while a user's edit waits its turn.
 */
public enum Lane {
    /** Queries: a small pool, many at a time. */
    READ,
    /** The user's own writes (owners, notes, signatures, trust): one at a time, in the order asked. */
    WRITE,
    /** Syncs, scans, demo loading: one at a time, with progress and cancel. */
    LONG
}
