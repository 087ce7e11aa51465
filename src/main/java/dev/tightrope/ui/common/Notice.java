package dev.tightrope.ui.common;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing the console tells the user: what happened ({@code title}: what failed and where),
 * the details ({@code message}, never empty), what to do ({@code hint}, may be null), and an
 * optional action such as Retry.
 */
public record Notice(long id, Level level, String title, String message, String hint, Instant at, int repeats, Action action) {

    public enum Level {
        INFO, SUCCESS, WARNING, ERROR;

        /** Warnings and errors stay on screen until the user dismisses them. */
        public boolean sticky() {
            return this == WARNING || this == ERROR;
        }
    }

    /** A button on the notice: {@code run} happens on the UI thread and dismisses the notice. */
    public record Action(String label, Runnable run) {
        public Action {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(run, "run");
        }
    }

    public Notice {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(at, "at");
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("a notice needs a title");
        }
        if (message == null || message.isBlank()) {
            message = title;
        }
    }

    /** The same notice, seen once more now. */
    Notice repeated(Instant now) {
        return new Notice(id, level, title, message, hint, now, repeats + 1, action);
    }

    /** Title, message and hint as one text (for the clipboard and the log). */
    public String text() {
        return title + ": " + message + (hint == null ? "" : " — " + hint) + (repeats > 1 ? " (" + repeats + "×)" : "");
    }
}
