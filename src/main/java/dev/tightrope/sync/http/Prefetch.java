package dev.tightrope.sync.http;

import dev.tightrope.sync.ConnectorException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads many small answers (one per run, one per model) with a few requests in flight instead of
 * one, and hands each answer back in order on the caller's thread, so the connector's mapping and
 * the sink stay single-threaded. A failed read is delivered where it falls, as the
 * {@link Answer#get()} of its item; the caller decides whether it is one record's problem or the
 * end of the sync. Cancelling (an interrupt) stops the reads in flight.
 */
public final class Prefetch {

    /** How many requests a connector keeps in flight: enough to hide the round trip, few enough to be polite. */
    public static final int DEFAULT_CONCURRENCY = 4;

    private Prefetch() {
    }

    /** One read. */
    @FunctionalInterface
    public interface Read<T, R> {
        R apply(T item) throws ConnectorException, InterruptedException;
    }

    /** One item's answer, or the failure reading it. */
    @FunctionalInterface
    public interface Answer<R> {
        R get() throws ConnectorException, InterruptedException;
    }

    /** What to do with each item's answer, in the items' order. */
    @FunctionalInterface
    public interface Use<T, R> {
        void accept(T item, Answer<R> answer) throws ConnectorException, InterruptedException;
    }

    public static <T, R> void inOrder(List<T> items, int concurrency, Read<T, R> read, Use<T, R> use)
            throws ConnectorException, InterruptedException {
        if (concurrency <= 1 || items.size() <= 1) {
            for (T item : items) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("cancelled");
                }
                use.accept(item, () -> read.apply(item));
            }
            return;
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, items.size()), r -> {
            Thread t = new Thread(r, "tightrope-prefetch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            Deque<Future<R>> window = new ArrayDeque<>();
            int next = 0;
            for (; next < items.size() && window.size() < concurrency * 2; next++) {
                T item = items.get(next);
                window.add(pool.submit(() -> read.apply(item)));
            }
            for (T item : items) {
                Future<R> head = window.removeFirst();
                if (next < items.size()) {
                    T ahead = items.get(next++);
                    window.add(pool.submit(() -> read.apply(ahead)));
                }
                use.accept(item, () -> outcome(head));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static <R> R outcome(Future<R> f) throws ConnectorException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConnectorException ce) {
                throw ce;
            }
            if (cause instanceof InterruptedException ie) {
                throw ie;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }
}
