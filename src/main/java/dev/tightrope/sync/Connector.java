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

    /**
     * Test connection: one cheap call that shows the source answers and its credentials work,
     * without importing anything. Returns what it found, in words ("MLflow answered as
     * alice; 12 registered models"). Throws {@link ConnectorException} saying what is wrong
     * (DNS, TLS, 401/403 with the permission needed, 404). The default, for sources that read
     * files, checks that the configured path can be read.
     */
    default String check(SyncContext context) throws ConnectorException, InterruptedException {
        String path = context.source().setting("path");
        if (path == null) {
            return "nothing to check before a sync for this type of source";
        }
        java.nio.file.Path p = java.nio.file.Path.of(path);
        if (!java.nio.file.Files.exists(p)) {
            throw new ConnectorException(path, "the file or directory does not exist (moved or unmounted?)");
        }
        if (!java.nio.file.Files.isReadable(p)) {
            throw new ConnectorException(path, "cannot be read (permissions)");
        }
        return (java.nio.file.Files.isDirectory(p) ? "the directory " : "the file ") + path + " can be read";
    }
}
