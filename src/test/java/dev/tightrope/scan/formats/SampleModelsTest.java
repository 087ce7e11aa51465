package dev.tightrope.scan.formats;

import dev.tightrope.scan.FormatAnalyzer;
import dev.tightrope.scan.ModelFormat;
import dev.tightrope.scan.Verdict;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo workspace's model files get the verdicts FORMATS.md promises, chosen by content alone. */
class SampleModelsTest {
    private static final Path MODELS = Path.of("sample-data", "models");

    private static FormatAnalyzer recognise(String name, byte[] bytes) {
        byte[] head = Arrays.copyOf(bytes, 64 * 1024);
        return FormatAnalyzers.all().stream()
                .filter(a -> a.recognizes(head, Math.min(bytes.length, head.length), bytes.length, name))
                .findFirst().orElseThrow(() -> new AssertionError("nothing recognises " + name));
    }

    private static RecordingContext scanFile(String relative, ModelFormat expected) throws IOException {
        Path file = MODELS.resolve(relative);
        FormatAnalyzer analyzer = recognise("model.bin", Files.readAllBytes(file));
        assertThat(analyzer.format()).as(relative).isEqualTo(expected);
        return Scans.file(analyzer, file);
    }

    @Test
    void fraudBertSafetensorsIsSafe() throws IOException {
        assertThat(scanFile("fraud-bert-v3/model.safetensors", ModelFormat.SAFETENSORS).findings).isEmpty();
    }

    @Test
    void supportChatGgufFromTheHubMirrorIsDangerous() throws IOException {
        RecordingContext result = scanFile("support-chat-q4/support-chat.Q4_K_M.gguf", ModelFormat.GGUF);
        assertThat(result.verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(result.ruleIds()).containsOnly("gguf.chat-template-ssti");
    }

    @Test
    void legalDocumentClassifierIsSafe() throws IOException {
        assertThat(scanFile("doc-classifier/model.onnx", ModelFormat.ONNX).findings).isEmpty();
    }

    @Test
    void reExportedClassifierReachingForEtcPasswdIsDangerous() throws IOException {
        RecordingContext result = scanFile("doc-classifier-ext/model.onnx", ModelFormat.ONNX);
        assertThat(result.first("onnx.external-data-escape").evidence()).contains("location=../../etc/passwd");
    }

    @Test
    void kycFaceMatcherKerasArchiveHidesALambdaLayer() throws IOException {
        Map<String, RecordingContext> members = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(MODELS.resolve("kyc-face-match/model.keras").toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                byte[] bytes = zip.getInputStream(entry).readAllBytes();
                if (entry.getName().equals("metadata.json")) {
                    continue;
                }
                members.put(entry.getName(), Scans.bytes(recognise(entry.getName(), bytes), entry.getName(), bytes));
            }
        }
        assertThat(members.get("config.json").first("keras.lambda-layer").evidence())
                .isEqualTo("/config/layers/2 class_name=Lambda");
        assertThat(members.get("model.weights.h5").ruleIds()).containsExactly("keras.h5-plain-data");
    }
}
