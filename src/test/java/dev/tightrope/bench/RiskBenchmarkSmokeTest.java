package dev.tightrope.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The risk benchmark runs end to end at a tiny size. */
class RiskBenchmarkSmokeTest {

    @TempDir
    Path dir;

    @Test
    void riskBenchmarkRuns() throws Exception {
        RiskBenchmark.Result r = RiskBenchmark.run(2_000, 200, dir);
        assertThat(r.assets()).isEqualTo(2_000);
        assertThat(r.first().counts().computed()).isEqualTo(2_000);
        // the incremental sync touched only the assets whose findings moved, and what follows from them
        assertThat(r.incremental().counts().dirty()).isBetween(100L, 400L);
        assertThat(r.incremental().counts().computed()).isLessThan(2_000);
        assertThat(r.dashboard().openFindings().values().stream().mapToLong(Long::longValue).sum()).isPositive();
    }
}
