package dev.tightrope.base;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads: every background thread of Tightrope is made here, so a thread dump says whose it is. */
public final class Threads {
    private Threads() {
    }

    /** A factory of daemon threads named {@code prefix-1}, {@code prefix-2}, … */
    public static ThreadFactory daemon(String prefix) {
        return daemon(prefix, 0);
    }

    /**
     * As {@link #daemon(String)} with a stack of {@code stackBytes} (0: the JVM's default), for
     * work that recurses deeply (graph layout, nested formats).
     */
    public static ThreadFactory daemon(String prefix, long stackBytes) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(null, r, prefix + "-" + n.incrementAndGet(), stackBytes);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Waits for {@code thread} to end even if interrupted, and keeps the interrupt: for a thread
     * that holds something (a connection) nobody may use again until it is done.
     */
    public static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
