package dev.tightrope.ui.common;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One piece of background work, described once and handed to a {@link UiExecutor}: what it is
 * called (the user reads it in progress and in errors), which {@link Lane} it runs on, the work,
 * and what happens on the UI thread afterwards. A task without a failure handler reports its
 * failure to the console's notifications under its title, so no failure is ever silent.
 *
 * <pre>{@code
 * executor.submit(BackgroundTask.read("Loading the overview", () -> inventory.overview(12))
 *         .onSuccess(this::show));
 * }</pre>
 *
 * @param <T> the result
 */
public final class BackgroundTask<T> {
    private final String title;
    private final Lane lane;
    private final Function<TaskContext, T> work;
    private Consumer<? super T> onSuccess = result -> { };
    private Consumer<Throwable> onFailure;
    private Runnable onCancelled = () -> { };
    private Runnable onFinished = () -> { };

    private BackgroundTask(String title, Lane lane, Function<TaskContext, T> work) {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("a background task needs a title the user can read");
        }
        this.title = title;
        this.lane = Objects.requireNonNull(lane, "lane");
        this.work = Objects.requireNonNull(work, "work");
    }

    /** A query on the read pool. */
    public static <T> BackgroundTask<T> read(String title, Supplier<T> work) {
        Objects.requireNonNull(work, "work");
        return new BackgroundTask<>(title, Lane.READ, ctx -> work.get());
    }

    /**
     * A query on the read pool that can be told to stop: {@code work} gets the task's context, whose
     * cancellation it hands to the service (a Test connection waiting on a slow server).
     */
    public static <T> BackgroundTask<T> cancellableRead(String title, Function<TaskContext, T> work) {
        return new BackgroundTask<>(title, Lane.READ, work);
    }

    /** A user's write, queued on the one write thread. */
    public static <T> BackgroundTask<T> write(String title, Supplier<T> work) {
        Objects.requireNonNull(work, "work");
        return new BackgroundTask<>(title, Lane.WRITE, ctx -> work.get());
    }

    /** A long job (sync, scan) that reports progress and checks for cancellation. */
    public static <T> BackgroundTask<T> longRunning(String title, Function<TaskContext, T> work) {
        return new BackgroundTask<>(title, Lane.LONG, work);
    }

    /** Runs on the UI thread with the result, unless the task was cancelled or superseded. */
    public BackgroundTask<T> onSuccess(Consumer<? super T> handler) {
        this.onSuccess = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /** Runs on the UI thread with the failure instead of the console's notifications. */
    public BackgroundTask<T> onFailure(Consumer<Throwable> handler) {
        this.onFailure = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /** Runs on the UI thread when the task was cancelled by the user (not when superseded). */
    public BackgroundTask<T> onCancelled(Runnable handler) {
        this.onCancelled = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /** Runs on the UI thread after success, failure or cancellation (for busy flags). */
    public BackgroundTask<T> onFinished(Runnable handler) {
        this.onFinished = Objects.requireNonNull(handler, "handler");
        return this;
    }

    public String title() {
        return title;
    }

    public Lane lane() {
        return lane;
    }

    T run(TaskContext context) {
        return work.apply(context);
    }

    void succeeded(T result) {
        onSuccess.accept(result);
    }

    /** False when nobody asked to hear about failures: the executor then notifies the user. */
    boolean failed(Throwable error) {
        if (onFailure == null) {
            return false;
        }
        onFailure.accept(error);
        return true;
    }

    void cancelled() {
        onCancelled.run();
    }

    void finished() {
        onFinished.run();
    }
}
