package dev.tightrope.scan.formats;

import dev.tightrope.scan.FormatAnalyzer;

import java.util.List;

/** The analyzers of this package, for the engine's registry. */
public final class FormatAnalyzers {
    private FormatAnalyzers() {
    }

    /**
     * One instance of each; all are stateless and thread-safe. Order matters only where two could
     * claim the same bytes: SavedModel before ONNX (both are protobuf), Keras config before
     * tokenizer config (both are JSON objects).
     */
    public static List<FormatAnalyzer> all() {
        return List.of(new SafetensorsAnalyzer(), new GgufAnalyzer(), new KerasH5Analyzer(), new SavedModelAnalyzer(),
                new OnnxAnalyzer(), new KerasConfigAnalyzer(), new TokenizerConfigAnalyzer());
    }
}
