package dev.tightrope.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** The FTS5 index over names, descriptions, tags, owners, properties and URNs. */
final class SearchIndex {
    private SearchIndex() {
    }

    /**
     * Re-indexes rows flagged dirty. Rows first written by {@code newRunId} have no index entry
     * yet and are only inserted; pass -1 when no rows can be new.
     */
    static void refreshDirty(Connection c, long newRunId) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS fts_pending(id INTEGER PRIMARY KEY, fresh INTEGER NOT NULL)");
            s.execute("DELETE FROM temp.fts_pending");
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO temp.fts_pending(id, fresh) SELECT id, first_run IS ? FROM assets WHERE fts_dirty = 1")) {
            ps.setLong(1, newRunId);
            ps.executeUpdate();
        }
        reindexPending(c);
    }

    /** Re-indexes one asset after a user's edit (owners, notes). */
    static void refreshKey(Connection c, long key) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS fts_pending(id INTEGER PRIMARY KEY, fresh INTEGER NOT NULL)");
            s.execute("DELETE FROM temp.fts_pending");
            s.execute("INSERT INTO temp.fts_pending(id, fresh) SELECT id, 0 FROM assets WHERE key = " + key + " AND fts_dirty = 1");
        }
        reindexPending(c);
    }

    private static void reindexPending(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM asset_fts WHERE rowid IN (SELECT id FROM temp.fts_pending WHERE fresh = 0)");
            s.executeUpdate("""
                    INSERT INTO asset_fts(rowid, name, description, tags, owners, properties, urn)
                    SELECT a.id, a.name, a.description, a.tags, a.owners_text, a.properties, a.urn
                    FROM temp.fts_pending p JOIN assets a ON a.id = p.id""");
            s.executeUpdate("UPDATE assets SET fts_dirty = 0 WHERE id IN (SELECT id FROM temp.fts_pending)");
            s.execute("DELETE FROM temp.fts_pending");
        }
    }

    /**
     * Turns what a user typed into an FTS5 query: each word becomes a quoted prefix term, so
     * punctuation in names ({@code fraud-bert}, {@code s3://}) never becomes query syntax.
     */
    static String toMatchQuery(String text) {
        StringBuilder sb = new StringBuilder();
        for (String word : text.strip().split("[\\s]+")) {
            String cleaned = word.replaceAll("[^\\p{L}\\p{N}_]+", " ").strip();
            if (cleaned.isEmpty()) {
                continue;
            }
            for (String part : cleaned.split(" ")) {
                if (!sb.isEmpty()) {
                    sb.append(' ');
                }
                // the index keeps 3-character prefixes; shorter words match whole tokens only, so a
                // one- or two-letter query never merges thousands of terms
                sb.append('"').append(part).append('"').append(part.length() >= 3 ? "*" : "");
            }
        }
        return sb.toString();
    }
}
