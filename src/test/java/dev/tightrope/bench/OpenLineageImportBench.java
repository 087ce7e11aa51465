package dev.tightrope.bench;

import dev.tightrope.domain.Asset;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.Finding;
import dev.tightrope.domain.OwnerClaim;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.port.RecordSink;
import dev.tightrope.sync.SyncContext;
import dev.tightrope.sync.SyncResult;
import dev.tightrope.sync.openlineage.OpenLineageConnector;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Measures OpenLineage import: a full sync of a synthetic NDJSON file of Airflow-shaped events
 * (each run a START with described inputs and a COMPLETE with an output and statistics), then an
 * incremental sync after 1% more events are appended. Records go to a counting sink, so the
 * figures are the connector's own (reading, validating, merging, mapping), not the cache's.
 *
 * <p>Arguments: {@code [events] [directory]}: number of events (default 400,000), and where to
 * write the file (default a temporary directory, deleted afterwards). Prints events/s, MB/s,
 * records emitted, the cursor size and the peak heap.
 */
public final class OpenLineageImportBench {

    /** What one run of the benchmark measured. */
    public record Result(long events, long bytes, double fullSeconds, long assets, long edges, long owners, long problems,
                         long appendedEvents, double incrementalSeconds, long incrementalAssets, int cursorChars, long peakHeapBytes,
                         String fullMode, String incrementalMode) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, """
                    openlineage import: %,d events, %.1f MB
                      full sync        %.2f s  %,.0f events/s  %.1f MB/s  -> %,d assets, %,d edges, %,d owners, %,d problems (%s)
                      incremental      %,d appended events in %.3f s -> %,d assets emitted (%s)
                      cursor           %,d chars
                      peak heap        %.0f MB""",
                    events, bytes / 1e6, fullSeconds, events / fullSeconds, bytes / 1e6 / fullSeconds, assets, edges, owners, problems,
                    fullMode, appendedEvents, incrementalSeconds, incrementalAssets, incrementalMode, cursorChars, peakHeapBytes / 1e6);
        }
    }

    private OpenLineageImportBench() {
    }

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 400_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("tightrope-ol-bench");
        try {
            System.out.println(run(events, dir));
        } finally {
            if (args.length <= 1) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    public static Result run(long events, Path dir) throws Exception {
        Path file = dir.resolve("bench.ndjson");
        long runs = Math.max(1, events / 2);
        write(file, 0, runs, false);
        long bytes = Files.size(file);
        resetPeaks();

        CountingSink full = new CountingSink();
        long t0 = System.nanoTime();
        SyncResult first = new OpenLineageConnector(file).sync(new BenchContext(null), full);
        double fullSeconds = (System.nanoTime() - t0) / 1e9;
        long peak = peakHeap();

        long extraRuns = Math.max(1, runs / 100);
        write(file, runs, extraRuns, true);
        CountingSink incremental = new CountingSink();
        long t1 = System.nanoTime();
        SyncResult second = new OpenLineageConnector(file).sync(new BenchContext(first.cursor()), incremental);
        double incrementalSeconds = (System.nanoTime() - t1) / 1e9;

        return new Result(runs * 2, bytes, fullSeconds, full.assets, full.edges, full.owners, full.problems, extraRuns * 2,
                incrementalSeconds, incremental.assets, first.cursor().length(), Math.max(peak, peakHeap()),
                first.mode().name(), second.mode().name());
    }

    private static void write(Path file, long firstRun, long runs, boolean append) {
        Random random = new Random(42 + firstRun);
        Instant base = Instant.parse("2026-03-01T00:00:00Z");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            for (long r = firstRun; r < firstRun + runs; r++) {
                String runId = String.format("0195f000-%04x-4000-8000-%012x", (r >>> 48) & 0xffff, r & 0xffffffffffffL);
                long job = r % 500;
                long in1 = random.nextInt(2_000);
                long in2 = random.nextInt(2_000);
                long outDs = 2_000 + job;
                Instant start = base.plusSeconds(r * 30);
                out.write(event("START", start, runId, job,
                        "[" + dataset(in1, true) + "," + dataset(in2, true) + "]", "[]"));
                out.write('\n');
                out.write(event("COMPLETE", start.plusSeconds(600 + random.nextInt(600)), runId, job, "[]",
                        "[{\"namespace\":\"s3://bench-lake\",\"name\":\"tables/t" + outDs + "\",\"facets\":{},"
                                + "\"outputFacets\":{\"outputStatistics\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"rowCount\":"
                                + random.nextInt(1_000_000) + ",\"size\":" + random.nextInt(100_000_000) + "}}}]"));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String event(String type, Instant time, String runId, long job, String inputs, String outputs) {
        return "{\"eventType\":\"" + type + "\",\"eventTime\":\"" + time + "\","
                + "\"producer\":\"https://github.com/apache/airflow/tree/providers-openlineage/2.3.0\","
                + "\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\","
                + "\"run\":{\"runId\":\"" + runId + "\",\"facets\":{"
                + "\"nominalTime\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"nominalStartTime\":\"" + time + "\"},"
                + "\"processing_engine\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"name\":\"Airflow\",\"version\":\"2.10.5\"},"
                + "\"parent\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"run\":{\"runId\":\"0195f001-0000-4000-8000-" + String.format("%012x", job)
                + "\"},\"job\":{\"namespace\":\"airflow://bench\",\"name\":\"dag_" + (job % 50) + "\"}}}},"
                + "\"job\":{\"namespace\":\"airflow://bench\",\"name\":\"dag_" + (job % 50) + ".task_" + job + "\",\"facets\":{"
                + "\"jobType\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"processingType\":\"BATCH\",\"integration\":\"AIRFLOW\",\"jobType\":\"TASK\"},"
                + "\"ownership\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"owners\":[{\"name\":\"team:t" + (job % 20) + "\"}]}}},"
                + "\"inputs\":" + inputs + ",\"outputs\":" + outputs + "}";
    }

    private static String dataset(long n, boolean described) {
        String facets = described
                ? "{\"schema\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
                        + "{\"name\":\"amount\",\"type\":\"double\"},{\"name\":\"ts\",\"type\":\"timestamp\"}]},"
                        + "\"ownership\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"owners\":[{\"name\":\"team:data\"}]}}"
                : "{}";
        return "{\"namespace\":\"s3://bench-lake\",\"name\":\"tables/t" + n + "\",\"facets\":" + facets + "}";
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static final class CountingSink implements RecordSink {
        long assets;
        long edges;
        long owners;
        long problems;

        @Override
        public void asset(Asset asset) {
            assets++;
        }

        @Override
        public void edge(Edge edge) {
            edges++;
        }

        @Override
        public void owner(OwnerClaim claim) {
            owners++;
        }

        @Override
        public void finding(Finding finding) {
            throw new IllegalStateException("the OpenLineage connector emits no findings");
        }

        @Override
        public void problem(Problem problem) {
            problems++;
        }
    }

    private record BenchContext(String cursor) implements SyncContext {
        @Override
        public SourceConfig source() {
            return new SourceConfig("bench", "openlineage", Map.of("path", "bench"));
        }

        @Override
        public boolean fullRequested() {
            return false;
        }

        @Override
        public void progress(long done, long total, String message) {
        }

        @Override
        public void checkCancelled() {
        }

        @Override
        public String secret(String name) {
            return null;
        }
    }
}
