package dev.tightrope.ui.sources;

import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.ConnectionCheck;
import dev.tightrope.ui.common.BackgroundTask;
import dev.tightrope.ui.common.Latest;
import dev.tightrope.ui.common.UiExecutor;
import java.util.function.BiFunction;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;

/**
 * One Test connection slot (the Add/Edit dialog has one, the Sources view one for the selected
 * source): runs the check on the read pool — never behind a sync — and holds the answer until the
 * next test or {@link #clear}. A new test drops the one still running.
 *
 * @param <S> what is tested: a source's settings as typed, or a saved source's name
 */
public final class ConnectionTest<S> {
    private final Latest slot;
    private final BiFunction<S, Cancellation, ConnectionCheck> check;
    private final SimpleBooleanProperty running = new SimpleBooleanProperty();
    private final SimpleObjectProperty<ConnectionCheck> result = new SimpleObjectProperty<>();
    private final SimpleStringProperty subject = new SimpleStringProperty();

    ConnectionTest(UiExecutor executor, BiFunction<S, Cancellation, ConnectionCheck> check) {
        this.slot = new Latest(executor);
        this.check = check;
    }

    // Properties

    /** True while the check runs. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running;
    }

    /** The last check's answer, or null before one (or after {@link #clear}). */
    public ReadOnlyObjectProperty<ConnectionCheck> resultProperty() {
        return result;
    }

    /** Which source the answer (or the running check) is about, as the user calls it. */
    public ReadOnlyStringProperty subjectProperty() {
        return subject;
    }

    // Commands

    /** Tests {@code target}, called {@code label} in progress and in the answer. */
    public void run(String label, S target) {
        result.set(null);
        subject.set(label);
        running.set(true);
        slot.submit(BackgroundTask.cancellableRead("Testing the connection to " + label,
                        ctx -> check.apply(target, ctx.cancellation()))
                .onSuccess(result::set)
                .onFailure(e -> result.set(new ConnectionCheck(false, label, e.getMessage() == null ? e.toString() : e.getMessage())))
                .onFinished(() -> running.set(false)));
    }

    /** Forgets the answer and drops a check still running: what it was about has changed. */
    public void clear() {
        slot.cancel();
        running.set(false);
        result.set(null);
        subject.set(null);
    }

    /** The answer in words: what was found, or what is wrong and where. */
    public static String describe(ConnectionCheck check) {
        if (check.ok()) {
            return "Connected: " + check.message();
        }
        return "Failed: " + (check.location() == null || check.location().isBlank() ? "" : check.location() + ": ") + check.message();
    }
}
