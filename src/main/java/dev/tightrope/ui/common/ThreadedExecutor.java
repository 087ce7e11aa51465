package dev.tightrope.ui.common;

import dev.tightrope.base.Threads;
import dev.tightrope.domain.Cancellation;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Background lanes on named daemon threads (three readers, one writer, one long-job thread),
 * with every handler, property change and list change delivered through {@code ui}, the one
 * hop to the UI thread.
 */
public final class ThreadedExecutor implements UiExecutor {
    static final int READERS = 3;

    private final Executor ui;
    private final BooleanSupplier onUiThread;
    private final FailureSink unhandled;
    private final Map<Lane, ExecutorService> lanes = new EnumMap<>(Lane.class);
    private final ObservableList<TaskHandle> tasks = FXCollections.observableArrayList();

    /**
     * @param ui         runs a runnable on the UI thread (Platform::runLater, or a test's thread)
     * @param onUiThread whether the caller is on that thread
     * @param unhandled  hears failures of tasks that have no failure handler
     */
    public ThreadedExecutor(Executor ui, BooleanSupplier onUiThread, FailureSink unhandled) {
        this.ui = Objects.requireNonNull(ui, "ui");
        this.onUiThread = Objects.requireNonNull(onUiThread, "onUiThread");
        this.unhandled = Objects.requireNonNull(unhandled, "unhandled");
        lanes.put(Lane.READ, Executors.newFixedThreadPool(READERS, Threads.daemon("tightrope-read")));
        lanes.put(Lane.WRITE, Executors.newSingleThreadExecutor(Threads.daemon("tightrope-write")));
        lanes.put(Lane.LONG, Executors.newSingleThreadExecutor(Threads.daemon("tightrope-long")));
    }

    @Override
    public <T> TaskHandle submit(BackgroundTask<T> task) {
        Job<T> job = new Job<>(task);
        onUi(() -> tasks.add(job));
        try {
            lanes.get(task.lane()).execute(job);
        } catch (RejectedExecutionException closed) {
            onUi(() -> job.fail(new IllegalStateException("the console is closing; " + task.title() + " was not started")));
        }
        return job;
    }

    @Override
    public void onUi(Runnable action) {
        if (onUiThread.getAsBoolean()) {
            action.run();
        } else {
            ui.execute(action);
        }
    }

    @Override
    public ObservableList<TaskHandle> tasks() {
        return tasks;
    }

    @Override
    public void close() {
        lanes.values().forEach(ExecutorService::shutdownNow);
    }

    /** A task on its way: the worker runs {@link #run}, everything else happens on the UI thread. */
    private final class Job<T> extends HandleState implements TaskContext, Runnable {
        private final BackgroundTask<T> task;
        private final Cancellation cancellation = new Cancellation();
        private final AtomicReference<Progress> pendingProgress = new AtomicReference<>();
        private final AtomicBoolean progressScheduled = new AtomicBoolean();
        /** Set on the UI thread by {@link #cancel()}: from then on nothing of this task is delivered. */
        private boolean dropped;

        Job(BackgroundTask<T> task) {
            super(task.title(), task.lane(), State.QUEUED);
            this.task = task;
        }

        @Override
        public void run() {
            if (cancellation.isCancelled()) {
                return;
            }
            onUi(() -> {
                if (!dropped) {
                    state.set(State.RUNNING);
                }
            });
            T result;
            try {
                result = task.run(this);
            } catch (Throwable e) {
                onUi(() -> fail(e));
                return;
            }
            onUi(() -> succeed(result));
        }

        private void succeed(T result) {
            if (dropped) {
                return;
            }
            finish(State.SUCCEEDED);
            try {
                task.succeeded(result);
            } finally {
                task.finished();
            }
        }

        void fail(Throwable e) {
            if (dropped) {
                return;
            }
            finish(State.FAILED);
            try {
                if (!task.failed(e)) {
                    unhandled.failed(task.title(), e);
                }
            } finally {
                task.finished();
            }
        }

        private void finish(State end) {
            applyProgress();
            state.set(end);
            tasks.remove(this);
        }

        @Override
        public void cancel() {
            if (dropped || isDone()) {
                return;
            }
            dropped = true;
            cancellation.cancel();
            finish(State.CANCELLED);
            try {
                task.cancelled();
            } finally {
                task.finished();
            }
        }

        @Override
        public void requestStop() {
            cancellation.cancel();
        }

        @Override
        public void progress(double fraction, String text) {
            pendingProgress.set(new Progress(fraction, text));
            if (progressScheduled.compareAndSet(false, true)) {
                onUi(this::applyProgress);
            }
        }

        private void applyProgress() {
            progressScheduled.set(false);
            Progress p = pendingProgress.getAndSet(null);
            if (p != null && !dropped) {
                progress.set(p.fraction());
                if (p.message() != null) {
                    message.set(p.message());
                }
            }
        }

        @Override
        public Cancellation cancellation() {
            return cancellation;
        }
    }

    private record Progress(double fraction, String message) {
    }
}
