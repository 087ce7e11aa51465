package dev.tightrope.scan.mcp;

/**
 * JSON with comments (VS Code, Zed) as plain JSON: {@code //} and {@code /* *}{@code /} comments
 * become spaces (newlines stay, so line numbers still point at the file) and a comma before a
 * closing bracket or brace is dropped. Strings are copied as they are.
 */
final class Jsonc {

    private Jsonc() {
    }

    static String toJson(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int n = text.length();
        int pendingComma = -1;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '"') {
                pendingComma = -1;
                int end = endOfString(text, i);
                out.append(text, i, end);
                i = end - 1;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
                if (i < n) {
                    out.append('\n');
                }
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                out.append("  ");
                i += 2;
                while (i < n && !(text.charAt(i) == '*' && i + 1 < n && text.charAt(i + 1) == '/')) {
                    out.append(text.charAt(i) == '\n' ? '\n' : ' ');
                    i++;
                }
                out.append("  ");
                i++;
            } else if (c == ',') {
                pendingComma = out.length();
                out.append(c);
            } else if ((c == '}' || c == ']') && pendingComma >= 0) {
                out.setCharAt(pendingComma, ' ');
                pendingComma = -1;
                out.append(c);
            } else {
                if (!Character.isWhitespace(c)) {
                    pendingComma = -1;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int endOfString(String text, int start) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '"' || c == '\n') {
                return i + 1;
            }
            i++;
        }
        return text.length();
    }
}
