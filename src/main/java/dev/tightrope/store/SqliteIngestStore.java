package dev.tightrope.store;

import dev.tightrope.domain.Problem;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SyncMode;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.port.IngestStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * Writes sync runs into the cache: the source's cursor, the start of a run (its record, the
 * cache's writer, recovery of what an earlier run left in the lineage file) and the record of a
 * run that ends without committing. The run itself is an {@link IngestRun}. A run that throws,
 * is cancelled or whose process is killed leaves the last committed state.
 */
public final class SqliteIngestStore implements IngestStore {

    private final Database db;
    private final CrashPoints crashPoints;

    public SqliteIngestStore(Database db) {
        this(db, CrashPoints.NONE);
    }

    /** A store whose runs call {@code crashPoints} on the way through their commit: for the tests of that commit. */
    SqliteIngestStore(Database db, CrashPoints crashPoints) {
        this.db = db;
        this.crashPoints = crashPoints;
    }

    @Override
    public String cursor(String source) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT cursor FROM sources WHERE name = ?")) {
                ps.setString(1, source);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    @Override
    public IngestSession begin(SourceConfig source) {
        long now = System.currentTimeMillis();
        long[] ids = db.write(c -> {
            long sourceId = sourceId(c, source.name());
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO sync_runs(source_id, mode, status, started_at) VALUES (?, ?, 'RUNNING', ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, sourceId);
                ps.setString(2, SyncMode.FULL.name());
                ps.setLong(3, now);
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    rs.next();
                    return new long[] {sourceId, rs.getLong(1)};
                }
            }
        });
        Connection writer = db.acquireWriter(true);
        try {
            db.recoverLineage();
            return new IngestRun(db, crashPoints, writer, db.lineageWriter(), source.name(), ids[0], ids[1], now);
        } catch (SQLException | RuntimeException e) {
            db.rollbackWriter();
            db.rollbackLineageWriter();
            IngestRun.restoreSettings(writer, db.lineageWriter());
            db.releaseWriter();
            finishFailedRun(db, ids[1], SyncStatus.FAILED, "could not prepare the cache for writing: " + e.getMessage(), List.of());
            throw new CacheException("Cannot start the sync of " + source.name() + ": " + e.getMessage(), e);
        }
    }

    static long sourceId(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM sources WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new CacheException("There is no source named '" + name + "' in this workspace.");
                }
                return rs.getLong(1);
            }
        }
    }

    /** Records a run that ended without committing: failed, cancelled, or abandoned. */
    static SyncRun finishFailedRun(Database db, long runId, SyncStatus status, String message, List<Problem> problems) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE sync_runs SET status = ?, finished_at = ?, message = ?, problems = ? WHERE id = ?")) {
                ps.setString(1, status.name());
                ps.setLong(2, System.currentTimeMillis());
                ps.setString(3, message);
                ps.setLong(4, problems.size());
                ps.setLong(5, runId);
                ps.executeUpdate();
            }
            insertProblems(c, runId, problems);
            return SyncRuns.load(c, runId);
        });
    }

    static void insertProblems(Connection c, long runId, List<Problem> problems) throws SQLException {
        if (problems.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO sync_problems(run_id, seq, location, message) VALUES (?, ?, ?, ?)")) {
            int seq = 0;
            for (Problem p : problems) {
                ps.setLong(1, runId);
                ps.setInt(2, seq++);
                ps.setString(3, p.location());
                ps.setString(4, p.message());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }
}
