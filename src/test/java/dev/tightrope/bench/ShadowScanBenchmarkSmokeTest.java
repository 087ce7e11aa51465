package dev.tightrope.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole shadow scan benchmark runs end to end at a small size and finds what its tree holds. */
class ShadowScanBenchmarkSmokeTest {

    @TempDir
    Path dir;

    @Test
    void shadowScanBenchmarkRuns() throws Exception {
        ShadowScanBenchmark.Result r = ShadowScanBenchmark.run(2_000, dir);
        assertThat(r.files()).isEqualTo(2_000);
        assertThat(r.configs()).isEqualTo(200);
        assertThat(r.manifests()).isEqualTo(40);
        // the approved filesystem server, 23 helpers, and the uvx tools and remote endpoints the seed drew
        assertThat(r.servers()).isGreaterThan(30);
        assertThat(r.dependencies()).isPositive();
        assertThat(r.seconds()).isPositive();
    }
}
