package dev.tightrope.ui.common;

import dev.tightrope.domain.Cancellation;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Runs each task to the end on the calling thread, handlers included, so a view-model test reads
 * like the feature: call the command, then look at the state. No toolkit, no waiting.
 */
final class CurrentThreadExecutor implements UiExecutor {
    private final FailureSink unhandled;
    private final ObservableList<TaskHandle> tasks = FXCollections.observableArrayList();

    CurrentThreadExecutor(FailureSink unhandled) {
        this.unhandled = unhandled;
    }

    @Override
    public <T> TaskHandle submit(BackgroundTask<T> task) {
        Done handle = new Done(task.title(), task.lane());
        T result;
        try {
            result = task.run(handle);
        } catch (Throwable e) {
            handle.state.set(TaskHandle.State.FAILED);
            try {
                if (!task.failed(e)) {
                    unhandled.failed(task.title(), e);
                }
            } finally {
                task.finished();
            }
            return handle;
        }
        handle.state.set(TaskHandle.State.SUCCEEDED);
        try {
            task.succeeded(result);
        } finally {
            task.finished();
        }
        return handle;
    }

    @Override
    public void onUi(Runnable action) {
        action.run();
    }

    @Override
    public ObservableList<TaskHandle> tasks() {
        return tasks;
    }

    @Override
    public void close() {
    }

    /** A task that has already run; cancelling it is too late and does nothing. */
    private static final class Done extends HandleState implements TaskContext {
        private final Cancellation cancellation = new Cancellation();

        Done(String title, Lane lane) {
            super(title, lane, State.RUNNING);
        }

        @Override
        public void progress(double fraction, String text) {
            progress.set(fraction);
            if (text != null) {
                message.set(text);
            }
        }

        @Override
        public Cancellation cancellation() {
            return cancellation;
        }

        @Override
        public void cancel() {
        }

        @Override
        public void requestStop() {
            cancellation.cancel();
        }
    }
}
