package dev.tightrope.ui.common;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;

/**
 * A submitted task, as the UI sees it: its progress and state (changed on the UI thread only),
 * and a way to cancel it. Cancelling is cooperative for the work (services check their
 * {@link dev.tightrope.domain.Cancellation}) and final for the UI: once cancelled, none of the
 * task's success or failure handlers run.
 */
public interface TaskHandle {

    enum State { QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED }

    String title();

    Lane lane();

    /** 0..1, or -1 while unknown. */
    ReadOnlyDoubleProperty progressProperty();

    ReadOnlyStringProperty messageProperty();

    ReadOnlyObjectProperty<State> stateProperty();

    /**
     * Asks the work to stop and drops its result: the task is CANCELLED at once, its
     * cancelled and finished handlers run now and nothing else of it ever runs. Call on the UI
     * thread.
     */
    void cancel();

    /**
     * Asks the work to stop early but keeps its handlers: a sync stopped this way still
     * delivers its runs, recorded as cancelled. Safe from any thread.
     */
    void requestStop();

    default boolean isDone() {
        State s = stateProperty().get();
        return s == State.SUCCEEDED || s == State.FAILED || s == State.CANCELLED;
    }
}
