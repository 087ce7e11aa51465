package dev.tightrope.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The ingest, search, sort and inventory benchmarks run end to end at a tiny size. */
class CacheBenchmarksSmokeTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // forks the inventory benchmark's JVM
    void ingestSearchSortAndInventoryBenchmarksRun() throws Exception {
        IngestBenchmark.Result r = IngestBenchmark.run(3_000, 3, dir);
        assertThat(r.assets()).isEqualTo(3_000);
        assertThat(r.edges()).isEqualTo(3 * 2_999);
        assertThat(r.ingestSeconds()).isPositive();
        assertThat(r.bareSeconds()).isPositive();

        long[] nanos = SearchBenchmark.run(dir, 50);
        assertThat(nanos).hasSize(50);

        List<SortBenchmark.Timing> sorts = SortBenchmark.run(dir, 1);
        assertThat(sorts).extracting(SortBenchmark.Timing::rows).startsWith(3_000L, 3_000L, 3_000L);

        assertThat(InventoryBenchmark.fork(dir, 5)).isZero();
    }
}
