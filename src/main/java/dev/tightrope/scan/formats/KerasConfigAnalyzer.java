package dev.tightrope.scan.formats;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.scan.AnalysisContext;
import dev.tightrope.scan.FormatAnalyzer;
import dev.tightrope.scan.ModelFormat;
import dev.tightrope.scan.ScanInput;

import java.io.IOException;

/**
 * A Keras model configuration (the {@code config.json} member of a Keras 3 {@code .keras} zip, or a
 * standalone model JSON), recognised by content: a JSON object carrying Keras serialization keys
 * ({@code class_name} and {@code config}), in any encoding {@code json.loads} accepts. Rules:
 * {@link KerasConfigRules}.
 */
public final class KerasConfigAnalyzer implements FormatAnalyzer {

    @Override
    public ModelFormat format() {
        return ModelFormat.KERAS_CONFIG;
    }

    @Override
    public boolean recognizes(byte[] head, int headLength, long size, String name) {
        String text = StrictJson.headText(head, headLength);
        return StrictJson.startsWithObject(text) && text.contains("\"class_name\"") && text.contains("\"config\"");
    }

    @Override
    public void analyze(ScanInput input, AnalysisContext context) throws IOException {
        FindingBudget findings = new FindingBudget(context);
        try {
            JsonNode root = StrictJson.readTree(input, "keras", findings);
            if (root != null) {
                KerasConfigRules.check(root, "", findings);
            }
        } finally {
            findings.flush();
        }
    }
}
