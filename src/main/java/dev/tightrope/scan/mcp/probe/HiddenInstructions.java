package dev.tightrope.scan.mcp.probe;

import dev.tightrope.domain.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Instructions hidden from the user but read by the model, in what a probe listed (reference §6.1
 * and §6.2): invisible and bidirectional Unicode, tag characters (decoded and shown), and
 * pseudo-tags such as {@code <IMPORTANT>}. Each finding quotes the exact span. The fuller
 * description rules (coercion phrases, sensitive paths, shadowing) are a separate rule set.
 */
public final class HiddenInstructions {
    private static final Pattern PSEUDO_TAG = Pattern.compile(
            "(?i)<\\s*/?\\s*(important|system|instructions?|secret|critical|urgent|hidden|admin)\\s*>|<!--[\\s\\S]*?-->|\\[INST]");
    private static final int CONTEXT = 80;

    private HiddenInstructions() {
    }

    public static List<ProbeFinding> check(ProbeResult result) {
        List<ProbeFinding> out = new ArrayList<>();
        if (!result.instructions().isEmpty()) {
            check("server instructions", result.instructions(), out);
        }
        for (ProbedEntity e : result.entities()) {
            check(e.label(), e.description(), out);
        }
        return out;
    }

    /**
     * The same rules on any text outside a probe, e.g. an agent skill's {@code SKILL.md}; each
     * finding's location is {@code where}.
     */
    public static List<ProbeFinding> checkText(String where, String text) {
        List<ProbeFinding> out = new ArrayList<>();
        check(where, text, out);
        return out;
    }

    private static void check(String label, String text, List<ProbeFinding> out) {
        StringBuilder tags = new StringBuilder();
        List<String> invisible = new ArrayList<>();
        text.codePoints().forEach(cp -> {
            if (cp >= 0xE0000 && cp <= 0xE007F) {
                if (cp >= 0xE0020 && cp <= 0xE007E) {
                    tags.appendCodePoint(cp - 0xE0000);
                }
            } else if (hidden(cp)) {
                String code = String.format("U+%04X", cp);
                if (!invisible.contains(code)) {
                    invisible.add(code);
                }
            }
        });
        if (!tags.isEmpty()) {
            out.add(new ProbeFinding(ProbeFinding.HIDDEN_INSTRUCTIONS, Severity.CRITICAL, "Invisible tag characters in " + label,
                    "hidden text: " + ProbeComparison.quote(tags.toString()), label));
        }
        if (!invisible.isEmpty()) {
            out.add(new ProbeFinding(ProbeFinding.HIDDEN_INSTRUCTIONS, invisible.size() >= 3 ? Severity.HIGH : Severity.MEDIUM,
                    "Invisible or bidirectional characters in " + label, "characters: " + String.join(", ", invisible), label));
        }
        Matcher m = PSEUDO_TAG.matcher(text);
        if (m.find()) {
            int from = Math.max(0, m.start() - CONTEXT);
            int to = Math.min(text.length(), m.end() + CONTEXT);
            out.add(new ProbeFinding(ProbeFinding.HIDDEN_INSTRUCTIONS, Severity.HIGH, "Pseudo-tag " + m.group().strip() + " in " + label,
                    "…" + text.substring(from, to) + "…", label));
        }
    }

    private static boolean hidden(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.FORMAT || type == Character.CONTROL
                || cp >= 0x200B && cp <= 0x200F || cp >= 0x202A && cp <= 0x202E || cp >= 0x2060 && cp <= 0x2064
                || cp >= 0x2066 && cp <= 0x2069 || cp == 0xFEFF || cp == 0x180E || cp >= 0xFE00 && cp <= 0xFE0F
                || cp >= 0xE0100 && cp <= 0xE01EF;
    }
}
