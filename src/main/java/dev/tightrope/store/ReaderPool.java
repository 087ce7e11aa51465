package dev.tightrope.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The cache's readers: a few connections, opened on first need, each with the lineage file
 * attached, each read one transaction that sees the last commit (WAL mode lets them run beside
 * the writer). A read waits only when every reader is busy.
 */
final class ReaderPool {

    private final Path file;
    private final Path lineageFile;
    private final int size;
    private final BlockingQueue<Connection> idle;
    private final List<Connection> all = new ArrayList<>();
    private boolean closed;

    ReaderPool(Path file, Path lineageFile, int size) {
        this.file = file;
        this.lineageFile = lineageFile;
        this.size = size;
        this.idle = new ArrayBlockingQueue<>(size);
    }

    /** Runs {@code work} on a reader connection: a consistent snapshot of the last commit. */
    <T> T read(SqlFunction<T> work) {
        Connection c = borrow();
        try {
            c.setAutoCommit(false);
            try {
                return work.apply(c);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new CacheException("Cache read failed: " + e.getMessage(), e);
        } finally {
            idle.add(c);
        }
    }

    /** A reader from the pool, opened on first need (up to the pool's size); waits when all are busy. */
    private Connection borrow() {
        Connection c = idle.poll();
        if (c != null) {
            return c;
        }
        synchronized (all) {
            if (all.size() < size) {
                if (closed) {
                    throw new CacheException("the cache " + file + " is closed");
                }
                Connection fresh = Database.connect(file);
                try {
                    Database.attachLineage(fresh, lineageFile);
                } catch (SQLException e) {
                    Database.closeQuietly(fresh);
                    throw new CacheException(Database.describe(lineageFile, e), e);
                }
                all.add(fresh);
                return fresh;
            }
        }
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CacheException("interrupted while waiting for the cache", e);
        }
    }

    /** Closes every reader; a read already running fails, none opens a reader again. */
    void close() {
        synchronized (all) {
            closed = true;
            for (Connection c : all) {
                Database.closeQuietly(c);
            }
        }
    }
}
