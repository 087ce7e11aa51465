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
 * The SQLite cache file: WAL mode, foreign keys, forward-only migrations. One writer connection
 * (guarded by a lock), a small pool of readers that see the last committed state.
 */
public final class Database implements AutoCloseable {

    /** Migrations in order; the schema version is the number of migrations applied. */
    private static final List<String> MIGRATIONS = List.of("V001__initial.sql", "V002__audit_log.sql");

    public static final int SCHEMA_VERSION = MIGRATIONS.size();
    private static final int READERS = 4;

    private final Path file;
    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private final List<Connection> allReaders = new ArrayList<>();
    private final UrnKeys urnKeys;
    private volatile boolean closed;

    private Database(Path file, Connection writer, UrnKeys urnKeys) {
        this.file = file;
        this.writer = writer;
        this.urnKeys = urnKeys;
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
        try {
            int version = userVersion(writer);
            if (version > SCHEMA_VERSION) {
                writer.close();
                throw new IncompatibleCacheException(file, version, SCHEMA_VERSION);
            }
            migrate(writer, version);
            UrnKeys keys = new UrnKeys(hashKey(writer));
            Database db = new Database(file, writer, keys);
            db.markInterruptedRuns();
            return db;
        } catch (SQLException e) {
            closeQuietly(writer);
            throw new CacheException(describe(file, e), e);
        }
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

    private static void migrate(Connection c, int from) throws SQLException {
        for (int v = from; v < MIGRATIONS.size(); v++) {
            String sql = resource("migrations/" + MIGRATIONS.get(v));
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String statement : splitStatements(sql)) {
                    s.execute(statement);
                }
                s.execute("PRAGMA user_version = " + (v + 1));
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw new SQLException("migration " + MIGRATIONS.get(v) + " failed: " + e.getMessage(), e);
            } finally {
                c.setAutoCommit(auto);
            }
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
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE name = 'urn_key'");
             ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                return HexFormat.of().parseHex(rs.getString(1));
            }
        }
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO meta(name, value) VALUES ('urn_key', ?)")) {
            ps.setString(1, HexFormat.of().formatHex(key));
            ps.executeUpdate();
        }
        return key;
    }

    /** Runs left RUNNING by a process that died are marked INTERRUPTED; their data was never committed. */
    private void markInterruptedRuns() {
        write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE sync_runs SET status = 'INTERRUPTED', finished_at = ?, "
                            + "message = 'The sync stopped before it finished (the process ended). Nothing it read was kept; the previous state is intact.' "
                            + "WHERE status = 'RUNNING'")) {
                ps.setLong(1, System.currentTimeMillis());
                return ps.executeUpdate();
            }
        });
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
        return write(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE name = 'workspace_id'");
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getString(1);
                }
            }
            byte[] id = new byte[16];
            new SecureRandom().nextBytes(id);
            String hex = HexFormat.of().formatHex(id);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO meta(name, value) VALUES ('workspace_id', ?)")) {
                ps.setString(1, hex);
                ps.executeUpdate();
            }
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
        ensureOpen();
        writeLock.lock();
        try {
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
        writeLock.unlock();
    }

    private void beginImmediate() throws SQLException {
        try (Statement s = writer.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
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
                        SELECT 'edge', count(*) FROM edges e WHERE NOT EXISTS (SELECT 1 FROM assets a WHERE a.key = e.up_key)
                                                           OR NOT EXISTS (SELECT 1 FROM assets a WHERE a.key = e.down_key)
                        UNION ALL
                        SELECT 'owner claim', count(*) FROM owners o WHERE NOT EXISTS (SELECT 1 FROM assets a WHERE a.key = o.asset_key)""")) {
                    while (rs.next()) {
                        if (rs.getLong(2) > 0) {
                            problems.add(rs.getLong(2) + " " + rs.getString(1) + "(s) refer to a missing asset");
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
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA optimize");
            } catch (SQLException ignored) {
                // optimisation is best effort
            }
            synchronized (allReaders) {
                for (Connection c : allReaders) {
                    closeQuietly(c);
                }
            }
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
