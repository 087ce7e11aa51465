package dev.tightrope.domain;

/** Lets the user stop a running sync; the engine checks it between records and pages. */
public final class Cancellation {
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
