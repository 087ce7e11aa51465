package dev.tightrope.domain.port;

import dev.tightrope.domain.SyncRun;

/** Hears about sync progress; called from the sync thread. */
public interface SyncListener {

    /** {@code done} of {@code total} units for one source; total is -1 when unknown. */
    default void progress(String source, long done, long total, String message) {
    }

    /** A source finished (successfully or not). */
    default void finished(SyncRun run) {
    }

    SyncListener NONE = new SyncListener() { };
}
