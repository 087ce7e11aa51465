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
     * {@link IngestSession#commit}, or never.
     */
    IngestSession begin(SourceConfig source, SyncMode mode);

    /** A run of one source; records written here are invisible until commit. */
    interface IngestSession extends RecordSink, AutoCloseable {

        /** Makes the run visible; in FULL mode assets not seen in this run are marked gone. */
        SyncRun commit(String newCursor);

        /** Discards everything this run wrote and records why. */
        SyncRun abort(boolean cancelled, String message);

        /** Aborts if neither commit nor abort was called. */
        @Override
        void close();
    }
}
