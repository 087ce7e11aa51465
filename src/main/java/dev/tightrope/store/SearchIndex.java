package dev.tightrope.store;

import dev.tightrope.domain.AssetKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The FTS5 index over names, descriptions, tags, owners and property values, with each asset's
 * kind in a column of its own (searched only to group matches by kind). Assets a run
 * created are indexed straight from the table (first_run); assets whose searchable content
 * changed carry fts_dirty and are re-indexed.
 */
final class SearchIndex {
    private SearchIndex() {
    }

    /** Property values only (keys are the same words on every asset); owners from the claims. */
    private static final String INDEX_ROWS = """
            INSERT INTO asset_fts(rowid, name, description, tags, owners, properties, kind)
            SELECT a.id, a.name, a.description, a.tags,
                   (SELECT group_concat(owner, ' ') FROM owners o WHERE o.asset_key = a.key),
                   (SELECT group_concat(value, ' ') FROM json_each(a.properties)),
                   a.kind
            FROM assets a WHERE\s""";

    /** Indexes what run {@code runId} created and re-indexes what changed; pass -1 outside a run. */
    static void refreshDirty(Connection c, long runId) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (runId >= 0) {
                s.executeUpdate(INDEX_ROWS + "a.first_run = " + runId);
                s.executeUpdate("INSERT OR IGNORE INTO risk_dirty(asset_key) SELECT key FROM assets WHERE first_run = " + runId);
            }
            // what changed for the search (content, owners) may change the risk too
            s.executeUpdate("INSERT OR IGNORE INTO risk_dirty(asset_key) SELECT key FROM assets WHERE fts_dirty = 1");
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
            s.executeUpdate("INSERT OR IGNORE INTO risk_dirty(asset_key) VALUES (" + key + ")");
        }
    }

    /**
     * bm25 with the columns weighted name far above tags and owners, far above description and
     * properties (the kind is never searched by words); for listings sorted by relevance.
     */
    static final String BM25 = "bm25(asset_fts, 20.0, 1.0, 4.0, 4.0, 1.0, 0.0)";

    /** The columns typed words search: all but the kind, which only {@link #ofKind} asks for. */
    private static final String TEXT_COLUMNS = "{name description tags owners properties}";

    /**
     * Turns what a user typed into an FTS5 query over names, descriptions, tags, owners and
     * property values: each word becomes a quoted term, so punctuation in names
     * ({@code fraud-bert}, {@code s3://}) never becomes query syntax, and the tokenizer's own
     * split applies ({@code credit-risk-xgb} is the three words credit, risk and xgb;
     * {@code credit_features} one word). Only the last word is a prefix (the one still being
     * typed), and only from three characters on: the index keeps 3-character prefixes, and a
     * shorter prefix would merge thousands of terms. Empty when nothing searchable was typed.
     */
    static String toMatchQuery(String text) {
        return anywhere(terms(text, true));
    }

    /** As {@link #toMatchQuery} but every word a whole token. */
    static String toExactQuery(String text) {
        return anywhere(terms(text, false));
    }

    /**
     * The words of {@code text} as the tokenizer sees them: runs of letters, digits and '_', lower
     * case, without diacritics.
     */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        int start = -1;
        boolean ascii = true;
        for (int i = 0; i <= text.length(); i++) {
            char ch = i < text.length() ? text.charAt(i) : ' ';
            boolean token = Character.isLetterOrDigit(ch) || ch == '_' || Character.isSurrogate(ch)
                    || Character.getType(ch) == Character.NON_SPACING_MARK;
            if (token) {
                if (start < 0) {
                    start = i;
                    ascii = true;
                }
                ascii &= ch < 128;
            } else if (start >= 0) {
                String word = text.substring(start, i);
                out.add(ascii ? word.toLowerCase(Locale.ROOT) : fold(word));
                start = -1;
            }
        }
        return out;
    }

    /** Lower case without diacritics, as {@code unicode61 remove_diacritics 2} indexes a token. */
    static String fold(String token) {
        String decomposed = Normalizer.normalize(token.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
        return decomposed.replaceAll("\\p{M}+", "");
    }

    /** The terms of {@code text}: quoted words, the last a prefix when {@code prefixLast} and long enough. */
    static String terms(String text, boolean prefixLast) {
        List<String> parts = words(text);
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

    /** {@code terms} in any searchable column. */
    static String anywhere(String terms) {
        return terms.isEmpty() ? "" : TEXT_COLUMNS + " : (" + terms + ")";
    }

    /** {@code terms} in the name. */
    static String inName(String terms) {
        return terms.isEmpty() ? "" : "name : (" + terms + ")";
    }

    /** Matches of {@code match} that are of {@code kind}: one intersection in the index. */
    static String ofKind(String match, AssetKind kind) {
        return "(" + match + ") AND kind : \"" + kind.token() + "\"";
    }
}
