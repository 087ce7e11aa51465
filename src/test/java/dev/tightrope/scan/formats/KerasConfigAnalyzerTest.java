package dev.tightrope.scan.formats;

import dev.tightrope.scan.Verdict;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class KerasConfigAnalyzerTest {
    private final KerasConfigAnalyzer analyzer = new KerasConfigAnalyzer();

    private RecordingContext scan(String json) {
        return Scans.bytes(analyzer, "config.json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keras3SequentialConfigIsSafe() {
        String json = KerasJson.sequential();
        assertThat(Scans.recognizes(analyzer, "config.json", json.getBytes())).isTrue();
        assertThat(scan(json).findings).isEmpty();
    }

    @Test
    void lambdaLayerIsDangerousCve20243660WithItsJsonPointer() {
        RecordingContext result = scan(KerasJson.sequential(KerasJson.LAMBDA));
        assertThat(result.verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(result.first("keras.lambda-layer").evidence()).isEqualTo("/config/layers/2 class_name=Lambda");
    }

    @Test
    void bareLambdaFunctionObjectIsDangerous() {
        RecordingContext result = scan("""
                {"class_name": "Functional", "config": {"activation": {"class_name": "__lambda__", "config": {"code": "AA=="}}}}""");
        assertThat(result.first("keras.lambda-layer").evidence()).contains("/config/activation", "__lambda__");
    }

    @Test
    void functionReferenceOutsideKerasIsDangerousCve20251550() {
        String layer = KerasJson.DENSE.replace("\"activation\": \"relu\"",
                "\"activation\": {\"module\": \"builtins\", \"class_name\": \"function\", \"config\": \"exec\", \"registered_name\": \"function\"}");
        RecordingContext result = scan(KerasJson.sequential(layer));
        assertThat(result.first("keras.function-outside-keras").evidence())
                .isEqualTo("/config/layers/2/config/activation module=builtins config=\"exec\"");
    }

    @Test
    void functionReferenceInsideKerasIsSafe() {
        String layer = KerasJson.DENSE.replace("\"activation\": \"relu\"",
                "\"activation\": {\"module\": \"keras.activations\", \"class_name\": \"function\", \"config\": \"gelu\", \"registered_name\": \"function\"}");
        assertThat(scan(KerasJson.sequential(layer)).findings).isEmpty();
    }

    @Test
    void objectFromOsOrSubprocessIsDangerous() {
        RecordingContext result = scan("""
                {"module": "keras", "class_name": "Sequential", "config": {"layers": [
                  {"module": "subprocess", "class_name": "Popen", "config": {"args": ["id"]}, "registered_name": null}]}}""");
        assertThat(result.first("keras.module-outside-keras").evidence()).contains("module=subprocess", "Popen");
    }

    @Test
    void enableUnsafeDeserializationIsDangerousCve20259906() {
        String switchOff = """
                {"module": "keras.config", "class_name": "function", "config": "enable_unsafe_deserialization", "registered_name": "function"}""";
        RecordingContext result = scan(KerasJson.sequential(KerasJson.DENSE.replace("\"activation\": \"relu\"", "\"activation\": " + switchOff)));
        assertThat(result.first("keras.unsafe-deserialization").evidence()).contains("/config/layers/2/config/activation/config");
        assertThat(result.verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void customRegisteredObjectIsSuspicious() {
        String custom = """
                {"module": "kestrel.layers", "class_name": "RiskHead", "config": {"units": 2}, "registered_name": "Kestrel>RiskHead"}""";
        RecordingContext result = scan(KerasJson.sequential(custom));
        assertThat(result.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(result.first("keras.custom-object").evidence()).contains("Kestrel>RiskHead");
    }

    @Test
    void kerasHubRegistrationsAreNotCustom() {
        String hub = """
                {"module": "keras_hub.src.models.bert.bert_backbone", "class_name": "BertBackbone", "config": {}, "registered_name": "keras_hub>BertBackbone"}""";
        assertThat(scan(KerasJson.sequential(hub)).findings).isEmpty();
    }

    @Test
    void duplicateKeysAndBrokenJsonAreInvalid() {
        assertThat(scan("{\"class_name\": \"Dense\", \"class_name\": \"Lambda\", \"config\": {}}").ruleIds())
                .containsExactly("keras.duplicate-key");
        assertThat(scan("{\"class_name\": \"Dense\", \"config\": {").ruleIds()).containsExactly("keras.invalid-json");
        assertThat(scan("{\"class_name\": \"Dense\", \"config\": {}} trailing").ruleIds()).containsExactly("keras.invalid-json");
    }

    @Test
    void deeplyNestedJsonIsReportedAsNotScanned() {
        String deep = "{\"class_name\": \"x\", \"config\": " + "[".repeat(2000) + "]".repeat(2000) + "}";
        assertThat(scan(deep).ruleIds()).containsExactly("keras.not-scanned");
    }

    @Test
    void utf16ConfigIsReadLikePythonJsonLoadsReadsIt() {
        byte[] utf16 = KerasJson.sequential(KerasJson.LAMBDA).getBytes(StandardCharsets.UTF_16LE);
        assertThat(Scans.recognizes(analyzer, "config.json", utf16)).isTrue();
        assertThat(Scans.recognizes(analyzer, "config.json", KerasJson.sequential().getBytes(StandardCharsets.UTF_16))).isTrue();
        assertThat(Scans.bytes(analyzer, "config.json", utf16).ruleIds()).containsExactly("keras.lambda-layer");
    }

    @Test
    void brokenUtf32IsInvalidNotAnIoError() {
        byte[] bytes = "{\0\0\0\"class_name\"\0\0\0".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(Scans.bytes(analyzer, "config.json", bytes).ruleIds()).containsExactly("keras.invalid-json");
    }

    @Test
    void jsonWithoutKerasKeysIsNotClaimed() {
        assertThat(Scans.recognizes(analyzer, "config.json", "{\"model_type\": \"bert\"}".getBytes())).isFalse();
    }
}
