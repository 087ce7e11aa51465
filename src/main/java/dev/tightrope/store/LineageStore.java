package dev.tightrope.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Writes a sync run's edges into the lineage file, on the lineage file's own connection, so the
 * edge merge (the largest of a run: three edges per asset, each indexed twice) runs on a second
 * core while the cache's writer merges assets, owners and the search index.
 *
 * <p>A run touches two files, so it commits twice. The protocol keeps them consistent:
 * <ol>
 *   <li>the run's edges stream into {@code staged_edges}; at commit they are committed there
 *       with a {@code staged_runs} row (mode and start time) before anything else;</li>
 *   <li>a second lineage transaction merges them into {@code edges}, marks the source's unseen
 *       edges gone and empties the staging, and waits;</li>
 *   <li>the cache commits the run; only then does the lineage transaction commit.</li>
 * </ol>
 * A run that fails rolls the lineage transaction back and discards its staging. If the process
 * dies between the cache's commit and the lineage commit, the staged edges are still there: the
 * next open replays the merge of a run the cache recorded as succeeded and discards any other
 * ({@link Database#recoverLineage()}), so the lineage ends as if the run had committed at once.
 */
final class LineageStore {
    private LineageStore() {
    }

    /** Merges the staged edges of run {@code runId} into the edges table; does not commit. */
    static void merge(Connection lc, long runId, long sourceId, long now, boolean fullSync) throws SQLException {
        try (Statement s = lc.createStatement()) {
            long staged = Database.scalar(lc, "SELECT count(*) FROM staged_edges");
            long existing = Database.scalar(lc, "SELECT count(*) FROM edges");
            // a secondary index built by sorting once is far cheaper than millions of random inserts
            boolean bulk = staged > existing / 2 + 10_000;
            if (bulk) {
                s.execute("DROP INDEX IF EXISTS edges_down");
            }
            s.executeUpdate("""
                    INSERT INTO edges(up_key, down_key, type, source_id, first_seen, last_run, gone_at)
                    SELECT up_key, down_key, type, %1$d, %2$d, %3$d, NULL FROM staged_edges WHERE true
                    ORDER BY up_key, down_key, type
                    ON CONFLICT(up_key, down_key, type, source_id) DO UPDATE SET last_run = excluded.last_run, gone_at = NULL
                    """.formatted(sourceId, now, runId));
            if (bulk) {
                s.execute("CREATE INDEX edges_down ON edges(down_key)");
            }
            if (fullSync) {
                s.executeUpdate("UPDATE edges SET gone_at = " + now + " WHERE source_id = " + sourceId
                        + " AND last_run < " + runId + " AND gone_at IS NULL");
            }
            clearStaging(lc);
        }
    }

    /** Records the run the staged edges belong to; committed with them, before the cache commits. */
    static void stageRun(Connection lc, long runId, long sourceId, long now, boolean fullSync) throws SQLException {
        try (Statement s = lc.createStatement()) {
            s.executeUpdate("INSERT INTO staged_runs(run_id, source_id, started_at, full_sync) VALUES ("
                    + runId + ", " + sourceId + ", " + now + ", " + (fullSync ? 1 : 0) + ")");
        }
    }

    /** Empties the staging (a whole-table DELETE, which SQLite does by dropping pages, not rows). */
    static void clearStaging(Connection lc) throws SQLException {
        try (Statement s = lc.createStatement()) {
            s.execute("DELETE FROM staged_edges");
            s.execute("DELETE FROM staged_runs");
        }
    }
}
