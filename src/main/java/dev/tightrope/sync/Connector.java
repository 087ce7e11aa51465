package dev.tightrope.sync;

import dev.tightrope.domain.port.RecordSink;

/**
 * Knows one source. Reads it, maps what it finds to domain records and emits them into the sink.
 * Never touches SQL or the UI. A connector that cannot read its source throws
 * {@link ConnectorException} with a message for the user; a single bad record is reported with
 * {@link RecordSink#problem} and the rest is still imported.
 */
public interface Connector {

    /**
     * Reads the source. {@code context.cursor()} is what the previous successful run returned, or
     * null; a connector that gets a cursor may read only what changed since and return
     * {@link SyncResult#incremental}. Returning {@link SyncResult#full} means every asset the
     * source has was emitted, so the engine marks the rest of this source's assets gone.
     */
    SyncResult sync(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException;
}
