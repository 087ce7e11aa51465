package dev.tightrope.scan.formats;

import dev.tightrope.scan.AnalysisContext;
import dev.tightrope.scan.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Server-side template injection patterns in Jinja chat templates (GGUF
 * {@code tokenizer.chat_template*}, {@code tokenizer_config.json} {@code chat_template}). Some
 * runtimes render these unsandboxed (CVE-2024-34359 llama-cpp-python &lt; 0.2.72, CVE-2026-5760
 * SGLang), so a template that can reach Python objects is a path to code execution. The template
 * is matched as text and never rendered.
 *
 * <p>Deliberate deviation from a bare word list: {@code namespace(...)} is how Qwen, DeepSeek and
 * Llama templates keep loop state, and calling it reaches nothing; {@code namespace} is flagged
 * only when it is used as an object (attribute, subscript, filter), which is the gadget route
 * ({@code namespace.__init__.__globals__}). Word patterns match whole identifiers, so prose such
 * as "evaluate" or "videos." does not trip {@code eval} or {@code os.}.
 */
public final class ChatTemplateRules {

    /** One matched pattern: what it is, where it starts (char index in the template), what surrounds it. */
    public record Match(String pattern, String description, long index, String excerpt) {
    }

    private record Rule(String name, String description, Pattern regex) {
    }

    private static final List<Rule> RULES = List.of(
            rule("dunder", "Python dunder attribute (__class__, __globals__, __init__, ...)", "__[A-Za-z]\\w*?__"),
            rule("_TemplateReference__context", "Jinja template-context escape via self", "_TemplateReference__"),
            rule("|attr", "attr filter (attribute access by computed name)", "\\|\\s*attr\\b"),
            rule("popen", "os.popen / subprocess.Popen", "\\bpopen\\b|\\bPopen\\b"),
            rule("os.", "os module access", "\\bos\\s*\\."),
            rule("subprocess", "subprocess module", "\\bsubprocess\\b"),
            rule("eval", "eval", "\\beval\\b"),
            rule("exec", "exec", "\\bexec\\b"),
            rule("lipsum", "lipsum global (its __globals__ reach os)", "\\blipsum\\b"),
            rule("cycler", "cycler global (its __init__.__globals__ reach os)", "\\bcycler\\b"),
            rule("joiner", "joiner global (its __init__.__globals__ reach os)", "\\bjoiner\\b"),
            rule("namespace", "namespace used as an object rather than called", "\\bnamespace\\b(?!\\s*\\()"),
            rule("escaped underscore", "escaped underscore in a string literal (hidden dunder)",
                    "\\\\x5[fF]|\\\\u005[fF]|\\\\U0000005[fF]|\\\\137"),
            rule("dunder construction", "string literal that assembles a dunder name",
                    "(['\"])__+\\1|['\"]_['\"]\\s*\\*|['\"]__\\w|\\w__['\"]"),
            rule("%c formatting", "character formatting that can assemble a dunder name", "['\"][^'\"\\n]*%c"));

    private ChatTemplateRules() {
    }

    private static Rule rule(String name, String description, String regex) {
        return new Rule(name, description, Pattern.compile(regex));
    }

    /** Every pattern found, first occurrence each, in rule order. */
    public static List<Match> scan(CharSequence template) {
        List<Match> found = new ArrayList<>();
        for (Rule rule : RULES) {
            Matcher m = rule.regex().matcher(template);
            if (m.find()) {
                found.add(new Match(rule.name(), rule.description(), m.start(), excerpt(template, m.start(), m.end())));
            }
        }
        return found;
    }

    /**
     * Scans a template that arrives in pieces (a GGUF string streamed in chunks). Pieces overlap by
     * the caller's choice; a pattern is kept once, at its first absolute index.
     */
    static final class Accumulator {
        private final Map<String, Match> first = new LinkedHashMap<>();

        void add(CharSequence piece, long pieceStart) {
            for (Match m : scan(piece)) {
                first.putIfAbsent(m.pattern(), new Match(m.pattern(), m.description(), pieceStart + m.index(), m.excerpt()));
            }
        }

        List<Match> matches() {
            return List.copyOf(first.values());
        }
    }

    /**
     * Reports each match as DANGEROUS under {@code ruleId}. {@code baseOffset} is the byte offset of
     * the template's first character, or -1 when offsets are not meaningful (a JSON value).
     */
    static void report(AnalysisContext context, String ruleId, String key, List<Match> matches, long baseOffset) {
        for (Match m : matches) {
            long offset = baseOffset < 0 ? -1 : baseOffset + m.index();
            context.report(ruleId, Verdict.DANGEROUS,
                    "chat template " + key + " contains " + m.description()
                            + "; runtimes that render templates unsandboxed execute it",
                    key + ": " + m.pattern() + " in \"" + m.excerpt() + "\"", offset);
        }
    }

    private static String excerpt(CharSequence text, int start, int end) {
        int from = Math.max(0, start - 30);
        int to = Math.min(text.length(), end + 40);
        StringBuilder out = new StringBuilder(to - from + 6);
        if (from > 0) {
            out.append("...");
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7F ? ' ' : c);
        }
        if (to < text.length()) {
            out.append("...");
        }
        return out.toString();
    }
}
