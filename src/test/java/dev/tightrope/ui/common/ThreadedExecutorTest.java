package dev.tightrope.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The background lanes, with a thread of the test standing in for the FX thread. */
@Timeout(60)
class ThreadedExecutorTest {
    private final AtomicReference<Thread> uiThread = new AtomicReference<>();
    private ExecutorService ui;
    private ThreadedExecutor executor;
    private final List<String> unhandled = new CopyOnWriteArrayList<>();
    /** Runnables the UI thread has finished, to know when a late delivery has had its chance. */
    private final java.util.concurrent.atomic.AtomicInteger uiRuns = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeEach
    void start() {
        ui = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "test-ui");
            uiThread.set(t);
            return t;
        });
        java.util.concurrent.Executor counted = r -> ui.execute(() -> {
            try {
                r.run();
            } finally {
                uiRuns.incrementAndGet();
            }
        });
        executor = new ThreadedExecutor(counted, () -> Thread.currentThread() == uiThread.get(),
                (title, error) -> unhandled.add(title + ": " + Errors.describe(error)));
    }

    @AfterEach
    void stop() {
        executor.close();
        ui.shutdownNow();
    }

    /** Runs {@code action} on the test's UI thread and waits for it (and everything queued before it). */
    private void onUi(Runnable action) throws Exception {
        ui.submit(action).get(20, TimeUnit.SECONDS);
    }

    private void drainUi() throws Exception {
        onUi(() -> { });
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(20, TimeUnit.SECONDS)).as("latch").isTrue();
    }

    @Test
    void handlersRunOnTheUiThreadAndWorkDoesNot() throws Exception {
        AtomicReference<String> workThread = new AtomicReference<>();
        AtomicReference<String> handlerThread = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        executor.submit(BackgroundTask.read("reading", () -> {
            workThread.set(Thread.currentThread().getName());
            return 42;
        }).onSuccess(v -> {
            handlerThread.set(Thread.currentThread().getName());
            done.countDown();
        }));
        await(done);
        assertThat(workThread.get()).startsWith("tightrope-read-");
        assertThat(handlerThread.get()).isEqualTo("test-ui");
    }

    @Test
    void theLatestRequestWinsAndTheSupersededOneNeverDelivers() throws Exception {
        CountDownLatch slowStarted = new CountDownLatch(1);
        CountDownLatch releaseSlow = new CountDownLatch(1);
        List<String> delivered = new CopyOnWriteArrayList<>();
        AtomicBoolean slowCancelled = new AtomicBoolean();
        CountDownLatch fastDone = new CountDownLatch(1);
        Latest slot = new Latest(executor);
        onUi(() -> slot.submit(BackgroundTask.read("slow", () -> {
            slowStarted.countDown();
            try {
                releaseSlow.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "slow";
        }).onSuccess(delivered::add).onCancelled(() -> slowCancelled.set(true))));
        await(slowStarted);
        onUi(() -> slot.submit(BackgroundTask.read("fast", () -> "fast").onSuccess(v -> {
            delivered.add(v);
            fastDone.countDown();
        })));
        await(fastDone);
        drainUi();
        int before = uiRuns.get();
        releaseSlow.countDown();
        // the slow task hops to the UI thread once more when its work returns: wait for that hop
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (uiRuns.get() == before && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(uiRuns.get()).as("the slow task came back").isGreaterThan(before);
        assertThat(delivered).containsExactly("fast");
        assertThat(slowCancelled).isTrue();
    }

    @Test
    void aCancelledQueuedTaskNeverRuns() throws Exception {
        CountDownLatch holdWriter = new CountDownLatch(1);
        CountDownLatch writerBusy = new CountDownLatch(1);
        AtomicBoolean secondRan = new AtomicBoolean();
        AtomicReference<TaskHandle> second = new AtomicReference<>();
        executor.submit(BackgroundTask.write("first", () -> {
            writerBusy.countDown();
            try {
                holdWriter.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 1;
        }));
        await(writerBusy);
        onUi(() -> second.set(executor.submit(BackgroundTask.write("second", () -> {
            secondRan.set(true);
            return 2;
        }))));
        onUi(() -> second.get().cancel());
        assertThat(second.get().stateProperty().get()).isEqualTo(TaskHandle.State.CANCELLED);
        holdWriter.countDown();
        CountDownLatch third = new CountDownLatch(1);
        executor.submit(BackgroundTask.write("third", () -> 3).onSuccess(v -> third.countDown()));
        await(third);
        assertThat(secondRan).isFalse();
    }

    @Test
    void aFailureWithoutHandlerReachesTheSinkWithItsTitleAndAWordedMessage() throws Exception {
        CountDownLatch finished = new CountDownLatch(1);
        executor.submit(BackgroundTask.read("Reading the overview", () -> {
            throw new NullPointerException();
        }).onFinished(finished::countDown));
        await(finished);
        assertThat(unhandled).singleElement().asString()
                .startsWith("Reading the overview: NullPointerException in ThreadedExecutorTest");
    }

    @Test
    void aFailureWithAHandlerIsTheHandlers() throws Exception {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        CountDownLatch finished = new CountDownLatch(1);
        executor.submit(BackgroundTask.read("reading", () -> {
            throw new IllegalStateException("the cache is closed");
        }).onFailure(seen::set).onFinished(finished::countDown));
        await(finished);
        assertThat(seen.get()).hasMessage("the cache is closed");
        assertThat(unhandled).isEmpty();
    }

    @Test
    void progressArrivesOnTheUiThreadAndTheLastValueIsKept() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<TaskHandle> handle = new AtomicReference<>();
        List<String> progressThreads = new CopyOnWriteArrayList<>();
        onUi(() -> {
            TaskHandle h = executor.submit(BackgroundTask.longRunning("syncing", ctx -> {
                for (int i = 1; i <= 1000; i++) {
                    ctx.progress(i / 1000.0, "record " + i);
                }
                return "ok";
            }).onSuccess(v -> done.countDown()));
            h.progressProperty().addListener((obs, old, p) -> progressThreads.add(Thread.currentThread().getName()));
            handle.set(h);
        });
        await(done);
        drainUi();
        assertThat(handle.get().progressProperty().get()).isEqualTo(1.0);
        assertThat(handle.get().messageProperty().get()).isEqualTo("record 1000");
        assertThat(progressThreads).isNotEmpty().allMatch("test-ui"::equals);
        assertThat(progressThreads.size()).as("updates are coalesced, not one hop per call").isLessThan(1000);
    }

    @Test
    void aStopRequestKeepsTheHandlersAndTellsTheWork() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        AtomicReference<String> result = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        TaskHandle h = executor.submit(BackgroundTask.longRunning("syncing", ctx -> {
            running.countDown();
            while (!ctx.isCancelled()) {
                Thread.onSpinWait();
            }
            return "stopped early";
        }).onSuccess(v -> {
            result.set(v);
            done.countDown();
        }));
        await(running);
        h.requestStop();
        await(done);
        assertThat(result.get()).isEqualTo("stopped early");
    }

    @Test
    void readsGoOnWhileTheWriteLaneWaitsAndWritesKeepTheirOrder() throws Exception {
        CountDownLatch holdWriter = new CountDownLatch(1);
        CountDownLatch writerBusy = new CountDownLatch(1);
        List<Integer> order = new CopyOnWriteArrayList<>();
        executor.submit(BackgroundTask.write("held", () -> {
            writerBusy.countDown();
            try {
                holdWriter.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }));
        await(writerBusy);
        CountDownLatch writesDone = new CountDownLatch(3);
        for (int i = 1; i <= 3; i++) {
            int n = i;
            executor.submit(BackgroundTask.write("write " + n, () -> n).onSuccess(v -> {
                order.add(v);
                writesDone.countDown();
            }));
        }
        CountDownLatch reads = new CountDownLatch(10);
        for (int i = 0; i < 10; i++) {
            executor.submit(BackgroundTask.read("read", () -> 1).onSuccess(v -> reads.countDown()));
        }
        await(reads);
        assertThat(order).as("writes wait for the held writer").isEmpty();
        holdWriter.countDown();
        await(writesDone);
        assertThat(order).containsExactly(1, 2, 3);
    }

    @Test
    void runningTasksAreListedUntilTheyEnd() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        executor.submit(BackgroundTask.longRunning("Syncing lake", ctx -> {
            started.countDown();
            try {
                hold.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 1;
        }).onFinished(done::countDown));
        await(started);
        drainUi();
        onUi(() -> assertThat(executor.tasks()).extracting(TaskHandle::title).containsExactly("Syncing lake"));
        hold.countDown();
        await(done);
        onUi(() -> assertThat(executor.tasks()).isEmpty());
    }

    @Test
    void aTaskSubmittedAfterCloseFailsInsteadOfVanishing() throws Exception {
        executor.close();
        AtomicReference<Throwable> error = new AtomicReference<>();
        CountDownLatch failed = new CountDownLatch(1);
        executor.submit(BackgroundTask.read("late", () -> 1).onFailure(e -> {
            error.set(e);
            failed.countDown();
        }));
        await(failed);
        assertThat(error.get()).hasMessageContaining("late was not started");
    }
}
