package dev.tightrope.ui.common;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The console's one channel to the user. Information and successes go to the status line;
 * warnings and errors stay on screen until dismissed, newest first, the same one counted
 * rather than repeated; everything is kept in a short history (for Help → Copy diagnostics) and
 * warnings and errors go to the log file. Use on the UI thread.
 */
public final class NotificationCenter {
    static final int HISTORY = 200;
    static final int SHOWN = 20;
    private static final System.Logger LOG = System.getLogger("dev.tightrope.ui");

    private final Clock clock;
    private final SimpleStringProperty status = new SimpleStringProperty("Ready");
    private final ObservableList<Notice> shown = FXCollections.observableArrayList();
    private final List<Notice> history = new ArrayList<>();
    private long nextId = 1;

    public NotificationCenter() {
        this(Clock.systemUTC());
    }

    public NotificationCenter(Clock clock) {
        this.clock = clock;
    }

    // Properties

    /** The status line: the latest information, or what is being done. */
    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    /** Warnings and errors waiting to be dismissed, newest first. */
    public ObservableList<Notice> shown() {
        return shown;
    }

    /** Everything said recently, oldest first. */
    public List<Notice> history() {
        return List.copyOf(history);
    }

    /** The most recent warnings and errors, newest first, whether dismissed or not. */
    public List<Notice> lastProblems(int n) {
        List<Notice> out = new ArrayList<>();
        for (int i = history.size() - 1; i >= 0 && out.size() < n; i--) {
            if (history.get(i).level().sticky()) {
                out.add(history.get(i));
            }
        }
        return out;
    }

    // Commands

    /** Says what is going on, in the status line. */
    public void info(String message) {
        add(Notice.Level.INFO, message, message, null, null, null);
    }

    public void success(String message) {
        add(Notice.Level.SUCCESS, message, message, null, null, null);
    }

    public Notice warning(String title, String message, String hint) {
        return add(Notice.Level.WARNING, title, message, hint, null, null);
    }

    /** {@code title} says what failed and where; the message comes from the failure, never empty. */
    public Notice error(String title, Throwable error) {
        return error(title, error, null);
    }

    /** As {@link #error(String, Throwable)} with a button such as Retry. */
    public Notice error(String title, Throwable error, Notice.Action action) {
        return add(Notice.Level.ERROR, title, Errors.describe(error), Errors.hint(error), action, error);
    }

    public Notice error(String title, String message, String hint) {
        return add(Notice.Level.ERROR, title, message, hint, null, null);
    }

    public void dismiss(Notice notice) {
        shown.removeIf(n -> n.id() == notice.id());
    }

    public void dismissAll() {
        shown.clear();
    }

    /** Runs the notice's action and dismisses it. */
    public void act(Notice notice) {
        dismiss(notice);
        if (notice.action() != null) {
            notice.action().run().run();
        }
    }

    private Notice add(Notice.Level level, String title, String message, String hint, Notice.Action action, Throwable cause) {
        Instant now = clock.instant();
        Notice notice;
        Optional<Notice> same = level.sticky() ? shown.stream()
                .filter(n -> n.level() == level && n.title().equals(title) && n.message().equals(message == null || message.isBlank() ? title : message))
                .findFirst() : Optional.empty();
        if (same.isPresent()) {
            notice = same.get().repeated(now);
            shown.remove(same.get());
        } else {
            notice = new Notice(nextId++, level, title, message, hint, now, 1, action);
        }
        history.add(notice);
        if (history.size() > HISTORY) {
            history.remove(0);
        }
        if (level.sticky()) {
            shown.add(0, notice);
            if (shown.size() > SHOWN) {
                shown.remove(SHOWN, shown.size());
            }
            LOG.log(level == Notice.Level.ERROR ? Level.ERROR : Level.WARNING, notice.text(), cause);
        } else {
            status.set(notice.message());
        }
        return notice;
    }
}
