package dev.tightrope.scan.formats;

import dev.tightrope.scan.FormatAnalyzer;
import dev.tightrope.scan.ModelFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each fixture is claimed by exactly one analyzer, by content, even under a misleading name. */
class RecognitionTest {

    @ParameterizedTest
    @CsvSource({
        "benign.safetensors, SAFETENSORS",
        "benign.gguf, GGUF",
        "benign.onnx, ONNX",
        "benign-subgraph.onnx, ONNX",
        "benign-external/model.onnx, ONNX",
        "keras2-sequential.h5, KERAS_H5",
        "userblock.h5, KERAS_H5",
        "weights-only.h5, KERAS_H5"
    })
    void fixtureIsClaimedByItsOwnAnalyzerOnly(String fixture, ModelFormat format) {
        assertThat(claimants(Scans.fixture(fixture))).containsExactly(format);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {}}|KERAS_CONFIG",
        "{\"chat_template\": \"{{ x }}\", \"tokenizer_class\": \"T\"}|TOKENIZER_CONFIG"
    })
    void jsonDocumentsAreToldApartByTheirKeys(String json, ModelFormat format) {
        assertThat(claimants(json.getBytes(StandardCharsets.UTF_8))).containsExactly(format);
    }

    private static List<ModelFormat> claimants(byte[] bytes) {
        byte[] head = Arrays.copyOf(bytes, 64 * 1024);
        int length = Math.min(bytes.length, head.length);
        return FormatAnalyzers.all().stream()
                .filter(a -> a.recognizes(head, length, bytes.length, "misleading.pt"))
                .map(FormatAnalyzer::format).toList();
    }
}
