package dev.tightrope.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Keeps the cache and its lineage file one consistent cache across crashes (see
 * {@link LineageStore} for the order a sync run commits in the two): pairs them by a shared id
 * and starts a lineage file that is missing or foreign afresh, marks the runs a dead process left
 * RUNNING as interrupted, and finishes or discards the edge merge a process that died between a
 * run's two commits left behind. The caller holds the cache's write transaction; the findings are
 * reported to the user through {@code notices}.
 */
final class LineageRecovery {

    private final Database db;
    private final Connection writer;
    private final Connection lineageWriter;
    private final Path lineageFile;
    private final List<String> notices;

    LineageRecovery(Database db, Connection writer, Connection lineageWriter, Path lineageFile, List<String> notices) {
        this.db = db;
        this.writer = writer;
        this.lineageWriter = lineageWriter;
        this.lineageFile = lineageFile;
        this.notices = notices;
    }

    /**
     * The cache and its lineage file carry the same random id. A lineage file that is missing or
     * belongs to another cache is emptied, and every source's cursor is cleared, so each source's
     * next sync reads everything again and restores its edges.
     */
    void pair() throws SQLException {
        String ours = Database.metaValue(writer, "lineage_id");
        String theirs = Database.metaValue(lineageWriter, "cache_id");
        if (ours != null && ours.equals(theirs)) {
            return;
        }
        // under the cache's write lock (no sync of another process is part-way), the lineage file
        // is reset and committed first, then the cache records the pairing and clears the cursors:
        // a crash in between leaves the pair mismatched, and the next open does it all again
        db.beginImmediate();
        try {
            ours = Database.metaValue(writer, "lineage_id");
            theirs = Database.metaValue(lineageWriter, "cache_id");
            if (ours != null && ours.equals(theirs)) {
                db.commitWriter();
                return;
            }
            boolean hadRuns = Database.scalar(writer, "SELECT count(*) FROM sync_runs WHERE status LIKE 'SUCCEEDED%'") > 0;
            String id = ours != null ? ours : HexFormat.of().formatHex(Database.randomBytes(16));
            try (Statement s = lineageWriter.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                try {
                    s.execute("DELETE FROM edges");
                    s.execute("DELETE FROM staged_edges");
                    s.execute("DELETE FROM staged_runs");
                    Database.putMeta(lineageWriter, "cache_id", id);
                    s.execute("COMMIT");
                } catch (SQLException e) {
                    db.rollbackLineageWriter();
                    throw e;
                }
            }
            Database.putMeta(writer, "lineage_id", id);
            if (hadRuns) {
                try (Statement s = writer.createStatement()) {
                    s.executeUpdate("UPDATE sources SET cursor = NULL");
                }
            }
            db.commitWriter();
            if (hadRuns) {
                notices.add("The lineage file " + lineageFile + " was missing or belonged to another cache, so it was "
                        + "started afresh. Sync each source again to restore its lineage edges (the next sync of "
                        + "every source reads everything).");
            }
        } catch (SQLException | RuntimeException e) {
            db.rollbackWriter();
            throw e;
        }
    }

    /** Runs left RUNNING by a process that died are marked INTERRUPTED; their data was never committed. */
    void markInterruptedRuns() throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement(
                "UPDATE sync_runs SET status = 'INTERRUPTED', finished_at = ?, "
                        + "message = 'The sync stopped before it finished (the process ended). Nothing it read was kept; the previous state is intact.' "
                        + "WHERE status = 'RUNNING'")) {
            ps.setLong(1, System.currentTimeMillis());
            ps.executeUpdate();
        }
    }

    /**
     * Finishes what a process that died between a sync's two commits left in the lineage file:
     * replays the edge merge of a run the cache recorded as succeeded, discards any other. The
     * caller holds the cache's write transaction, so no other process is part-way through a
     * run; with {@code wait} false, a lineage file another process is committing to is left to it.
     */
    void finishInterruptedCommit(boolean wait) throws SQLException {
        if (Database.scalar(lineageWriter, "SELECT (SELECT count(*) FROM (SELECT 1 FROM staged_runs LIMIT 1))"
                + " + (SELECT count(*) FROM (SELECT 1 FROM staged_edges LIMIT 1))") == 0) {
            return;
        }
        try (Statement s = lineageWriter.createStatement()) {
            if (!wait) {
                Database.busyTimeout(lineageWriter, 0);
            }
            s.execute("BEGIN IMMEDIATE");
        } catch (SQLException e) {
            if (!wait && Database.isBusy(e)) {
                // the process whose run this is has committed it in the cache and is committing here now
                return;
            }
            throw e;
        } finally {
            Database.busyTimeout(lineageWriter, Database.BUSY_TIMEOUT_MS);
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
            db.rollbackLineageWriter();
            throw e;
        }
    }

    private String runStatus(long runId) throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement("SELECT status FROM sync_runs WHERE id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
