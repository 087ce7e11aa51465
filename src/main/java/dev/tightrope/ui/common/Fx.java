package dev.tightrope.ui.common;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;

/**
 * The one way to go to the background and the one way to come back. Work runs on named
 * daemon threads; results and errors come back on the FX thread.
 */
public final class Fx {
    private static final ExecutorService BACKGROUND = Executors.newFixedThreadPool(3, named("tightrope-bg"));
    private static final ExecutorService SYNC = Executors.newSingleThreadExecutor(named("tightrope-sync"));

    private Fx() {
    }

    /** Runs {@code action} on the FX thread (now, when already on it). */
    public static void onFx(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }

    /** Runs {@code work} in the background; {@code onSuccess} or {@code onError} runs on the FX thread. */
    public static <T> void background(Supplier<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        BACKGROUND.execute(() -> run(work, onSuccess, onError));
    }

    /** Long write work (syncs, demo loading) on its own thread so reads stay responsive. */
    public static <T> void longRunning(Supplier<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        SYNC.execute(() -> run(work, onSuccess, onError));
    }

    private static <T> void run(Supplier<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        try {
            T result = work.get();
            onFx(() -> onSuccess.accept(result));
        } catch (RuntimeException | Error e) {
            onFx(() -> onError.accept(e));
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
