package dev.tightrope.scan.container;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Python literal subset of a {@code .npy} header (dicts, strings, ints, booleans,
 * None, tuples, lists) without evaluating anything. Depth and length are bounded by the caller's
 * header size; anything outside the subset is an error.
 */
final class PyLiteral {

    /** A tuple, to tell it apart from a list. */
    record Tuple(List<Object> items) {
    }

    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    private static final int MAX_DEPTH = 32;
    private static final Object NONE = new Object();

    private final String s;
    private int i;

    private PyLiteral(String s) {
        this.s = s;
    }

    static Object parse(String text) throws SyntaxError {
        PyLiteral p = new PyLiteral(text);
        Object v = p.value(0);
        p.ws();
        if (p.i != p.s.length()) {
            throw new SyntaxError("unexpected '" + p.s.charAt(p.i) + "' at " + p.i);
        }
        return v;
    }

    private void ws() {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n' || s.charAt(i) == '\r')) {
            i++;
        }
    }

    private Object value(int depth) throws SyntaxError {
        if (depth > MAX_DEPTH) {
            throw new SyntaxError("nested too deeply");
        }
        ws();
        if (i >= s.length()) {
            throw new SyntaxError("unexpected end");
        }
        char c = s.charAt(i);
        switch (c) {
            case '{' -> {
                i++;
                Map<Object, Object> m = new LinkedHashMap<>();
                while (true) {
                    ws();
                    if (peek('}')) {
                        return m;
                    }
                    Object k = value(depth + 1);
                    ws();
                    expect(':');
                    Object v = value(depth + 1);
                    if (m.put(k, v) != null) {
                        throw new SyntaxError("duplicate key " + k);
                    }
                    ws();
                    if (peek('}')) {
                        return m;
                    }
                    expect(',');
                }
            }
            case '(', '[' -> {
                char close = c == '(' ? ')' : ']';
                i++;
                List<Object> items = new ArrayList<>();
                boolean comma = false;
                while (true) {
                    ws();
                    if (peek(close)) {
                        break;
                    }
                    items.add(value(depth + 1));
                    ws();
                    if (peek(close)) {
                        break;
                    }
                    expect(',');
                    comma = true;
                }
                if (c == '(') {
                    if (items.size() == 1 && !comma) {
                        return items.get(0);
                    }
                    return new Tuple(items);
                }
                return items;
            }
            case '\'', '"' -> {
                return string(c);
            }
            default -> {
                if (s.startsWith("True", i)) {
                    i += 4;
                    return Boolean.TRUE;
                }
                if (s.startsWith("False", i)) {
                    i += 5;
                    return Boolean.FALSE;
                }
                if (s.startsWith("None", i)) {
                    i += 4;
                    return NONE;
                }
                return integer();
            }
        }
    }

    private boolean peek(char c) {
        if (i < s.length() && s.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }

    private void expect(char c) throws SyntaxError {
        if (!peek(c)) {
            throw new SyntaxError("expected '" + c + "' at " + i);
        }
    }

    private String string(char quote) throws SyntaxError {
        i++;
        StringBuilder sb = new StringBuilder();
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == quote) {
                return sb.toString();
            }
            if (c == '\\') {
                if (i >= s.length()) {
                    break;
                }
                char e = s.charAt(i++);
                sb.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> e;
                });
            } else {
                sb.append(c);
            }
        }
        throw new SyntaxError("unterminated string");
    }

    private Long integer() throws SyntaxError {
        int start = i;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i < s.length() && s.charAt(i) == 'L') {
            i++;
        }
        String t = s.substring(start, i).replace("L", "");
        if (t.isEmpty() || t.equals("-") || t.equals("+")) {
            throw new SyntaxError("unexpected '" + (start < s.length() ? s.charAt(start) : ' ') + "' at " + start);
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new SyntaxError("integer out of range: " + t);
        }
    }
}
