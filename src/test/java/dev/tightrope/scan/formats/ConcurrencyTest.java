package dev.tightrope.scan.formats;

import dev.tightrope.scan.FormatAnalyzer;
import dev.tightrope.scan.ScanFinding;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** One analyzer instance serves many threads (the engine's registry shares them). */
class ConcurrencyTest {

    @Test
    void sharedAnalyzerInstancesGiveTheSameFindingsOnEveryThread() throws Exception {
        record Job(FormatAnalyzer analyzer, String fixture) {
        }
        List<Job> jobs = List.of(
                new Job(new GgufAnalyzer(), "benign.gguf"),
                new Job(new SafetensorsAnalyzer(), "benign.safetensors"),
                new Job(new KerasH5Analyzer(), "keras2-lambda.h5"),
                new Job(new OnnxAnalyzer(), "benign-subgraph.onnx"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (Job job : jobs) {
                List<ScanFinding> expected = Scans.bytes(job.analyzer(), job.fixture(), Scans.fixture(job.fixture())).findings;
                List<Future<List<ScanFinding>>> runs = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    runs.add(pool.submit(() -> Scans.bytes(job.analyzer(), job.fixture(), Scans.fixture(job.fixture())).findings));
                }
                for (Future<List<ScanFinding>> run : runs) {
                    assertThat(run.get()).as(job.fixture()).isEqualTo(expected);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
