package dev.tightrope.domain.port;

import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SyncMode;
import dev.tightrope.domain.SyncRun;

/**
 * What the sync engine needs from the cache. Owned here so that the engine and the store do not
 * know each other.
 */
public interface IngestStore {

    /** The cursor the last successful run of this source left, or null. */
    String cursor(String source);

    /**
     * Starts a run. Everything written through the returned session becomes visible at once on
     * {@link IngestSession#commit}, or never. Only one run writes at a time; a second caller waits.
     */
    IngestSession begin(SourceConfig source);

    /** A run of one source; records written here are invisible until commit. */
    interface IngestSession extends RecordSink, AutoCloseable {

        /**
         * Makes the run visible and stores the source's new cursor. In FULL mode, this source's
         * assets that the run did not report are marked gone (never deleted).
         */
        SyncRun commit(SyncMode mode, String newCursor);

        /** Discards everything this run wrote and records why. */
        SyncRun abort(boolean cancelled, String message);

        /** Aborts if neither commit nor abort was called. */
        @Override
        void close();
    }
}
