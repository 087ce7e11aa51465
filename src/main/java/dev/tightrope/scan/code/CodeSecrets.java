package dev.tightrope.scan.code;

import dev.tightrope.domain.Severity;
import dev.tightrope.scan.mcp.SecretValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AI service keys in code, configuration and notebook text ({@code reference/mcp.md} §8). Provider
 * key shapes come from {@link SecretValues}, the same as for MCP configs; the shapes too generic
 * to stand alone need their keyword nearby (DeepSeek, Cohere, Azure OpenAI), and a value given
 * under an AI key's name ({@code MISTRAL_API_KEY = "…"}) counts without a shape.
 *
 * <p>Against false positives, a candidate is dropped when its value is a placeholder (runs of one
 * character, {@code YOUR_…}, {@code EXAMPLE}, {@code REDACTED}, counting sequences), when its
 * random part is too uniform (Shannon entropy below {@value #MIN_ENTROPY} bits a character, or
 * {@value #MIN_ENTROPY_COHERE} for Cohere's bare 40 characters), and, in documentation, when its
 * line presents it as an example.
 */
public final class CodeSecrets {

    static final double MIN_ENTROPY = 3.0;
    static final double MIN_ENTROPY_COHERE = 4.0;
    static final double MIN_ENTROPY_NAMED = 3.5;

    private static final Pattern DEEPSEEK = Pattern.compile("\\b(sk-[a-z0-9]{32})\\b");
    private static final Pattern COHERE = Pattern.compile("(?i)(cohere|CO_API_KEY).{0,50}?\\b([a-zA-Z0-9]{40})\\b");
    private static final Pattern AZURE_ENDPOINT = Pattern.compile("[a-z0-9-]+\\.openai\\.azure\\.com");
    private static final Pattern AZURE_KEY = Pattern.compile("(?i)api[_-]?key.{0,40}?\\b([a-f0-9]{32})\\b");
    /** After a key's name: a quoted value ({@code = "…"}, {@code ": "…"}, {@code "] = '…'}) or a dotenv/shell {@code =value}. */
    private static final Pattern QUOTED_VALUE = Pattern.compile("[\"']?\\]?\\s*[:=]{1,2}\\s*([\"'])([^\"'\\s]{20,})\\1");
    private static final Pattern BARE_VALUE = Pattern.compile("=([A-Za-z0-9_\\-+/]{20,})[ \\t]*(?:\\r?\\n|$)");
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(?i)(x{4,}|\\*{4,}|your|example|placeholder|redacted|dummy|sample|changeme|replace|insert|0123456|123456789|abcdefgh)");
    private static final Pattern EXAMPLE_LINE = Pattern.compile("(?i)(example|e\\.g\\.|for instance|such as|looks? like|format)");
    private static final Pattern KNOWN_PREFIX = Pattern.compile(
            "^(sk-(?:proj|svcacct|service|admin|ant-api03|ant-admin01|or-v1)-|sk-|hf_|api_org_|AIza|pplx-|gsk_|r8_|xai-|lsv2_(?:pt|sk)_|gh[pousr]_|github_pat_|xox[abprs]-|AKIA|ASIA)");

    private CodeSecrets() {
    }

    /** The keys in {@code text}; {@code documentation} when the text is prose (Markdown, reStructuredText), where examples are shown. */
    public static List<KeyHit> find(String text, boolean documentation) {
        List<KeyHit> out = new ArrayList<>();
        List<int[]> spans = new ArrayList<>();
        for (SecretValues.KeyMatch k : SecretValues.keys(text)) {
            String provider = k.provider();
            consider(text, k.start(), k.end(), provider, Severity.CRITICAL, MIN_ENTROPY, provider + " key shape", documentation, out, spans);
        }
        // the patterns below cannot skip ahead to a literal, so each runs only when its keyword is in the text at all
        String lower = text.toLowerCase(Locale.ROOT);
        Matcher m = DEEPSEEK.matcher(lower.contains("deepseek") ? text : "");
        while (m.find()) {
            if (near(text, m.start(1), "deepseek", 80)) {
                consider(text, m.start(1), m.end(1), "DeepSeek", Severity.HIGH, MIN_ENTROPY, "sk- key next to \"deepseek\"", documentation, out, spans);
            }
        }
        m = COHERE.matcher(lower.contains("cohere") || lower.contains("co_api_key") ? text : "");
        while (m.find()) {
            consider(text, m.start(2), m.end(2), "Cohere", Severity.HIGH, MIN_ENTROPY_COHERE, "40-character key next to \"" + m.group(1) + "\"",
                    documentation, out, spans);
        }
        if (lower.contains(".openai.azure.com") && AZURE_ENDPOINT.matcher(text).find()) {
            m = AZURE_KEY.matcher(text);
            while (m.find()) {
                consider(text, m.start(1), m.end(1), "Azure OpenAI", Severity.HIGH, MIN_ENTROPY, "32-hex api key in a file naming an *.openai.azure.com endpoint",
                        documentation, out, spans);
            }
        }
        m = SecretValues.aiKeyNames(lower.contains("key") || lower.contains("token") ? text : "");
        while (m.find()) {
            Matcher v = QUOTED_VALUE.matcher(text).region(m.end(), text.length());
            int group = 2;
            if (!v.lookingAt()) {
                v = BARE_VALUE.matcher(text).region(m.end(), text.length());
                group = 1;
            }
            if (v.lookingAt() && !SecretValues.isReference(v.group(group))) {
                String name = m.group();
                consider(text, v.start(group), v.end(group), "AI key name", Severity.HIGH, MIN_ENTROPY_NAMED, "value given to " + name.toUpperCase(Locale.ROOT),
                        documentation, out, spans);
            }
        }
        out.sort(java.util.Comparator.comparingInt(KeyHit::line));
        return out;
    }

    private static void consider(String text, int start, int end, String provider, Severity severity, double minEntropy, String how,
                                 boolean documentation, List<KeyHit> out, List<int[]> spans) {
        for (int[] s : spans) {
            if (start < s[1] && end > s[0]) {
                return;
            }
        }
        String value = text.substring(start, end);
        if (!plausible(value, minEntropy)) {
            return;
        }
        if (documentation && EXAMPLE_LINE.matcher(lineAround(text, start)).find()) {
            return;
        }
        spans.add(new int[] {start, end});
        String rule = provider.equals("AI key name") ? "ai-key-name" : provider.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        out.add(new KeyHit(rule, provider, severity, Manifests.lineAt(text, start), SecretValues.mask(value), how));
    }

    /** Whether {@code value} looks like a real key rather than a placeholder or a made-up run. */
    static boolean plausible(String value, double minEntropy) {
        if (PLACEHOLDER.matcher(value).find()) {
            return false;
        }
        String body = KNOWN_PREFIX.matcher(value).replaceFirst("").replace("T3BlbkFJ", "");
        return entropy(body) >= minEntropy;
    }

    /** Shannon entropy of {@code s} in bits per character. */
    static double entropy(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
        s.chars().forEach(c -> counts.merge(c, 1, Integer::sum));
        double h = 0;
        for (int c : counts.values()) {
            double p = (double) c / s.length();
            h -= p * (Math.log(p) / Math.log(2));
        }
        return h;
    }

    private static boolean near(String text, int at, String keyword, int distance) {
        int from = Math.max(0, at - distance);
        int to = Math.min(text.length(), at + distance);
        return text.substring(from, to).toLowerCase(Locale.ROOT).contains(keyword);
    }

    private static String lineAround(String text, int at) {
        int from = text.lastIndexOf('\n', at) + 1;
        int to = text.indexOf('\n', at);
        return text.substring(from, to < 0 ? text.length() : to);
    }
}
