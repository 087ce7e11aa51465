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
            s.executeUpdate("""
                    WITH k0(key) AS MATERIALIZED (%s),
                         k(key) AS MATERIALIZED (
                             SELECT key FROM k0
                             UNION SELECT b.key FROM k0 JOIN assets a ON a.key = k0.key
                                   JOIN assets b ON b.digest = a.digest WHERE a.digest IS NOT NULL),
                         w AS (SELECT k.key AS key, min(f.severity) AS worst FROM k
                               JOIN assets a ON a.key = k.key
                               JOIN assets b ON b.key = a.key OR (a.digest IS NOT NULL AND b.digest = a.digest)
                               JOIN findings f ON f.asset_key = b.key AND f.status = 'OPEN'
                               GROUP BY k.key)
                    UPDATE assets SET worst_finding = x.worst
                    FROM (SELECT k.key AS key, w.worst AS worst FROM k LEFT JOIN w ON w.key = k.key) AS x
                    WHERE assets.key = x.key AND assets.worst_finding IS NOT x.worst
                    """.formatted(keysQuery));
        }
    }

}
