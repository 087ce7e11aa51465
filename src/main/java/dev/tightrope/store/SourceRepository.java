package dev.tightrope.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SourceStatus;
import dev.tightrope.domain.SyncRun;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Configured sources and their sync history. */
public final class SourceRepository {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Database db;

    public SourceRepository(Database db) {
        this.db = db;
    }

    public void add(SourceConfig source) {
        db.write(c -> {
            try (PreparedStatement check = c.prepareStatement("SELECT 1 FROM sources WHERE name = ?")) {
                check.setString(1, source.name());
                try (ResultSet rs = check.executeQuery()) {
                    if (rs.next()) {
                        throw new IllegalArgumentException("a source named '" + source.name() + "' already exists");
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO sources(name, type, settings, created_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, source.name());
                ps.setString(2, source.type());
                ps.setString(3, Json.write(new TreeMap<>(source.settings())));
                ps.setLong(4, System.currentTimeMillis());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Replaces the settings of the saved source {@code source.name()}; its name, type, cursor,
     * history and assets stay. Throws when there is no such source or it has another type.
     */
    public void update(SourceConfig source) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT type FROM sources WHERE name = ?")) {
                ps.setString(1, source.name());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalArgumentException("there is no source named '" + source.name() + "'");
                    }
                    if (!rs.getString(1).equals(source.type())) {
                        throw new IllegalArgumentException("the source '" + source.name() + "' is of type " + rs.getString(1)
                                + "; its type cannot change to " + source.type() + " (add a new source instead)");
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE sources SET settings = ? WHERE name = ?")) {
                ps.setString(1, Json.write(new TreeMap<>(source.settings())));
                ps.setString(2, source.name());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Removes a source. Its assets stay in the cache, marked gone, so history is kept; its edges,
     * ownership claims and findings go with it. Manual owner assignments stay.
     */
    public boolean remove(String name) {
        // the source's edges go first, in a transaction of their own in the lineage file: a crash
        // between the two commits leaves a source without edges (a sync restores them), never
        // edges naming a source that no longer exists
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM lineage.edges WHERE source_id = (SELECT id FROM sources WHERE name = ?)")) {
                ps.setString(1, name);
                return ps.executeUpdate();
            }
        });
        return db.write(c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM sources WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    id = rs.getLong(1);
                }
            }
            long now = System.currentTimeMillis();
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE assets SET gone_at = coalesce(gone_at, ?) WHERE source_id = ?")) {
                ps.setLong(1, now);
                ps.setLong(2, id);
                ps.executeUpdate();
            }
            // its assets leave the risk model and the estate's counts at the next refresh
            try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO risk_dirty(asset_key) SELECT key FROM assets WHERE source_id = ?")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
            try (var s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE IF NOT EXISTS removed_keys(key INTEGER PRIMARY KEY) WITHOUT ROWID");
                s.execute("DELETE FROM temp.removed_keys");
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT OR IGNORE INTO temp.removed_keys(key)
                    SELECT asset_key FROM owners WHERE source_id = ?1 UNION SELECT asset_key FROM findings WHERE source_id = ?1""")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sources WHERE id = ?")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
            AssetDenormaliser.refreshFindings(c, "SELECT key FROM temp.removed_keys");
            try (var s = c.createStatement()) {
                s.executeUpdate("UPDATE assets SET fts_dirty = 1 WHERE key IN (SELECT key FROM temp.removed_keys)");
            }
            SearchIndex.refreshDirty(c, -1);
            return true;
        });
    }

    public Optional<SourceConfig> find(String name) {
        return list().stream().map(SourceStatus::config).filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * The records of source {@code s} that could not be imported and were not read again: the
     * problems of its last successful full run and of every successful run since (an incremental
     * run skips what an earlier one could not read, so its own zero does not clear them).
     */
    static final String OPEN_PROBLEMS = """
            (SELECT coalesce(sum(r.problems), 0) FROM sync_runs r
              WHERE r.source_id = s.id AND r.status IN ('SUCCEEDED', 'SUCCEEDED_WITH_PROBLEMS')
                AND r.id >= coalesce((SELECT max(f.id) FROM sync_runs f WHERE f.source_id = s.id AND f.mode = 'FULL'
                                       AND f.status IN ('SUCCEEDED', 'SUCCEEDED_WITH_PROBLEMS')), 0))""";

    /** All sources with their last run, asset counts and open problems. */
    public List<SourceStatus> list() {
        return db.read(c -> {
            List<SourceStatus> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT s.id, s.name, s.type, s.settings,
                           (SELECT count(*) FROM assets a WHERE a.source_id = s.id AND a.gone_at IS NULL) AS present,
                           (SELECT count(*) FROM assets a WHERE a.source_id = s.id AND a.gone_at IS NOT NULL) AS gone,
                           (SELECT max(id) FROM sync_runs r WHERE r.source_id = s.id) AS last_run,
                           """ + OPEN_PROBLEMS + """
                     AS open_problems
                    FROM sources s ORDER BY s.name""");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    SourceConfig cfg = new SourceConfig(rs.getString("name"), rs.getString("type"),
                            settings(rs.getString("settings")));
                    long lastRun = rs.getLong("last_run");
                    SyncRun run = rs.wasNull() ? null : SyncRuns.load(c, lastRun);
                    out.add(new SourceStatus(cfg, run, rs.getLong("present"), rs.getLong("gone"), rs.getLong("open_problems")));
                }
            }
            return out;
        });
    }

    /** Most recent runs first, of one source or of all (null). */
    public List<SyncRun> runs(String source, int limit) {
        return db.read(c -> {
            String sql = "SELECT " + SyncRuns.COLUMNS + " FROM sync_runs r JOIN sources s ON s.id = r.source_id"
                    + (source == null ? "" : " WHERE s.name = ?") + " ORDER BY r.id DESC LIMIT " + limit;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (source != null) {
                    ps.setString(1, source);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    List<SyncRun> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(SyncRuns.map(rs));
                    }
                    return out;
                }
            }
        });
    }

    public List<Problem> problems(long runId, int limit) {
        return db.read(c -> SyncRuns.problems(c, runId, limit));
    }

    private static Map<String, String> settings(String json) throws SQLException {
        try {
            return MAPPER.readValue(json, new TypeReference<TreeMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new SQLException("source settings are not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
