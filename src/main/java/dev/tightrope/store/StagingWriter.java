package dev.tightrope.store;

import dev.tightrope.base.Threads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Inserts a sync run's staged rows on a thread of its own, fed in chunks by the connector's
 * thread, so turning records into rows and inserting them use two cores. Each row is an array:
 * element 0 the {@link Batch} it belongs to, the rest its parameters. A failure is kept and
 * rethrown to the connector's thread at its next row or at {@link #drain}.
 */
final class StagingWriter {
    /** Rows handed from the connector's thread to the writer at a time. */
    static final int CHUNK = 1_000;
    private static final List<Object[]> END = new ArrayList<>();

    private final BlockingQueue<List<Object[]>> queue = new ArrayBlockingQueue<>(16);
    private final Batch[] batches;
    private final Thread thread;
    private List<Object[]> chunk = new ArrayList<>(CHUNK);
    private volatile Throwable error;
    /** Time spent inserting (not waiting), for the trace. */
    volatile long busyNanos;

    StagingWriter(String name, Batch... batches) {
        this.batches = batches;
        thread = Threads.daemon(name).newThread(this::run);
        thread.start();
    }

    void stage(Object[] row, String source) {
        if (error != null) {
            throw new CacheException("Staging the sync of " + source + " failed: " + error.getMessage(), error);
        }
        chunk.add(row);
        if (chunk.size() >= CHUNK) {
            handOver(source);
        }
    }

    private void handOver(String source) {
        try {
            queue.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CacheException("interrupted while staging the sync of " + source, e);
        }
        chunk = new ArrayList<>(CHUNK);
    }

    private void run() {
        try {
            while (true) {
                List<Object[]> rows = queue.take();
                if (rows == END) {
                    for (Batch b : batches) {
                        b.flush();
                    }
                    return;
                }
                if (error != null) {
                    continue;
                }
                long t0 = System.nanoTime();
                busyNanos -= t0;
                for (Object[] row : rows) {
                    Batch b = (Batch) row[0];
                    for (int i = 1; i < row.length; i++) {
                        b.ps.setObject(i, row[i]);
                    }
                    b.add();
                }
                busyNanos += System.nanoTime();
            }
        } catch (Throwable e) {
            // any failure, an Error too: the connector's thread must not commit a run with rows missing
            error = e;
            queue.clear();
        }
    }

    /** Waits until every queued row is inserted; rethrows a writer failure. */
    void drain(String source) {
        handOver(source);
        try {
            while (!queue.offer(END, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (!thread.isAlive()) {
                    break;
                }
            }
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CacheException("interrupted while staging the sync of " + source, e);
        }
        if (error != null) {
            throw new CacheException("Staging the sync of " + source + " failed: " + error.getMessage(), error);
        }
    }

    /** Stops without waiting for queued rows (the run is being thrown away). */
    void stop() {
        error = error == null ? new CacheException("the run was abandoned") : error;
        queue.clear();
        queue.offer(END);
        Threads.joinUninterruptibly(thread);
    }
}
