package dev.tightrope.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code scan benchmark runs end to end at a tiny size. */
class CodeScanBenchmarkSmokeTest {

    @TempDir
    Path dir;

    @Test
    void codeScanBenchmarkRuns() throws Exception {
        CodeScanBenchmark.Result r = CodeScanBenchmark.run(1_000, dir);
        assertThat(r.filesRead()).isEqualTo(1_000);
        // 10 requirements files with openai and langchain-openai, 10 package.json with the MCP SDK
        assertThat(r.dependencies()).isEqualTo(30);
        assertThat(r.secrets()).isPositive();
        assertThat(r.seconds()).isPositive();
    }
}
