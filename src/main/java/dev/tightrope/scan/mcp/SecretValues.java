package dev.tightrope.scan.mcp;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a value written into an MCP config is a literal secret, and how to show it without
 * giving it away. Known AI-service key shapes ({@code reference/mcp.md} §8) are recognised
 * anywhere; other values count when the name they are given says key, token, secret or password
 * and they are not a reference to one ({@code ${VAR}}, {@code ${env:X}}, {@code ${input:x}},
 * {@code {{X}}}).
 */
public final class SecretValues {

    /** A recognised provider key shape; {@code anchors} are literals one of which every key of it contains, checked before the pattern runs. */
    private record KeyShape(String provider, List<String> anchors, Pattern pattern) {
        boolean mayOccurIn(String text) {
            return anchors.stream().anyMatch(text::contains);
        }
    }

    private static final List<KeyShape> SHAPES = List.of(
            new KeyShape("OpenAI", List.of("T3BlbkFJ"), Pattern.compile("\\b(sk-(?:(?:proj|svcacct|service|admin)-[A-Za-z0-9_-]+|[a-zA-Z0-9]+)T3BlbkFJ[A-Za-z0-9_-]+)\\b")),
            new KeyShape("Anthropic", List.of("sk-ant-"), Pattern.compile("\\b(sk-ant-(?:api03|admin01)-[a-zA-Z0-9_\\-]{93}AA)")),
            new KeyShape("Hugging Face", List.of("hf_", "api_org_"), Pattern.compile("\\b((?:hf_|api_org_)(?i:[a-z]{34}))")),
            new KeyShape("Google", List.of("AIza"), Pattern.compile("\\b(AIza[\\w-]{35})")),
            new KeyShape("Perplexity", List.of("pplx-"), Pattern.compile("\\b(pplx-[a-zA-Z0-9]{48})")),
            new KeyShape("Groq", List.of("gsk_"), Pattern.compile("\\b(gsk_[a-zA-Z0-9]{52})\\b")),
            new KeyShape("Replicate", List.of("r8_"), Pattern.compile("\\b(r8_[0-9A-Za-z_-]{37})\\b")),
            new KeyShape("xAI", List.of("xai-"), Pattern.compile("\\b(xai-[0-9a-zA-Z_]{80})\\b")),
            new KeyShape("OpenRouter", List.of("sk-or-v1-"), Pattern.compile("\\b(sk-or-v1-[0-9a-f]{64})\\b")),
            new KeyShape("LangSmith", List.of("lsv2_"), Pattern.compile("\\b(lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10})\\b")),
            new KeyShape("GitHub", List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"), Pattern.compile("\\b((?:gh[pousr]_[A-Za-z0-9]{36,})|github_pat_[A-Za-z0-9_]{22,})")),
            new KeyShape("Slack", List.of("xox"), Pattern.compile("\\b(xox[abprs]-[A-Za-z0-9-]{10,})")),
            new KeyShape("AWS", List.of("AKIA", "ASIA"), Pattern.compile("\\b((?:AKIA|ASIA)[0-9A-Z]{16})\\b")));

    /** Reference §8's names of AI service keys. */
    private static final String AI_KEY_NAME =
            "(OPENAI|ANTHROPIC|GEMINI|GOOGLE|MISTRAL|COHERE|GROQ|HF|HUGGINGFACE|REPLICATE|TOGETHER|XAI|DEEPSEEK|PERPLEXITY|FIREWORKS|OPENROUTER)_?(API_)?(KEY|TOKEN)";
    private static final Pattern AI_KEY_NAME_PATTERN = Pattern.compile("(?i)" + AI_KEY_NAME);

    /** Names that say what they hold (reference §8's AI key names, plus the generic words). */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i)" + AI_KEY_NAME + "|api[_-]?key|secret|token|passw(or)?d|credential|private[_-]?key|authorization|auth|bearer|access[_-]?key");

    /** A provider key shape found in a text: where it starts and ends, and the key itself (to judge and mask, never to keep). */
    public record KeyMatch(String provider, int start, int end, String value) {
    }

    private static final Pattern REFERENCE = Pattern.compile(
            "^\\s*(\\$\\{[^}]+\\}|\\$[A-Za-z_][A-Za-z0-9_]*|\\{\\{[^}]+\\}\\}|%[A-Za-z_][A-Za-z0-9_]*%)\\s*$");
    private static final Pattern BEARER_REFERENCE = Pattern.compile("(?i)^\\s*(bearer|basic|token)\\s+(\\$\\{[^}]+\\}|\\$[A-Za-z_]\\w*|\\{\\{[^}]+\\}\\})\\s*$");
    private static final int MIN_NAMED_SECRET = 8;

    private SecretValues() {
    }

    /** The provider whose key shape {@code value} contains, if any. */
    public static Optional<String> provider(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (KeyShape shape : SHAPES) {
            if (shape.mayOccurIn(value) && shape.pattern().matcher(value).find()) {
                return Optional.of(shape.provider());
            }
        }
        return Optional.empty();
    }

    /** Every provider key shape in {@code text}, in the order of {@link #provider}'s shapes. */
    public static List<KeyMatch> keys(String text) {
        List<KeyMatch> out = new java.util.ArrayList<>();
        for (KeyShape shape : SHAPES) {
            if (!shape.mayOccurIn(text)) {
                continue;
            }
            java.util.regex.Matcher m = shape.pattern().matcher(text);
            while (m.find()) {
                out.add(new KeyMatch(shape.provider(), m.start(1), m.end(1), m.group(1)));
            }
        }
        return out;
    }

    /** Where in {@code text} a name of an AI service key ({@code OPENAI_API_KEY}, {@code HF_TOKEN}, …) is written. */
    public static java.util.regex.Matcher aiKeyNames(CharSequence text) {
        return AI_KEY_NAME_PATTERN.matcher(text);
    }

    /** Whether {@code value}, given under {@code name}, is a literal secret. */
    public static boolean isLiteralSecret(String name, String value) {
        if (value == null || value.isBlank() || isReference(value)) {
            return false;
        }
        if (provider(value).isPresent()) {
            return true;
        }
        return name != null && SECRET_NAME.matcher(name).find() && value.strip().length() >= MIN_NAMED_SECRET
                && !value.strip().toLowerCase(Locale.ROOT).matches("(true|false|none|null|changeme|your[-_ ].*|<.*>|x+)");
    }

    /** Whether {@code name} is the name of something secret (a key, a token, a password). */
    public static boolean isSecretName(String name) {
        return name != null && SECRET_NAME.matcher(name).find();
    }

    /** Whether {@code value} only refers to a secret kept elsewhere (an environment variable, an input). */
    public static boolean isReference(String value) {
        return REFERENCE.matcher(value).matches() || BEARER_REFERENCE.matcher(value).matches();
    }

    /** How a secret is shown: its first four characters and its length, nothing more. */
    public static String mask(String value) {
        String v = value.strip();
        String head = v.length() > 12 ? v.substring(0, 4) : "";
        return head + "…(" + v.length() + " chars, masked)";
    }

    /** {@code value} with every recognised key inside it masked (an argument such as {@code --key=sk-…}). */
    public static String maskKeys(String value) {
        String out = value;
        for (KeyShape shape : SHAPES) {
            out = shape.pattern().matcher(out).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(mask(m.group(1))));
        }
        return out;
    }
}
