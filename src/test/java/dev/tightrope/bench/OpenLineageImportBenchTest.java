package dev.tightrope.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenLineageImportBenchTest {

    @Test
    void benchmarkImportsAFullAndAnIncrementalSyncAtTinySize(@TempDir Path dir) throws Exception {
        OpenLineageImportBench.Result result = OpenLineageImportBench.run(400, dir);

        assertThat(result.events()).isEqualTo(400);
        assertThat(result.fullMode()).isEqualTo("FULL");
        assertThat(result.incrementalMode()).isEqualTo("INCREMENTAL");
        assertThat(result.problems()).isZero();
        assertThat(result.assets()).as("200 runs, 500 jobs at most, datasets and 50 parent runs").isGreaterThan(200);
        assertThat(result.incrementalAssets()).isPositive().isLessThan(result.assets());
        assertThat(result.toString()).contains("events/s");
    }
}
