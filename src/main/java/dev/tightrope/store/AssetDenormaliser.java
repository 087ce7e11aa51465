package dev.tightrope.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Keeps the columns the inventory sorts and filters on (owners, worst open finding) in step
 * with the owner and finding tables, and flags changed rows for the search index.
 */
final class AssetDenormaliser {
    private AssetDenormaliser() {
    }

    /** Refreshes the assets whose keys {@code keysQuery} selects (one column named {@code key}). */
    static void refresh(Connection c, String keysQuery) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("""
                    UPDATE assets SET
                        owners_text = x.owners,
                        worst_finding = x.worst,
                        fts_dirty = CASE WHEN assets.owners_text IS x.owners THEN assets.fts_dirty ELSE 1 END
                    FROM (SELECT t.key AS key,
                                 (SELECT group_concat(owner, ', ') FROM
                                     (SELECT DISTINCT owner FROM owners o WHERE o.asset_key = t.key ORDER BY owner COLLATE NOCASE)) AS owners,
                                 (SELECT min(severity) FROM findings f WHERE f.asset_key = t.key AND f.status = 'OPEN') AS worst
                          FROM (%s) AS t) AS x
                    WHERE assets.key = x.key
                    """.formatted(keysQuery));
        }
    }
}
