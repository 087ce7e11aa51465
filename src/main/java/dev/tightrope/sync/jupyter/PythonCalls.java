package dev.tightrope.sync.jupyter;

import java.util.ArrayList;
import java.util.List;

/**
 * The calls in one cell of Python source, read as text and never run: a small lexer that knows
 * strings (all quote forms and prefixes), comments, brackets and IPython's {@code %magic} and
 * {@code !shell} lines, and from it every {@code name(...)} / {@code a.b.name(...)} call with
 * its arguments. An argument's value is known only when it is a plain string literal (or several
 * adjacent ones); anything else — a variable, an f-string with a placeholder, an expression — is
 * unknown, and nothing is guessed about it. Bounded by the cell's length: one pass over its
 * characters, one over its tokens.
 */
final class PythonCalls {

    /** A call: the dotted name as written ({@code AutoModel.from_pretrained}; {@code ()} stands for a call or subscript before a dot), its arguments and the 1-based line it starts on. */
    record Call(String callee, List<Arg> args, int line) {

        /** The last segment of the dotted name ({@code from_pretrained}). */
        String method() {
            return callee.substring(callee.lastIndexOf('.') + 1);
        }

        /** The string literal passed as keyword {@code name}, else at {@code position} (0-based) when every argument before it is positional; null when unknown. */
        String literal(int position, String... names) {
            for (Arg a : args) {
                for (String n : names) {
                    if (n.equals(a.keyword())) {
                        return a.literal();
                    }
                }
            }
            if (position < 0) {
                return null;
            }
            int p = 0;
            for (Arg a : args) {
                if (a.keyword() != null || a.star()) {
                    return null; // positions after a keyword or *args are not knowable
                }
                if (p++ == position) {
                    return a.literal();
                }
            }
            return null;
        }

        boolean hasKeyword(String name) {
            return args.stream().anyMatch(a -> name.equals(a.keyword()));
        }
    }

    /** One argument: its keyword (null when positional), its value when a plain string literal (else null), and whether it is {@code *x} / {@code **x}. */
    record Arg(String keyword, String literal, boolean star) {
    }

    /** An assignment of a string literal to a subscript of a dotted name: {@code os.environ["KEY"] = "value"}. */
    record SubscriptAssignment(String target, String key, String value, int line) {
    }

    record Reading(List<Call> calls, List<SubscriptAssignment> assignments, List<Magic> magics) {
    }

    /** An IPython line magic ({@code %env KEY=value}) with its line; {@code !shell} lines are dropped. */
    record Magic(String text, int line) {
    }

    private enum Kind { NAME, STRING, OP }

    private record Token(Kind kind, String text, String literal, int line) {
        boolean is(String op) {
            return kind == Kind.OP && text.equals(op);
        }
    }

    private PythonCalls() {
    }

    static Reading read(String source) {
        List<Magic> magics = new ArrayList<>();
        List<Token> tokens = lex(source, magics);
        return new Reading(calls(tokens), assignments(tokens), magics);
    }

    private static List<Token> lex(String s, List<Magic> magics) {
        List<Token> out = new ArrayList<>();
        int line = 1;
        int depth = 0;
        boolean lineStart = true;
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\n') {
                line++;
                lineStart = true;
                i++;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
                i++;
                continue;
            }
            if (c == '\\' && i + 1 < n && s.charAt(i + 1) == '\n') {
                i += 2; // an explicit line continuation
                line++;
                continue;
            }
            if (lineStart && depth == 0 && (c == '%' || c == '!')) {
                int end = s.indexOf('\n', i);
                end = end < 0 ? n : end;
                if (c == '%') {
                    magics.add(new Magic(s.substring(i, end).strip(), line));
                }
                i = end;
                continue;
            }
            lineStart = false;
            if (c == '#') {
                int end = s.indexOf('\n', i);
                i = end < 0 ? n : end;
                continue;
            }
            int prefixEnd = stringStart(s, i);
            if (prefixEnd >= 0) {
                String prefix = s.substring(i, prefixEnd).toLowerCase(java.util.Locale.ROOT);
                char quote = s.charAt(prefixEnd);
                boolean triple = prefixEnd + 2 < n && s.charAt(prefixEnd + 1) == quote && s.charAt(prefixEnd + 2) == quote;
                int start = prefixEnd + (triple ? 3 : 1);
                boolean raw = prefix.contains("r");
                StringBuilder value = new StringBuilder();
                int j = start;
                boolean closed = false;
                while (j < n) {
                    char d = s.charAt(j);
                    if (d == '\\' && j + 1 < n) {
                        char e = s.charAt(j + 1);
                        if (e == '\n') {
                            line++;
                        }
                        value.append(raw ? "\\" + e : unescape(e));
                        j += 2;
                        continue;
                    }
                    if (d == quote && (!triple || (j + 2 < n && s.charAt(j + 1) == quote && s.charAt(j + 2) == quote))) {
                        j += triple ? 3 : 1;
                        closed = true;
                        break;
                    }
                    if (d == '\n') {
                        if (!triple) {
                            break; // an unterminated single-quoted string ends at the line
                        }
                        line++;
                    }
                    value.append(d);
                    j++;
                }
                boolean formatted = prefix.contains("f") && value.indexOf("{") >= 0;
                boolean bytes = prefix.contains("b");
                String literal = closed && !formatted && !bytes ? value.toString() : null;
                out.add(new Token(Kind.STRING, "", literal, line));
                i = j;
                continue;
            }
            if (Character.isLetter(c) || c == '_') {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                    j++;
                }
                out.add(new Token(Kind.NAME, s.substring(i, j), null, line));
                i = j;
                continue;
            }
            if (Character.isDigit(c)) {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '.' || s.charAt(j) == '_')) {
                    j++;
                }
                out.add(new Token(Kind.OP, "0", null, line)); // a number: a value, never a name
                i = j;
                continue;
            }
            if ("([{".indexOf(c) >= 0) {
                depth++;
            } else if (")]}".indexOf(c) >= 0 && depth > 0) {
                depth--;
            }
            if (c == '=' || "!<>:+-*/%&|^@~".indexOf(c) >= 0) {
                int j = i + 1;
                if (j < n && s.charAt(j) == '=') {
                    out.add(new Token(Kind.OP, s.substring(i, j + 1), null, line)); // ==, <=, +=, :=, ...
                    i = j + 1;
                    continue;
                }
                if ((c == '*' || c == '/') && j < n && s.charAt(j) == c) {
                    out.add(new Token(Kind.OP, s.substring(i, j + 1), null, line)); // ** and //
                    i = j + 1;
                    continue;
                }
            }
            out.add(new Token(Kind.OP, String.valueOf(c), null, line));
            i++;
        }
        return out;
    }

    /** The index of the opening quote when a string literal (with an optional prefix of up to two letters) starts at {@code i}; else -1. */
    private static int stringStart(String s, int i) {
        for (int k = 0; k <= 2 && i + k < s.length(); k++) {
            char c = s.charAt(i + k);
            if (c == '"' || c == '\'') {
                if (k > 0 && i > 0 && (Character.isLetterOrDigit(s.charAt(i - 1)) || s.charAt(i - 1) == '_')) {
                    return -1; // the tail of a name, not a prefix
                }
                return i + k;
            }
            if ("rRbBuUfF".indexOf(c) < 0) {
                return -1;
            }
        }
        return -1;
    }

    private static String unescape(char e) {
        return switch (e) {
            case 'n' -> "\n";
            case 't' -> "\t";
            case '\n' -> "";
            default -> String.valueOf(e);
        };
    }

    private static List<Call> calls(List<Token> t) {
        List<Call> out = new ArrayList<>();
        for (int i = 1; i < t.size(); i++) {
            if (!t.get(i).is("(") || t.get(i - 1).kind() != Kind.NAME) {
                continue;
            }
            StringBuilder name = new StringBuilder(t.get(i - 1).text());
            int k = i - 2;
            while (k >= 1 && t.get(k).is(".")) {
                Token before = t.get(k - 1);
                if (before.kind() == Kind.NAME) {
                    name.insert(0, before.text() + ".");
                    k -= 2;
                } else {
                    if (before.is(")") || before.is("]")) {
                        name.insert(0, "().");
                    }
                    break;
                }
            }
            if (k >= 0 && t.get(k).kind() == Kind.NAME && (t.get(k).text().equals("def") || t.get(k).text().equals("class"))) {
                continue; // a definition, not a call
            }
            out.add(new Call(name.toString(), arguments(t, i), t.get(i - 1).line()));
        }
        return out;
    }

    /** The arguments of the call whose {@code (} is at {@code open}, up to its matching {@code )} (or the end of the cell). */
    private static List<Arg> arguments(List<Token> t, int open) {
        List<Arg> args = new ArrayList<>();
        int depth = 0;
        List<Token> current = new ArrayList<>();
        for (int i = open + 1; i < t.size(); i++) {
            Token tok = t.get(i);
            if (tok.is("(") || tok.is("[") || tok.is("{")) {
                depth++;
            } else if (tok.is(")") || tok.is("]") || tok.is("}")) {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (depth == 0 && tok.is(",")) {
                addArg(args, current);
                current = new ArrayList<>();
                continue;
            }
            current.add(tok);
        }
        addArg(args, current);
        return args;
    }

    private static void addArg(List<Arg> args, List<Token> tokens) {
        if (tokens.isEmpty()) {
            return;
        }
        if (tokens.get(0).is("*") || tokens.get(0).is("**")) {
            args.add(new Arg(null, null, true));
            return;
        }
        String keyword = null;
        List<Token> value = tokens;
        if (tokens.size() >= 2 && tokens.get(0).kind() == Kind.NAME && tokens.get(1).is("=")) {
            keyword = tokens.get(0).text();
            value = tokens.subList(2, tokens.size());
        }
        args.add(new Arg(keyword, literal(value), false));
    }

    /** One or more adjacent plain string literals, joined; null for anything else. */
    private static String literal(List<Token> value) {
        if (value.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (Token tok : value) {
            if (tok.kind() != Kind.STRING || tok.literal() == null) {
                return null;
            }
            out.append(tok.literal());
        }
        return out.toString();
    }

    private static List<SubscriptAssignment> assignments(List<Token> t) {
        List<SubscriptAssignment> out = new ArrayList<>();
        for (int i = 0; i + 5 < t.size(); i++) {
            if (t.get(i).kind() == Kind.NAME && t.get(i + 1).is("[") && t.get(i + 2).kind() == Kind.STRING && t.get(i + 3).is("]")
                    && t.get(i + 4).is("=") && t.get(i + 5).kind() == Kind.STRING
                    && (i + 6 >= t.size() || t.get(i + 6).line() != t.get(i + 5).line() || t.get(i + 6).is(";"))) {
                StringBuilder target = new StringBuilder(t.get(i).text());
                for (int k = i - 1; k >= 1 && t.get(k).is(".") && t.get(k - 1).kind() == Kind.NAME; k -= 2) {
                    target.insert(0, t.get(k - 1).text() + ".");
                }
                String key = t.get(i + 2).literal();
                String value = t.get(i + 5).literal();
                if (key != null && value != null) {
                    out.add(new SubscriptAssignment(target.toString(), key, value, t.get(i).line()));
                }
            }
        }
        return out;
    }
}
