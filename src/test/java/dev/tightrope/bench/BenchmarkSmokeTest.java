package dev.tightrope.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.scan.Verdict;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the scan benchmarks' code paths at tiny sizes so the build proves they work. */
class BenchmarkSmokeTest {

    @Test
    void syncConnectorsBenchmarkSyncsBothSourcesAcrossPagesAndSplitsItsTime(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        SyncConnectorsBenchmark.Result r = SyncConnectorsBenchmark.run(2_500, 250, dir);
        // 250 models, 2,500 versions, 2,500 runs; each version: VERSION_OF, PRODUCED_BY, TRAINED_ON (run and version)
        assertThat(r.records()).isGreaterThan(2_500L * 5 + 250L * 3);
        // 1 + 3 pages, the runs in one search per model's experiment (ten runs each); 3 list pages and 250 infos
        assertThat(r.requests()).isEqualTo(1 + 3 + 250 + 3 + 250);
        assertThat(r.httpSeconds()).isPositive();
        assertThat(r.totalSeconds()).isGreaterThan(r.httpSeconds());
        SyncConnectorsBenchmark.print(r);
    }

    @Test
    void sageMakerBenchmarkSyncsEveryOperationSignedIntoTheCache(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        SageMakerSyncBenchmark.Result r = SageMakerSyncBenchmark.run(250, 25, dir);
        // 3 groups: list, describe + tags, list packages each; 250 packages: describe + tags; 1 page of 25 endpoints:
        // describe, config, model, tags each; 1 page of 3 training jobs: describe + tags each
        assertThat(r.calls()).isEqualTo(1 + 3 * 3 + 250 * 2 + 1 + 25 * 4 + 1 + 3 * 2);
        // versions, groups, endpoints, training jobs, their S3 inputs and one image per version's digest
        assertThat(r.assets()).isEqualTo(250 + 3 + 25 + 3 + 3 + 250);
        SageMakerSyncBenchmark.print(r);
    }

    @Test
    void reportBenchmarkBuildsTheModelAndEstatePdfsAndTheBom(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        ReportBenchmark.Result r = ReportBenchmark.run(1, dir);
        assertThat(r.modelBytes()).isGreaterThan(10_000);
        assertThat(r.modelMedian()).isPositive();
        assertThat(r.estateMedian()).isPositive();
        ReportBenchmark.print(r);
    }

    @Test
    void zipBenchmarkScansAGeneratedCheckpointAsSafe() throws Exception {
        ScanZipBenchmark.Result r = ScanZipBenchmark.run(20);
        assertThat(r.verdict()).as(r.findings().toString()).isEqualTo(Verdict.SAFE);
        assertThat(r.bytes()).isGreaterThan(20L << 20);
        assertThat(r.scanMiBs()).isPositive();
        assertThat(r.digestMiBs()).isPositive();
    }

    @Test
    void pickleBenchmarkScansSmallFilesAndADensePickle() throws Exception {
        ScanPickleBenchmark.Result r = ScanPickleBenchmark.run(200, 1, false);
        assertThat(r.filesPerSecond()).isPositive();
        assertThat(r.denseOpcodes()).isGreaterThan(300_000);
        assertThat(r.denseMBs()).isPositive();
    }

    @Test
    // a separate thread: reading the forked JVM's output does not answer an interrupt
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // forks a JVM capped at the heap target
    void largePickleBenchmarkScansAGeneratedDatasetFullyInTheCappedJvm() throws Exception {
        ScanLargePickleBenchmark.Result r = ScanLargePickleBenchmark.run(8_000_000, Optional.empty(), true);
        assertThat(r.bytes()).isGreaterThan(8_000_000);
        assertThat(r.scan().fullyScanned()).as(r.scan().toString()).isTrue();
        assertThat(r.scan().maxHeapBytes()).isLessThanOrEqualTo(ScanLargePickleBenchmark.HEAP_CAP_MB << 20);
        assertThat(r.bestMBs()).isPositive();
    }
}
