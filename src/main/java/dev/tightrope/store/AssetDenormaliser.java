package dev.tightrope.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Keeps the column the inventory sorts and filters risk on (the worst open finding) in step
 * with the finding table. Set-based, and only changed rows are written.
 */
final class AssetDenormaliser {
    private AssetDenormaliser() {
    }

    /**
     * Refreshes worst_finding (lowest severity ordinal among open findings) of the selected assets
     * and of every asset sharing a content digest with them: a finding on a scanned file counts
     * for each asset that is the same bytes (a model version, a registry artifact).
     */
    static void refreshFindings(Connection c, String keysQuery) throws SQLException {
        try (Statement s = c.createStatement()) {
            // CROSS JOIN fixes the join order and IN drives the update from the (usually few) keys:
            // left to itself the planner may scan every asset, seconds on a million-asset cache
            s.executeUpdate("""
                    WITH k0(key) AS MATERIALIZED (%s),
                         k(key) AS MATERIALIZED (
                             SELECT key FROM k0
                             UNION SELECT b.key FROM k0 CROSS JOIN assets a CROSS JOIN assets b
                                   WHERE a.key = k0.key AND a.digest IS NOT NULL AND b.digest = a.digest),
                         x(key, worst) AS MATERIALIZED (
                             SELECT k.key, (SELECT min(f.severity) FROM assets a CROSS JOIN assets b CROSS JOIN findings f
                                            WHERE a.key = k.key
                                              AND (b.key = a.key OR (a.digest IS NOT NULL AND b.digest = a.digest))
                                              AND f.asset_key = b.key AND f.status = 'OPEN')
                             FROM k)
                    UPDATE assets SET worst_finding = x.worst FROM x
                    WHERE assets.key IN (SELECT key FROM k) AND assets.key = x.key AND assets.worst_finding IS NOT x.worst
                    """.formatted(keysQuery));
            // the same assets' risk counts their open findings (RiskRepository)
            s.executeUpdate("""
                    WITH k0(key) AS MATERIALIZED (%s)
                    INSERT OR IGNORE INTO risk_dirty(asset_key)
                    SELECT key FROM k0
                    UNION SELECT b.key FROM k0 CROSS JOIN assets a CROSS JOIN assets b
                          WHERE a.key = k0.key AND a.digest IS NOT NULL AND b.digest = a.digest
                    """.formatted(keysQuery));
        }
    }

}
