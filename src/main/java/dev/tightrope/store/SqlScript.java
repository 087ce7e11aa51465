package dev.tightrope.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a migration script into the statements JDBC executes one at a time (sqlite-jdbc runs
 * only the first statement of a string, and does not expose {@code sqlite3_complete}). A
 * semicolon ends a statement unless it is inside a string, a quoted name or a comment, or inside
 * the body of a {@code CREATE [TEMP] TRIGGER}, which ends at {@code ; END ;} as SQLite's own
 * {@code sqlite3_complete} decides (so a {@code CASE ... END} in the body does not end it).
 * Comments between statements are dropped; a statement keeps its text as written.
 */
final class SqlScript {

    private static final String SEMICOLON = ";";
    private static final String OTHER = "?";

    private SqlScript() {
    }

    /** The statements of {@code sql}, each ending with its semicolon (the last may have none). */
    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        int start = -1;
        List<String> head = new ArrayList<>(3);
        boolean trigger = false;
        String last = null;
        String beforeLast = null;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
                continue;
            }
            if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("the script ends inside a /* comment */");
                }
                i = end + 2;
                continue;
            }
            if (start < 0) {
                start = i;
            }
            String token;
            if (c == '\'' || c == '"' || c == '`') {
                i = afterQuoted(sql, i, c);
                token = OTHER;
            } else if (c == '[') {
                int end = sql.indexOf(']', i);
                if (end < 0) {
                    throw new IllegalArgumentException("the script ends inside a [quoted name]");
                }
                i = end + 1;
                token = OTHER;
            } else if (isWordChar(c)) {
                int end = i;
                while (end < n && isWordChar(sql.charAt(end))) {
                    end++;
                }
                token = sql.substring(i, end).toUpperCase(Locale.ROOT);
                i = end;
            } else if (c == ';') {
                i++;
                if (!trigger || (SEMICOLON.equals(beforeLast) && "END".equals(last))) {
                    out.add(sql.substring(start, i));
                    start = -1;
                    head.clear();
                    trigger = false;
                    last = null;
                    beforeLast = null;
                    continue;
                }
                token = SEMICOLON;
            } else {
                i++;
                token = OTHER;
            }
            if (head.size() < 3) {
                head.add(token);
                trigger = isCreateTrigger(head);
            }
            beforeLast = last;
            last = token;
        }
        if (start >= 0) {
            out.add(sql.substring(start).strip());
        }
        return out;
    }

    /** CREATE TRIGGER, CREATE TEMP TRIGGER, CREATE TEMPORARY TRIGGER. */
    private static boolean isCreateTrigger(List<String> head) {
        if (head.size() < 2 || !head.get(0).equals("CREATE")) {
            return false;
        }
        if (head.get(1).equals("TRIGGER")) {
            return true;
        }
        return head.size() == 3 && (head.get(1).equals("TEMP") || head.get(1).equals("TEMPORARY")) && head.get(2).equals("TRIGGER");
    }

    /** The index after the quote that closes the one at {@code open}; a doubled quote is part of the text. */
    private static int afterQuoted(String sql, int open, char quote) {
        int i = open + 1;
        while (true) {
            int close = sql.indexOf(quote, i);
            if (close < 0) {
                throw new IllegalArgumentException("the script ends inside a quoted " + (quote == '\'' ? "string" : "name"));
            }
            if (close + 1 < sql.length() && sql.charAt(close + 1) == quote) {
                i = close + 2;
                continue;
            }
            return close + 1;
        }
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 0x7f;
    }
}
