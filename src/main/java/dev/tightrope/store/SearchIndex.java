package dev.tightrope.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The FTS5 index over names, descriptions, tags, owners and property values. Assets a run
 * created are indexed straight from the table (first_run); assets whose searchable content
 * changed carry fts_dirty and are re-indexed.
 */
final class SearchIndex {
    private SearchIndex() {
    }

    /** Property values only (keys are the same words on every asset); owners from the claims. */
    private static final String INDEX_ROWS = """
            INSERT INTO asset_fts(rowid, name, description, tags, owners, properties)
            SELECT a.id, a.name, a.description, a.tags,
                   (SELECT group_concat(owner, ' ') FROM owners o WHERE o.asset_key = a.key),
                   (SELECT group_concat(value, ' ') FROM json_each(a.properties))
            FROM assets a WHERE\s""";

    /** Indexes what run {@code runId} created and re-indexes what changed; pass -1 outside a run. */
    static void refreshDirty(Connection c, long runId) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (runId >= 0) {
                s.executeUpdate(INDEX_ROWS + "a.first_run = " + runId);
            }
            s.executeUpdate("DELETE FROM asset_fts WHERE rowid IN (SELECT id FROM assets WHERE fts_dirty = 1)");
            s.executeUpdate(INDEX_ROWS + "a.fts_dirty = 1");
            s.executeUpdate("UPDATE assets SET fts_dirty = 0 WHERE fts_dirty = 1");
        }
    }

    /** Re-indexes one asset after a user's edit (owners). */
    static void refreshKey(Connection c, long key) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM asset_fts WHERE rowid = (SELECT id FROM assets WHERE key = " + key + ")");
            s.executeUpdate(INDEX_ROWS + "a.key = " + key);
            s.executeUpdate("UPDATE assets SET fts_dirty = 0 WHERE key = " + key);
        }
    }

    /**
     * Turns what a user typed into an FTS5 query: each word becomes a quoted term, so punctuation
     * in names ({@code fraud-bert}, {@code s3://}) never becomes query syntax. Only the last word
     * is a prefix (the one still being typed), and only from three characters on: the index
     * keeps 3-character prefixes, and a shorter prefix would merge thousands of terms.
     */
    static String toMatchQuery(String text) {
        return query(text, true);
    }

    /** As {@link #toMatchQuery} but every word a whole token. */
    static String toExactQuery(String text) {
        return query(text, false);
    }

    private static String query(String text, boolean prefixLast) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (String word : text.strip().split("[\\s]+")) {
            String cleaned = word.replaceAll("[^\\p{L}\\p{N}_]+", " ").strip();
            if (!cleaned.isEmpty()) {
                parts.addAll(java.util.List.of(cleaned.split(" ")));
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            boolean typing = prefixLast && i == parts.size() - 1 && part.length() >= 3;
            sb.append('"').append(part).append('"').append(typing ? "*" : "");
        }
        return sb.toString();
    }
}
