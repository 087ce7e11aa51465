package dev.tightrope.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ownership benchmark runs end to end at a tiny size. */
class OwnershipBenchmarkSmokeTest {

    @TempDir
    Path dir;

    @Test
    void ownershipBenchmarkRuns() throws Exception {
        OwnershipBenchmark.Result r = OwnershipBenchmark.run(2_000, dir);
        // the source rule matches every asset, so each has exactly one winning rule naming one owner
        assertThat(r.ruleClaims()).isEqualTo(2_000);
        assertThat(r.inheritedClaims()).isPositive();
        assertThat(r.applySeconds()).isPositive();
        assertThat(r.inheritSeconds()).isPositive();
    }
}
