package dev.tightrope.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The trust benchmarks' code paths at a size that runs in seconds. */
class TrustBenchmarksSmokeTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES) // drives sha256sum
    void signModelBenchmarkHashesSignsAndVerifiesASmallShardedModel() throws Exception {
        SignModelBenchmark.Figures f = SignModelBenchmark.run(dir.resolve("model"), 6_000_000, 6, 2);
        assertThat(f.verified()).isTrue();
        assertThat(f.shards()).isEqualTo(7);
        assertThat(f.gigabytesPerSecond()).isPositive();
    }

    @Test
    void auditLogBenchmarkAppendsProvesAndVerifiesASmallLog() {
        AuditLogBenchmark.Figures f = AuditLogBenchmark.run(dir, 3_000, 500, 50, 100);
        assertThat(f.entries()).isEqualTo(3_000);
        assertThat(f.inclusionP95Millis()).isPositive();
        assertThat(f.batchedAppendsPerSecond()).isPositive();
    }
}
