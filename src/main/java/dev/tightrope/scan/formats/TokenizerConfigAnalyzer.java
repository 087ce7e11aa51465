package dev.tightrope.scan.formats;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.scan.AnalysisContext;
import dev.tightrope.scan.FormatAnalyzer;
import dev.tightrope.scan.ModelFormat;
import dev.tightrope.scan.ScanInput;
import dev.tightrope.scan.Verdict;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Hugging Face tokenizer configuration ({@code tokenizer_config.json}, {@code chat_template.json})
 * and standalone {@code chat_template.jinja} files: the chat templates they carry are checked with
 * {@link ChatTemplateRules}, as the GGUF analyzer checks {@code tokenizer.chat_template}.
 *
 * <p>Recognition: a JSON object whose leading bytes show tokenizer keys ({@code chat_template},
 * {@code tokenizer_class}, {@code added_tokens_decoder}); or text with Jinja delimiters and no NUL
 * bytes whose name ends in {@code .jinja} (a bare template has no other mark).
 */
public final class TokenizerConfigAnalyzer implements FormatAnalyzer {
    private static final long MAX_TEMPLATE_FILE = 16L * 1024 * 1024;

    @Override
    public ModelFormat format() {
        return ModelFormat.TOKENIZER_CONFIG;
    }

    @Override
    public boolean recognizes(byte[] head, int headLength, long size, String name) {
        String text = StrictJson.headText(head, headLength);
        if (StrictJson.startsWithObject(text)) {
            return text.contains("\"chat_template\"") || text.contains("\"tokenizer_class\"")
                    || text.contains("\"added_tokens_decoder\"");
        }
        return name != null && name.endsWith(".jinja") && isText(head, headLength)
                && (text.contains("{{") || text.contains("{%"));
    }

    @Override
    public void analyze(ScanInput input, AnalysisContext context) throws IOException {
        FindingBudget findings = new FindingBudget(context);
        try {
            int probe = (int) Math.min(input.size(), 4096);
            byte[] head = input.readFully(0, probe);
            if (StrictJson.startsWithObject(StrictJson.headText(head, probe))) {
                analyzeJson(input, findings);
            } else {
                analyzeTemplateFile(input, findings);
            }
        } finally {
            findings.flush();
        }
    }

    private void analyzeJson(ScanInput input, FindingBudget findings) throws IOException {
        JsonNode root = StrictJson.readTree(input, "tokenizer", findings);
        if (root == null) {
            return;
        }
        if (!root.isObject()) {
            findings.report("tokenizer.invalid-json", Verdict.INVALID, "tokenizer configuration is not a JSON object",
                    root.getNodeType().toString(), 0);
            return;
        }
        JsonNode template = root.get("chat_template");
        if (template == null || template.isNull()) {
            return;
        }
        if (template.isTextual()) {
            check(findings, "chat_template", template.asText());
        } else if (template.isArray()) {
            for (int i = 0; i < template.size(); i++) {
                JsonNode entry = template.get(i);
                JsonNode name = entry.get("name");
                JsonNode body = entry.get("template");
                if (!entry.isObject() || body == null || !body.isTextual()) {
                    findings.report("tokenizer.chat-template-invalid", Verdict.INVALID,
                            "chat_template list entries must be objects with a string template", "/chat_template/" + i, -1);
                    continue;
                }
                String label = "chat_template[" + (name != null && name.isTextual() ? name.asText() : String.valueOf(i)) + "]";
                check(findings, label, body.asText());
            }
        } else {
            findings.report("tokenizer.chat-template-invalid", Verdict.INVALID,
                    "chat_template must be a string or a list of {name, template}", template.getNodeType().toString(), -1);
        }
    }

    private void analyzeTemplateFile(ScanInput input, FindingBudget findings) throws IOException {
        if (input.size() > MAX_TEMPLATE_FILE) {
            findings.report("tokenizer.not-scanned", Verdict.SUSPICIOUS, "template file of " + input.size()
                    + " bytes exceeds the " + MAX_TEMPLATE_FILE + "-byte bound; not scanned", "size=" + input.size(), -1);
            return;
        }
        byte[] raw = input.readFully(0, (int) input.size());
        // Latin-1: one char per byte, so match indexes are byte offsets.
        List<ChatTemplateRules.Match> matches = ChatTemplateRules.scan(new String(raw, StandardCharsets.ISO_8859_1));
        ChatTemplateRules.report(findings.context(), "tokenizer.chat-template-ssti", input.name(), matches, 0);
    }

    private void check(FindingBudget findings, String key, String template) {
        ChatTemplateRules.report(findings.context(), "tokenizer.chat-template-ssti", key, ChatTemplateRules.scan(template), -1);
    }

    private static boolean isText(byte[] head, int length) {
        for (int i = 0; i < length; i++) {
            if (head[i] == 0) {
                return false;
            }
        }
        return length > 0;
    }
}
