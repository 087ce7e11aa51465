package dev.tightrope.store;

import dev.tightrope.domain.Problem;
import dev.tightrope.domain.SyncMode;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reading sync runs and their problems. */
final class SyncRuns {
    private SyncRuns() {
    }

    static final String COLUMNS = """
            r.id, s.name AS source, r.mode, r.status, r.started_at, r.finished_at, r.assets_seen, r.edges_seen,
            r.assets_added, r.assets_gone, r.problems, r.message""";

    static SyncRun load(Connection c, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM sync_runs r JOIN sources s ON s.id = r.source_id WHERE r.id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new CacheException("sync run " + runId + " does not exist");
                }
                return map(rs);
            }
        }
    }

    static SyncRun map(ResultSet rs) throws SQLException {
        return new SyncRun(
                rs.getLong("id"),
                rs.getString("source"),
                SyncMode.valueOf(rs.getString("mode")),
                SyncStatus.valueOf(rs.getString("status")),
                SqliteIngestStore.instant(rs, "started_at"),
                SqliteIngestStore.instant(rs, "finished_at"),
                rs.getLong("assets_seen"),
                rs.getLong("edges_seen"),
                rs.getLong("assets_added"),
                rs.getLong("assets_gone"),
                rs.getLong("problems"),
                rs.getString("message"));
    }

    static List<Problem> problems(Connection c, long runId, int limit) throws SQLException {
        List<Problem> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT location, message FROM sync_problems WHERE run_id = ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, runId);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Problem(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return out;
    }
}
