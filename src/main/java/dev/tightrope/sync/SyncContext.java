package dev.tightrope.sync;

import dev.tightrope.domain.SourceConfig;

/** What a connector gets from the engine for one run. */
public interface SyncContext {

    SourceConfig source();

    /** The cursor of the last successful run, or null (then read everything). */
    String cursor();

    /** True when the user asked for a full re-read even though a cursor exists. */
    boolean fullRequested();

    /** Reports progress: {@code done} of {@code total} units (total -1 when unknown), with a short message. */
    void progress(long done, long total, String message);

    /** Throws InterruptedException when the user cancelled; connectors call it between records or pages. */
    void checkCancelled() throws InterruptedException;

    /** A secret named by the source's settings, read from the environment or the credentials file. */
    String secret(String name);
}
