package dev.tightrope.ui.common;

import dev.tightrope.domain.Cancellation;

/** What a running task may tell and ask: its progress, and whether the user cancelled it. */
public interface TaskContext {

    /** {@code fraction} in 0..1, or -1 when unknown; {@code message} says what is being done. */
    void progress(double fraction, String message);

    /** The cancellation to pass on to services that check it between records. */
    Cancellation cancellation();

    default boolean isCancelled() {
        return cancellation().isCancelled();
    }
}
