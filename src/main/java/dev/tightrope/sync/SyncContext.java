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

    /**
     * A context for work a connector runs on another thread (a prefetch): no source, cursor or
     * secrets; progress goes nowhere; cancelling arrives as the thread's interrupt.
     */
    static SyncContext interruptible() {
        return Interruptible.INSTANCE;
    }

    /** {@link #interruptible()}. */
    final class Interruptible implements SyncContext {
        static final Interruptible INSTANCE = new Interruptible();

        private Interruptible() {
        }

        @Override
        public SourceConfig source() {
            throw new UnsupportedOperationException("a prefetch thread has no source");
        }

        @Override
        public String cursor() {
            return null;
        }

        @Override
        public boolean fullRequested() {
            return false;
        }

        @Override
        public void progress(long done, long total, String message) {
        }

        @Override
        public void checkCancelled() throws InterruptedException {
            if (Thread.interrupted()) {
                throw new InterruptedException("cancelled");
            }
        }

        @Override
        public String secret(String name) {
            return null;
        }
    }
}
