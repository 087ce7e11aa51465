package dev.tightrope.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The SQLite cache: WAL mode, foreign keys, forward-only migrations. One writer connection
 * (guarded by a lock), a small pool of readers that see the last committed state.
 *
 * <p>The cache is two files: {@code cache.db} and, next to it, the lineage file
 * ({@code cache-lineage.db}) holding the edges, attached to every connection as {@code lineage}
 * so queries join across both. A sync merges its edges there on a second connection while the
 * assets merge here (SQLite lets one connection write a file at a time). See {@link LineageStore}
 * for how a run's two commits stay consistent.
 */
public final class Database implements AutoCloseable {

    /** Migrations in order; the schema version is the number of migrations applied. */
    private static final List<String> MIGRATIONS = List.of("V001__initial.sql", "V002__audit_log.sql", "V003__lineage_file.sql",
            "V004__search_kind_and_risk_index.sql");
    /** The lineage file's migrations; its version is kept in its own user_version. */
    private static final List<String> LINEAGE_MIGRATIONS = List.of("L001__lineage.sql");

    public static final int SCHEMA_VERSION = MIGRATIONS.size();
    public static final int LINEAGE_SCHEMA_VERSION = LINEAGE_MIGRATIONS.size();
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
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private final List<Connection> allReaders = new ArrayList<>();
    private final UrnKeys urnKeys;
    private volatile boolean closed;

    private Database(Path file, Path lineageFile, Connection writer, Connection lineageWriter, UrnKeys urnKeys) {
        this.file = file;
        this.lineageFile = lineageFile;
        this.writer = writer;
        this.lineageWriter = lineageWriter;
        this.urnKeys = urnKeys;
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
            int version = userVersion(writer);
            if (version > SCHEMA_VERSION) {
                writer.close();
                throw new IncompatibleCacheException(file, version, SCHEMA_VERSION);
            }
            lineageWriter = connectLineage(lineage);
            attachLineage(writer, lineage);
            stageInFiles(writer);
            stageInFiles(lineageWriter);
            migrate(writer, version, MIGRATIONS, "migrations/");
            UrnKeys keys = new UrnKeys(hashKey(writer));
            Database db = new Database(file, lineage, writer, lineageWriter, keys);
            db.pairLineage();
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
            int version = userVersion(c);
            if (version > LINEAGE_SCHEMA_VERSION) {
                throw new IncompatibleCacheException(lineage, version, LINEAGE_SCHEMA_VERSION);
            }
            migrate(c, version, LINEAGE_MIGRATIONS, "lineage/");
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

    private static void attachLineage(Connection c, Path lineage) throws SQLException {
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
     * The cache and its lineage file carry the same random id. A lineage file that is missing or
     * belongs to another cache is emptied, and every source's cursor is cleared, so each source's
     * next sync reads everything again and restores its edges.
     */
    private void pairLineage() throws SQLException {
        String ours = metaValue(writer, "lineage_id");
        String theirs = metaValue(lineageWriter, "cache_id");
        if (ours != null && ours.equals(theirs)) {
            return;
        }
        // under the cache's write lock (no sync of another process is part-way), the lineage file
        // is reset and committed first, then the cache records the pairing and clears the cursors:
        // a crash in between leaves the pair mismatched, and the next open does it all again
        beginImmediate();
        try {
            ours = metaValue(writer, "lineage_id");
            theirs = metaValue(lineageWriter, "cache_id");
            if (ours != null && ours.equals(theirs)) {
                commitWriter();
                return;
            }
            boolean hadRuns = scalar(writer, "SELECT count(*) FROM sync_runs WHERE status LIKE 'SUCCEEDED%'") > 0;
            String id = ours != null ? ours : HexFormat.of().formatHex(randomBytes(16));
            try (Statement s = lineageWriter.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                try {
                    s.execute("DELETE FROM edges");
                    s.execute("DELETE FROM staged_edges");
                    s.execute("DELETE FROM staged_runs");
                    putMeta(lineageWriter, "cache_id", id);
                    s.execute("COMMIT");
                } catch (SQLException e) {
                    rollbackLineageWriter();
                    throw e;
                }
            }
            putMeta(writer, "lineage_id", id);
            if (hadRuns) {
                try (Statement s = writer.createStatement()) {
                    s.executeUpdate("UPDATE sources SET cursor = NULL");
                }
            }
            commitWriter();
            if (hadRuns) {
                notices.add("The lineage file " + lineageFile + " was missing or belonged to another cache, so it was "
                        + "started afresh. Sync each source again to restore its lineage edges (the next sync of "
                        + "every source reads everything).");
            }
        } catch (SQLException | RuntimeException e) {
            rollbackWriter();
            throw e;
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
                markInterruptedRuns();
                recoverLineageLocked(false);
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
            recoverLineageLocked(true);
        } catch (SQLException e) {
            throw new CacheException("Cannot finish the interrupted lineage commit in " + lineageFile + ": " + e.getMessage(), e);
        }
    }

    private void recoverLineageLocked(boolean wait) throws SQLException {
        if (scalar(lineageWriter, "SELECT (SELECT count(*) FROM (SELECT 1 FROM staged_runs LIMIT 1))"
                + " + (SELECT count(*) FROM (SELECT 1 FROM staged_edges LIMIT 1))") == 0) {
            return;
        }
        try (Statement s = lineageWriter.createStatement()) {
            if (!wait) {
                busyTimeout(lineageWriter, 0);
            }
            s.execute("BEGIN IMMEDIATE");
        } catch (SQLException e) {
            if (!wait && isBusy(e)) {
                // the process whose run this is has committed it in the cache and is committing here now
                return;
            }
            throw e;
        } finally {
            busyTimeout(lineageWriter, BUSY_TIMEOUT_MS);
        }
        try {
            // read under the lock: what was staged before may have been committed since by its own process
            List<long[]> staged = new ArrayList<>();
            try (Statement s = lineageWriter.createStatement();
                 ResultSet rs = s.executeQuery("SELECT run_id, source_id, started_at, full_sync FROM staged_runs")) {
                while (rs.next()) {
                    staged.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)});
                }
            }
            for (long[] run : staged) {
                String status = runStatus(run[0]);
                if (status != null && status.startsWith("SUCCEEDED")) {
                    LineageStore.merge(lineageWriter, run[0], run[1], run[2], run[3] != 0);
                    notices.add("Sync run " + run[0] + " had committed its assets but not its lineage edges when "
                            + "the process ended; its edges were committed now.");
                }
            }
            LineageStore.clearStaging(lineageWriter);
            try (Statement s = lineageWriter.createStatement()) {
                s.execute("COMMIT");
            }
        } catch (SQLException | RuntimeException e) {
            rollbackLineageWriter();
            throw e;
        }
    }

    private static final int BUSY_TIMEOUT_MS = 10_000;

    private static void busyTimeout(Connection c, int millis) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = " + millis);
        }
    }

    private static boolean isBusy(SQLException e) {
        return (e.getErrorCode() & 0xff) == 5 || String.valueOf(e.getMessage()).contains("SQLITE_BUSY");
    }

    private String runStatus(long runId) throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement("SELECT status FROM sync_runs WHERE id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
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
     * The lineage file's own writer, for a sync run that holds {@link #acquireWriter()}: its
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

    private static String metaValue(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void putMeta(Connection c, String name, String value) throws SQLException {
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

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static String describe(Path file, SQLException e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        if (msg.contains("SQLITE_NOTADB") || msg.contains("not a database") || msg.contains("SQLITE_CORRUPT")) {
            return "The cache " + file + " is not a readable Tightrope cache (" + msg + "). "
                    + "Move it away and sync again, or open another workspace.";
        }
        return "Cannot open the cache " + file + ": " + msg;
    }

    private static Connection connect(Path file) {
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

    private static int userVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static void migrate(Connection c, int from, List<String> migrations, String dir) throws SQLException {
        for (int v = from; v < migrations.size(); v++) {
            String lineageId = null;
            if (migrations.get(v).startsWith("V003")) {
                lineageId = copyEdgesToLineage(c);
                if (lineageId == null) {
                    continue;
                }
            }
            String sql = resource(dir + migrations.get(v));
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // another process may be migrating the same file: take the lock, then look again
                s.execute("PRAGMA user_version = " + userVersion(c));
                if (userVersion(c) > v) {
                    c.commit();
                    continue;
                }
                for (String statement : splitStatements(sql)) {
                    s.execute(statement);
                }
                if (lineageId != null) {
                    putMeta(c, "lineage_id", lineageId);
                }
                s.execute("PRAGMA user_version = " + (v + 1));
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw new SQLException("migration " + migrations.get(v) + " failed: " + e.getMessage(), e);
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    /**
     * Before schema 3 drops the cache's edge table, its rows are copied to the lineage file in a
     * transaction that writes only that file (a transaction over two WAL files is atomic per file,
     * not as a whole); copying again after a crash changes nothing. The same transaction names
     * the cache the file belongs to, and schema 3's own transaction records the name in the cache.
     */
    private static String copyEdgesToLineage(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            // BEGIN IMMEDIATE would be clearer, but JDBC has begun the transaction already: the
            // first write takes the cache's lock, and the version is read again under it
            s.execute("PRAGMA user_version = " + userVersion(c));
            if (userVersion(c) >= 3) {
                c.commit();
                return null;
            }
            s.executeUpdate("""
                    INSERT INTO lineage.edges(up_key, down_key, type, source_id, first_seen, last_run, gone_at)
                    SELECT up_key, down_key, type, source_id, first_seen, last_run, gone_at FROM main.edges WHERE true
                    ON CONFLICT DO NOTHING""");
            String id;
            try (ResultSet rs = s.executeQuery("SELECT value FROM lineage.meta WHERE name = 'cache_id'")) {
                id = rs.next() ? rs.getString(1) : HexFormat.of().formatHex(randomBytes(16));
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO lineage.meta(name, value) VALUES ('cache_id', ?) ON CONFLICT(name) DO NOTHING")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            c.commit();
            return id;
        } catch (SQLException e) {
            c.rollback();
            throw new SQLException("copying the lineage edges to their own file failed: " + e.getMessage(), e);
        } finally {
            c.setAutoCommit(true);
        }
    }

    static List<String> splitStatements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                out.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private static String resource(String name) {
        try (InputStream in = Database.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + name, e);
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

    /** Runs left RUNNING by a process that died are marked INTERRUPTED; their data was never committed. */
    private void markInterruptedRuns() throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement(
                "UPDATE sync_runs SET status = 'INTERRUPTED', finished_at = ?, "
                        + "message = 'The sync stopped before it finished (the process ended). Nothing it read was kept; the previous state is intact.' "
                        + "WHERE status = 'RUNNING'")) {
            ps.setLong(1, System.currentTimeMillis());
            ps.executeUpdate();
        }
    }

    public Path file() {
        return file;
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
        Connection c = borrowReader();
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
            readers.add(c);
        }
    }

    /** A reader from the pool, opened on first need (up to {@value #READERS}); waits when all are busy. */
    private Connection borrowReader() {
        Connection c = readers.poll();
        if (c != null) {
            return c;
        }
        synchronized (allReaders) {
            if (allReaders.size() < READERS) {
                ensureOpen();
                Connection fresh = connect(file);
                try {
                    attachLineage(fresh, lineageFile);
                } catch (SQLException e) {
                    closeQuietly(fresh);
                    throw new CacheException(describe(lineageFile, e), e);
                }
                allReaders.add(fresh);
                return fresh;
            }
        }
        try {
            return readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CacheException("interrupted while waiting for the cache", e);
        }
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
     * Takes the writer for a long transaction (a sync run). The caller must call
     * {@link #commitWriter()} or {@link #rollbackWriter()} and then {@link #releaseWriter()}.
     */
    Connection acquireWriter() {
        return acquireWriter(false);
    }

    /**
     * As {@link #acquireWriter()}; {@code durable} makes the commit wait until the transaction is
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
    private void beginImmediate() throws SQLException {
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
            synchronized (allReaders) {
                for (Connection c : allReaders) {
                    closeQuietly(c);
                }
            }
            closeQuietly(lineageWriter);
            closeQuietly(writer);
        } finally {
            writeLock.unlock();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing is best effort
        }
    }
}
