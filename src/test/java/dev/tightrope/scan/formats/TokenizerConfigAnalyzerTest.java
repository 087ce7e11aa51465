package dev.tightrope.scan.formats;

import dev.tightrope.scan.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TokenizerConfigAnalyzerTest {
    private final TokenizerConfigAnalyzer analyzer = new TokenizerConfigAnalyzer();

    private RecordingContext scan(String json) {
        return Scans.bytes(analyzer, "tokenizer_config.json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void tokenizerConfigWithAnOrdinaryTemplateIsSafe() {
        String json = """
                {"add_bos_token": true, "added_tokens_decoder": {"0": {"content": "<unk>", "special": true}},
                 "bos_token": "<s>", "chat_template": "{% for m in messages %}{{ m['role'] + ': ' + m['content'] }}{% endfor %}",
                 "model_max_length": 4096, "tokenizer_class": "LlamaTokenizer"}""";
        assertThat(Scans.recognizes(analyzer, "tokenizer_config.json", json.getBytes())).isTrue();
        assertThat(scan(json).findings).isEmpty();
    }

    @Test
    void chatTemplateStringWithGlobalsIsDangerousSstiCve20265760() {
        RecordingContext result = scan("{\"chat_template\": \"{{ lipsum.__globals__['os'].popen('id').read() }}\"}");
        assertThat(result.verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(result.ruleIds()).containsOnly("tokenizer.chat-template-ssti");
    }

    @Test
    void namedTemplateListIsCheckedEntryByEntry() {
        RecordingContext result = scan("""
                {"chat_template": [{"name": "default", "template": "{{ messages }}"},
                                   {"name": "tool_use", "template": "{{ x|attr('y') }}"}]}""");
        assertThat(result.first("tokenizer.chat-template-ssti").evidence()).startsWith("chat_template[tool_use]");
    }

    @Test
    void templateOfTheWrongShapeIsInvalid() {
        assertThat(scan("{\"chat_template\": 42}").ruleIds()).containsExactly("tokenizer.chat-template-invalid");
        assertThat(scan("{\"chat_template\": [\"bare\"]}").ruleIds()).containsExactly("tokenizer.chat-template-invalid");
    }

    @Test
    void duplicateChatTemplateKeyIsInvalid() {
        assertThat(scan("{\"chat_template\": \"a\", \"chat_template\": \"{{ cycler }}\"}").ruleIds())
                .containsExactly("tokenizer.duplicate-key");
    }

    @Test
    void brokenJsonIsInvalid() {
        assertThat(scan("{\"chat_template\": ").ruleIds()).containsExactly("tokenizer.invalid-json");
    }

    @Test
    void standaloneJinjaTemplateFileIsChecked(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("chat_template.jinja");
        Files.writeString(file, "{% for m in messages %}{{ m.content }}{% endfor %}{{ joiner }}");
        byte[] bytes = Files.readAllBytes(file);
        assertThat(Scans.recognizes(analyzer, "chat_template.jinja", bytes)).isTrue();
        assertThat(Scans.recognizes(analyzer, "notes.txt", bytes)).isFalse();
        RecordingContext result = Scans.file(analyzer, file);
        assertThat(result.first("tokenizer.chat-template-ssti").offset()).isEqualTo(bytes.length - 12 + 3);
    }

    @Test
    void jsonWithoutTokenizerKeysIsNotClaimed() {
        assertThat(Scans.recognizes(analyzer, "config.json", "{\"architectures\": [\"BertModel\"]}".getBytes())).isFalse();
    }
}
