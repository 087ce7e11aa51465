package dev.tightrope.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The SQLite cache: WAL mode, foreign keys, forward-only migrations ({@link Migrations}). One
 * writer connection (guarded by a lock), a small pool of readers that see the last committed
 * state ({@link ReaderPool}).
 *
 * <p>The cache is two files: {@code cache.db} and, next to it, the lineage file
 * ({@code cache-lineage.db}) holding the edges, attached to every connection as {@code lineage}
 * so queries join across both. A sync merges its edges there on a second connection while the
 * assets merge here (SQLite lets one connection write a file at a time). See {@link LineageStore}
 * for how a run's two commits stay consistent, and {@link LineageRecovery} for how opening the
 * cache, and the start of each run, finish what a crash between them left.
 */
public final class Database implements AutoCloseable {

    /** The schema version of {@code cache.db} this build writes: the number of its migrations. */
    public static final int SCHEMA_VERSION = Migrations.CACHE.size();
    public static final int LINEAGE_SCHEMA_VERSION = Migrations.LINEAGE.size();
    private static final int READERS = 4;
    private static final System.Logger LOG = System.getLogger(Database.class.getName());

    private final Path file;
    private final Path lineageFile;
    private final Connection writer;
    /** Writes the lineage file during a sync, in parallel with {@link #writer}; used under the write lock. */
    private final Connection lineageWriter;
    private final List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Copies large committed WALs into the database files off the committing thread. */
    private final java.util.concurrent.ExecutorService checkpointer = java.util.concurrent.Executors.newSingleThreadExecutor(
            dev.tightrope.base.Threads.daemon("tightrope-checkpoint"));
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReaderPool readers;
    private final LineageRecovery recovery;
    private final UrnKeys urnKeys;
    private volatile boolean closed;

    private Database(Path file, Path lineageFile, Connection writer, Connection lineageWriter, UrnKeys urnKeys) {
        this.file = file;
        this.lineageFile = lineageFile;
        this.writer = writer;
        this.lineageWriter = lineageWriter;
        this.urnKeys = urnKeys;
        this.readers = new ReaderPool(file, lineageFile, READERS);
        this.recovery = new LineageRecovery(this, writer, lineageWriter, lineageFile, notices);
    }

    /** The lineage file that goes with the cache {@code cacheFile}: {@code cache.db} has {@code cache-lineage.db}. */
    public static Path lineageFileFor(Path cacheFile) {
        String name = cacheFile.getFileName().toString();
        String base = name.endsWith(".db") ? name.substring(0, name.length() - 3) : name;
        return cacheFile.resolveSibling(base + "-lineage.db");
    }

    /** Opens (creating if needed) and migrates the cache; refuses a cache from a newer build. */
    public static Database open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new CacheException("Cannot create the directory for the cache " + file + ": " + e.getMessage(), e);
        }
        Connection writer = connect(file);
        Connection lineageWriter = null;
        Path lineage = lineageFileFor(file);
        try {
            int version = Migrations.userVersion(writer);
            if (version > SCHEMA_VERSION) {
                writer.close();
                throw new IncompatibleCacheException(file, version, SCHEMA_VERSION);
            }
            lineageWriter = connectLineage(lineage);
            attachLineage(writer, lineage);
            stageInFiles(writer);
            stageInFiles(lineageWriter);
            Migrations.migrate(writer, version, Migrations.CACHE, "migrations/");
            UrnKeys keys = new UrnKeys(hashKey(writer));
            Database db = new Database(file, lineage, writer, lineageWriter, keys);
            db.recovery.pair();
            db.maintainOnOpen();
            return db;
        } catch (SQLException e) {
            closeQuietly(writer);
            if (lineageWriter != null) {
                closeQuietly(lineageWriter);
            }
            throw new CacheException(describe(file, e), e);
        } catch (RuntimeException e) {
            closeQuietly(writer);
            if (lineageWriter != null) {
                closeQuietly(lineageWriter);
            }
            throw e;
        }
    }

    /** Opens the lineage file on its own connection, creating and migrating it; refuses a newer one. */
    private static Connection connectLineage(Path lineage) throws SQLException {
        Connection c = connect(lineage);
        try {
            int version = Migrations.userVersion(c);
            if (version > LINEAGE_SCHEMA_VERSION) {
                throw new IncompatibleCacheException(lineage, version, LINEAGE_SCHEMA_VERSION);
            }
            Migrations.migrate(c, version, Migrations.LINEAGE, "lineage/");
            return c;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            if (e instanceof SQLException sql) {
                throw new CacheException(describe(lineage, sql), sql);
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * A writer's temporary tables (a sync's staging) and sorts spill to a file, not memory, so a
     * million-asset run stays small in RAM. Set once: it cannot change inside a transaction.
     */
    private static void stageInFiles(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA temp_store=FILE");
        }
    }

    static void attachLineage(Connection c, Path lineage) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("ATTACH DATABASE ? AS lineage")) {
            ps.setString(1, lineage.toAbsolutePath().toString());
            ps.execute();
        }
        try (Statement s = c.createStatement()) {
            // the only writes through the attachment remove a source's edges, which must be on disk
            // before the source itself is removed
            s.execute("PRAGMA lineage.synchronous=FULL");
            s.execute("PRAGMA lineage.cache_size=-32768");
            s.execute("PRAGMA lineage.mmap_size=268435456");
        }
    }

    /**
     * Marks runs a dead process left RUNNING as interrupted and finishes the lineage commits it
     * left half done. Only when no other process is writing: the cache's write lock is tried
     * without waiting, and a process that is syncing holds it from the start of its run until
     * the cache commits, so its run is neither called interrupted nor its staged edges touched.
     */
    private void maintainOnOpen() throws SQLException {
        writeLock.lock();
        try {
            try {
                busyTimeout(writer, 0);
                beginImmediate();
            } catch (SQLException e) {
                if (isBusy(e)) {
                    LOG.log(System.Logger.Level.INFO, "another process is writing to " + file + "; its sync runs are left to it");
                    return;
                }
                throw e;
            } finally {
                busyTimeout(writer, BUSY_TIMEOUT_MS);
            }
            try {
                recovery.markInterruptedRuns();
                recovery.finishInterruptedCommit(false);
                commitWriter();
            } catch (SQLException | RuntimeException e) {
                rollbackWriter();
                throw e;
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Finishes what a process that died between a sync's two commits left in the lineage file:
     * replays the edge merge of a run the cache recorded as succeeded, discards any other. The
     * caller holds the cache's write transaction (a sync run about to start), so no other
     * process is part-way through a run.
     */
    void recoverLineage() {
        if (!writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("recovering the lineage needs the cache's write lock");
        }
        try {
            recovery.finishInterruptedCommit(true);
        } catch (SQLException e) {
            throw new CacheException("Cannot finish the interrupted lineage commit in " + lineageFile + ": " + e.getMessage(), e);
        }
    }

    static final int BUSY_TIMEOUT_MS = 10_000;

    static void busyTimeout(Connection c, int millis) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = " + millis);
        }
    }

    static boolean isBusy(SQLException e) {
        return (e.getErrorCode() & 0xff) == 5 || String.valueOf(e.getMessage()).contains("SQLITE_BUSY");
    }

    /**
     * Schedules a checkpoint of both files on a connection of its own. A sync run commits with
     * automatic checkpoints off, so its commit returns once the run is in the write-ahead log and
     * on disk; copying hundreds of megabytes into the database files then happens here, while
     * readers already see the run. PASSIVE: it never blocks readers or the writer.
     */
    void checkpointSoon() {
        if (closed) {
            return;
        }
        try {
            checkpointer.execute(() -> {
                for (Path f : new Path[] {file, lineageFile}) {
                    if (closed || walBytes(f) < CHECKPOINT_WAL_BYTES) {
                        continue;
                    }
                    try (Connection c = connect(f); Statement s = c.createStatement()) {
                        s.execute("PRAGMA wal_checkpoint(PASSIVE)");
                    } catch (SQLException | RuntimeException e) {
                        LOG.log(System.Logger.Level.DEBUG, "background checkpoint of " + f + " did not finish: " + e.getMessage());
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException ignored) {
            // closing: the last connection to close checkpoints anyway
        }
    }

    /** About what automatic checkpoints would wait for (1,000 pages of 8 KB): smaller logs are left to them. */
    private static final long CHECKPOINT_WAL_BYTES = 8L << 20;

    private static long walBytes(Path f) {
        try {
            return Files.size(f.resolveSibling(f.getFileName() + "-wal"));
        } catch (IOException e) {
            return 0;
        }
    }

    /** What opening the cache had to repair, in words for the user (empty when nothing). */
    public List<String> notices() {
        return List.copyOf(notices);
    }

    public Path lineageFile() {
        return lineageFile;
    }

    /**
     * The lineage file's own writer, for a sync run that holds {@link #acquireWriter(boolean)}: its
     * edges merge there while the assets merge on the cache's writer.
     */
    Connection lineageWriter() {
        if (!writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("the lineage writer is only lent to the holder of the write lock");
        }
        return lineageWriter;
    }

    void rollbackLineageWriter() {
        try (Statement s = lineageWriter.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // nothing was open
        }
    }

    static String metaValue(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static void putMeta(Connection c, String name, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO meta(name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, name);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }

    /** The first column of the first row of {@code sql}, 0 when there is none. */
    static long scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    static String describe(Path file, SQLException e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        if (msg.contains("SQLITE_NOTADB") || msg.contains("not a database") || msg.contains("SQLITE_CORRUPT")) {
            return "The cache " + file + " is not a readable Tightrope cache (" + msg + "). "
                    + "Move it away and sync again, or open another workspace.";
        }
        return "Cannot open the cache " + file + ": " + msg;
    }

    static Connection connect(Path file) {
        Properties props = new Properties();
        props.setProperty("foreign_keys", "true");
        props.setProperty("busy_timeout", "10000");
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), props);
            try (Statement s = c.createStatement()) {
                // only takes effect on a new, empty file: larger pages make the bulk ingest's B-trees shallower
                s.execute("PRAGMA page_size=8192");
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA foreign_keys=ON");
                s.execute("PRAGMA temp_store=MEMORY");
                s.execute("PRAGMA cache_size=-65536");
                s.execute("PRAGMA mmap_size=268435456");
            }
            return c;
        } catch (SQLException e) {
            throw new CacheException(describe(file, e), e);
        }
    }

    /** The per-cache secret for URN keys: an attacker who controls a source cannot aim collisions. */
    private static byte[] hashKey(Connection c) throws SQLException {
        String known = metaValue(c, "urn_key");
        if (known != null) {
            return HexFormat.of().parseHex(known);
        }
        byte[] key = randomBytes(16);
        putMeta(c, "urn_key", HexFormat.of().formatHex(key));
        return key;
    }

    public UrnKeys urnKeys() {
        return urnKeys;
    }

    /**
     * This cache's random identity (32 hex digits), created with the first call and kept in the
     * cache: it names the audit log ({@code tightrope.dev/audit/<id>}), so a cache replaced by
     * another starts a log that no earlier checkpoint can be mistaken for.
     */
    public String workspaceId() {
        String known = read(c -> metaValue(c, "workspace_id"));
        if (known != null) {
            return known;
        }
        return write(c -> {
            String raced = metaValue(c, "workspace_id");
            if (raced != null) {
                return raced;
            }
            String hex = HexFormat.of().formatHex(randomBytes(16));
            putMeta(c, "workspace_id", hex);
            return hex;
        });
    }

    /** Runs {@code work} on a reader connection: a consistent snapshot of the last commit. */
    public <T> T read(SqlFunction<T> work) {
        ensureOpen();
        return readers.read(work);
    }

    /** Runs {@code work} in one write transaction (BEGIN IMMEDIATE): all of it commits, or none. */
    public <T> T write(SqlFunction<T> work) {
        ensureOpen();
        writeLock.lock();
        try {
            beginImmediate();
            try {
                T result = work.apply(writer);
                commitWriter();
                return result;
            } catch (RuntimeException | SQLException e) {
                rollbackWriter();
                throw e;
            }
        } catch (SQLException e) {
            throw new CacheException("Cache write failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * What has been written to the cache so far: rows changed through this process's writer and
     * the file's version as other processes commit (SQLite's total_changes and data_version). Two
     * equal marks mean nothing was written in between. Empty while a write is under way (a sync
     * holds the writer): then nothing can be said without waiting for it.
     */
    public record ChangeMark(long changes, long version) {
    }

    public java.util.Optional<ChangeMark> changeMark() {
        ensureOpen();
        if (!writeLock.tryLock()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(changeMark(writer));
        } catch (SQLException e) {
            return java.util.Optional.empty();
        } finally {
            writeLock.unlock();
        }
    }

    /** The mark as seen from inside a write on the writer (the rows this transaction changed included). */
    static ChangeMark changeMark(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            long changes;
            try (ResultSet rs = s.executeQuery("SELECT total_changes()")) {
                rs.next();
                changes = rs.getLong(1);
            }
            try (ResultSet rs = s.executeQuery("PRAGMA main.data_version")) {
                rs.next();
                return new ChangeMark(changes, rs.getLong(1));
            }
        }
    }

    /**
     * Takes the writer for a long transaction (a sync run). The caller must call
     * {@link #commitWriter()} or {@link #rollbackWriter()} and then {@link #releaseWriter()}.
     * {@code durable} makes the commit wait until the transaction is
     * on disk (synchronous=FULL), which a sync run needs before its lineage edges commit in the
     * other file: without it a power cut could keep the edges and lose the run they belong to.
     */
    Connection acquireWriter(boolean durable) {
        ensureOpen();
        writeLock.lock();
        try {
            if (durable) {
                try (Statement s = writer.createStatement()) {
                    s.execute("PRAGMA synchronous=FULL");
                }
            }
            beginImmediate();
            return writer;
        } catch (SQLException e) {
            writeLock.unlock();
            throw new CacheException("Cannot start writing to the cache: " + e.getMessage()
                    + (e.getMessage() != null && e.getMessage().contains("BUSY")
                    ? " (another Tightrope process is writing; try again when it is done)" : ""), e);
        }
    }

    void commitWriter() throws SQLException {
        try (Statement s = writer.createStatement()) {
            s.execute("COMMIT");
        }
    }

    void rollbackWriter() {
        try (Statement s = writer.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // nothing was open, or the connection is gone; either way nothing was committed
        }
    }

    void releaseWriter() {
        try (Statement s = writer.createStatement()) {
            s.execute("PRAGMA synchronous=NORMAL");
        } catch (SQLException ignored) {
            // the next durable run sets it again; NORMAL is only the faster setting
        }
        writeLock.unlock();
    }

    /**
     * Takes the cache file's write lock now, as BEGIN IMMEDIATE would, but not the lineage
     * file's: BEGIN IMMEDIATE locks every attached file, and during a sync the lineage file is
     * written by its own connection. A write statement locks only the file it names.
     */
    void beginImmediate() throws SQLException {
        try (Statement s = writer.createStatement()) {
            s.execute("BEGIN");
            try {
                s.execute("UPDATE main.meta SET value = value WHERE 0");
            } catch (SQLException e) {
                s.execute("ROLLBACK");
                throw e;
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new CacheException("the cache " + file + " is closed");
        }
    }

    /**
     * PRAGMA integrity_check and foreign_key_check, plus the references the ingest guarantees
     * instead of row-by-row foreign keys (edges and owners point at existing assets); "ok" when
     * all hold.
     */
    public String integrityCheck() {
        return read(c -> {
            List<String> problems = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                    while (rs.next()) {
                        if (!"ok".equals(rs.getString(1))) {
                            problems.add(rs.getString(1));
                        }
                    }
                }
                try (ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
                    while (rs.next()) {
                        problems.add("row " + rs.getLong(2) + " of " + rs.getString(1) + " refers to a missing " + rs.getString(3));
                    }
                }
                try (ResultSet rs = s.executeQuery("""
                        SELECT 'edge(s) refer to a missing asset', count(*) FROM edges e
                            WHERE NOT EXISTS (SELECT 1 FROM assets a WHERE a.key = e.up_key)
                               OR NOT EXISTS (SELECT 1 FROM assets a WHERE a.key = e.down_key)
                        UNION ALL
                        SELECT 'owner claim(s) refer to a missing asset', count(*) FROM owners o
                            WHERE NOT EXISTS (SELECT 1 FROM assets a WHERE a.key = o.asset_key)
                        UNION ALL
                        SELECT 'edge(s) refer to a missing source', count(*) FROM edges e
                            WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.id = e.source_id)""")) {
                    while (rs.next()) {
                        if (rs.getLong(2) > 0) {
                            problems.add(rs.getLong(2) + " " + rs.getString(1));
                        }
                    }
                }
            }
            return problems.isEmpty() ? "ok" : String.join("\n", problems);
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        writeLock.lock();
        try {
            closed = true;
            checkpointer.shutdown();
            try {
                checkpointer.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try (Statement s = writer.createStatement()) {
                // best effort, and never a wait on another process that is writing
                s.execute("PRAGMA busy_timeout = 0");
                s.execute("PRAGMA optimize");
            } catch (SQLException ignored) {
                // optimisation is best effort
            }
            readers.close();
            closeQuietly(lineageWriter);
            closeQuietly(writer);
        } finally {
            writeLock.unlock();
        }
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing is best effort
        }
    }
}
