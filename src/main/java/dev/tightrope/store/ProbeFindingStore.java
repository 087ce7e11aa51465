package dev.tightrope.store;

import dev.tightrope.domain.Finding;
import dev.tightrope.domain.Urn;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;

/**
 * Findings of an MCP server probe, recorded on the server's asset outside any sync: they belong
 * to no source (a sync neither renews nor retires them), and a probe that finds the same thing
 * again renews the row and reopens it if it had been resolved.
 */
public final class ProbeFindingStore {
    private final Database db;

    public ProbeFindingStore(Database db) {
        this.db = db;
    }

    /** Records {@code findings} on {@code asset}; false when the asset is not in the cache. */
    public boolean record(Urn asset, List<Finding> findings, Instant at) {
        return db.write(c -> {
            long key;
            try (PreparedStatement ps = c.prepareStatement("SELECT key FROM assets WHERE urn = ?")) {
                ps.setString(1, asset.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    key = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO findings(asset_key, rule_id, severity, title, evidence, location, detector, source_id,
                                         status, first_seen, last_seen, last_run)
                    VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 'OPEN', ?, ?, NULL)
                    ON CONFLICT(asset_key, rule_id, location, detector) DO UPDATE SET
                        severity = excluded.severity, title = excluded.title, evidence = excluded.evidence,
                        last_seen = excluded.last_seen,
                        status = CASE WHEN findings.status = 'RESOLVED' THEN 'OPEN' ELSE findings.status END""")) {
                for (Finding f : findings) {
                    ps.setLong(1, key);
                    ps.setString(2, f.ruleId());
                    ps.setInt(3, f.severity().ordinal());
                    ps.setString(4, f.title());
                    ps.setString(5, f.evidence());
                    ps.setString(6, f.location() == null ? "" : f.location());
                    ps.setString(7, f.detector());
                    ps.setLong(8, at.toEpochMilli());
                    ps.setLong(9, at.toEpochMilli());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            AssetDenormaliser.refreshFindings(c, "SELECT " + key + " AS key");
            return true;
        });
    }
}
