package dev.tightrope.ui.common;

import javafx.collections.ObservableList;

/**
 * The one way to the background and the one way back to the UI thread. View models get one
 * injected: the console uses {@link #fx}, view-model tests use {@link #currentThread} (work and
 * handlers run at once on the caller) or a {@link ThreadedExecutor} with a thread of the test's
 * standing in for the UI thread.
 */
public interface UiExecutor extends AutoCloseable {

    /** Queues {@code task} on its lane; callable from any thread. */
    <T> TaskHandle submit(BackgroundTask<T> task);

    /** Runs {@code action} on the UI thread: now when already on it, else as soon as it is free. */
    void onUi(Runnable action);

    /** The tasks queued or running, in submission order; changes on the UI thread. */
    ObservableList<TaskHandle> tasks();

    /** Stops the background threads; queued tasks are dropped. */
    @Override
    void close();

    /** What a task without its own failure handler does with its failure. */
    @FunctionalInterface
    interface FailureSink {
        void failed(String taskTitle, Throwable error);
    }

    /** The console's executor: handlers on the JavaFX application thread. */
    static UiExecutor fx(FailureSink unhandled) {
        return new ThreadedExecutor(javafx.application.Platform::runLater, javafx.application.Platform::isFxApplicationThread,
                unhandled);
    }

    /** Runs every task at once on the calling thread, handlers included: for view-model tests. */
    static UiExecutor currentThread(FailureSink unhandled) {
        return new CurrentThreadExecutor(unhandled);
    }
}
