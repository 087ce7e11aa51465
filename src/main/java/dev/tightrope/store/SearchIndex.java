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
        try (PreparedStatement del = c.prepareStatement("""
                DELETE FROM asset_fts WHERE rowid IN
                    (SELECT id FROM assets WHERE fts_dirty = 1 AND (first_run IS NULL OR first_run <> ?))""")) {
            del.setLong(1, newRunId);
            del.executeUpdate();
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate("""
                    INSERT INTO asset_fts(rowid, name, description, tags, owners, properties, urn)
                    SELECT id, name, description, tags, owners_text, properties, urn FROM assets WHERE fts_dirty = 1""");
            s.executeUpdate("UPDATE assets SET fts_dirty = 0 WHERE fts_dirty = 1");
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
                sb.append('"').append(part).append('"').append('*');
            }
        }
        return sb.toString();
    }
}
