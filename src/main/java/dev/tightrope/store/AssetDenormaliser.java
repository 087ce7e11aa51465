package dev.tightrope.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Keeps the columns the inventory sorts and filters on (owners, worst open finding) in step
 * with the owner and finding tables, and flags rows whose owners changed for the search index.
 * Set-based: one grouped pass over the claims of the given assets, and only changed rows are
 * written.
 */
final class AssetDenormaliser {
    private AssetDenormaliser() {
    }

    /** Refreshes owners_text of the assets {@code keysQuery} selects (one column named {@code key}). */
    static void refreshOwners(Connection c, String keysQuery) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("""
                    WITH k(key) AS MATERIALIZED (%s),
                         g AS (SELECT asset_key, group_concat(owner, ', ') AS owners FROM
                                  (SELECT DISTINCT o.asset_key, o.owner FROM owners o JOIN k ON k.key = o.asset_key
                                   ORDER BY o.asset_key, o.owner COLLATE NOCASE)
                               GROUP BY asset_key)
                    UPDATE assets SET owners_text = x.owners, fts_dirty = 1
                    FROM (SELECT k.key AS key, g.owners AS owners FROM k LEFT JOIN g ON g.asset_key = k.key) AS x
                    WHERE assets.key = x.key AND assets.owners_text IS NOT x.owners
                    """.formatted(keysQuery));
        }
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

    /** Both, for a single asset after a user's edit. */
    static void refresh(Connection c, String keysQuery) throws SQLException {
        refreshOwners(c, keysQuery);
        refreshFindings(c, keysQuery);
    }
}
