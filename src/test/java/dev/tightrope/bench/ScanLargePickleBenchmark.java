package dev.tightrope.bench;

import dev.tightrope.scan.FileScanResult;
import dev.tightrope.scan.ModelScanner;
import dev.tightrope.scan.Verdict;
import dev.tightrope.scan.testing.PlainDataPickle;
import dev.tightrope.testing.Executables;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A large plain-data pickle, like a cached dataset (a dict of shards, each a dict of lists of
 * 1000 strings and floats), scanned to the end by the whole engine (format detection, pickle
 * simulation, SHA-256) in a JVM capped at 512 MB of heap, against {@code pickletools.genops}
 * (the engine of picklescan and modelscan) walking the same file in the same run. Targets: the
 * whole file fully scanned to SAFE, at least 100 MB/s, at least 20x genops, under 512 MB of heap.
 *
 * <p>The file is written by CPython's {@code pickle.dump} (protocol 4) when {@code python3} is on
 * the PATH, otherwise by {@link PlainDataPickle} with the same opcodes. It is scanned three
 * times: the first run includes JIT warm-up, the best is the steady state.
 *
 * <p>Arguments: {@code [sizeMB]} (default 200).
 */
public final class ScanLargePickleBenchmark {

    static final long HEAP_CAP_MB = 512;
    private static final int RUNS = 3;
    private static final String RESULT_PREFIX = "large-pickle-scan ";

    /** The same dataset as {@link PlainDataPickle}, built as Python objects and dumped by the pickle module. */
    private static final String GENERATE = String.join("\n",
            "import pickle, sys",
            "path, target = sys.argv[1], int(sys.argv[2])",
            "words = ('alpha', 'beta', 'gamma', 'delta', 'token', 'label', 'news', 'sport', 'tech', 'world')",
            "labels = 'abcdefg'",
            "data, size, shard = {}, 0, 0",
            "while size < target:",
            "    data['shard_%06d' % shard] = {",
            "        'text': [words[(shard + r) % 10] + str(r) for r in range(1000)],",
            "        'label': ['%s%d' % (labels[k], k) for k in ((r * 7 + shard) % 7 for r in range(1000))],",
            "        'score': [r / 3.0 + shard for r in range(1000)],",
            "    }",
            "    size += 24500",
            "    shard += 1",
            "with open(path, 'wb') as f:",
            "    pickle.dump(data, f, protocol=4)");

    private static final String GENOPS = "import pickletools, sys\nwith open(sys.argv[1], 'rb') as f:\n"
            + "    for _ in pickletools.genops(f):\n        pass";

    /** What the scanning JVM measured. */
    public record Scan(double firstSeconds, double bestSeconds, Verdict verdict, int findings, long peakHeapBytes, long maxHeapBytes) {
        /** SAFE with no finding at all: no limit was hit, every byte was simulated. */
        public boolean fullyScanned() {
            return verdict == Verdict.SAFE && findings == 0;
        }
    }

    /** One run: the file, who wrote it, the scan, and genops's time (negative without python3). */
    public record Result(long bytes, String writtenBy, Scan scan, double genopsSeconds) {
        public double firstMBs() {
            return bytes / 1e6 / scan.firstSeconds();
        }

        public double bestMBs() {
            return bytes / 1e6 / scan.bestSeconds();
        }

        public double ratio(double javaSeconds) {
            return genopsSeconds > 0 ? genopsSeconds / javaSeconds : Double.NaN;
        }
    }

    public static void main(String[] args) throws Exception {
        long megabytes = args.length > 0 ? Long.parseLong(args[0]) : 200;
        Optional<Path> python = Executables.find("python3");
        print(run(megabytes * 1_000_000, python, true));
    }

    static void print(Result r) {
        Scan s = r.scan();
        System.out.printf("ScanLargePickleBenchmark%n");
        System.out.printf("  plain-data pickle (dict of shards of lists of 1000 strings and floats), %.1f MB, written by %s%n",
                r.bytes() / 1e6, r.writtenBy());
        System.out.printf("  fully scanned: %s (verdict %s, %d findings)%n", s.fullyScanned() ? "yes" : "NO", s.verdict(), s.findings());
        System.out.printf("  whole engine (detection, simulation, SHA-256): first run %.2f s = %.0f MB/s, best of %d %.2f s = %.0f MB/s"
                + " (target >= 100 MB/s)%n", s.firstSeconds(), r.firstMBs(), RUNS, s.bestSeconds(), r.bestMBs());
        System.out.printf("  peak heap %,d MB of a %,d MB cap (target < 512 MB)%n", s.peakHeapBytes() >> 20, s.maxHeapBytes() >> 20);
        if (r.genopsSeconds() > 0) {
            System.out.printf("  python3 pickletools.genops: %.1f s (%.1f MB/s); ratio %.0fx first run, %.0fx best (target >= 20x)%n",
                    r.genopsSeconds(), r.bytes() / 1e6 / r.genopsSeconds(), r.ratio(s.firstSeconds()), r.ratio(s.bestSeconds()));
        } else {
            System.out.println("  python3 not found on PATH: no side-by-side genops figure");
        }
    }

    /**
     * Writes the file, scans it (in a JVM capped at 512 MB when {@code forkCappedJvm}, else in
     * this one) and times genops on it when {@code python} is present; deletes the file.
     */
    public static Result run(long targetBytes, Optional<Path> python, boolean forkCappedJvm) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("tightrope-large-pickle");
        Path file = dir.resolve("dataset.pkl");
        try {
            String writtenBy;
            if (python.isPresent()) {
                runPython(python.get(), GENERATE, file.toString(), Long.toString(targetBytes));
                writtenBy = "CPython pickle.dump, protocol 4";
            } else {
                PlainDataPickle.ofAtLeast(targetBytes).writeTo(file);
                writtenBy = "PlainDataPickle (no python3 on PATH)";
            }
            Scan scan = forkCappedJvm ? scanInCappedJvm(file) : scan(file);
            double genops = python.isPresent() ? runPython(python.get(), GENOPS, file.toString()) : -1;
            return new Result(Files.size(file), writtenBy, scan, genops);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /** The scanning JVM: {@code <file>}; prints one result line for the parent. */
    public static final class CappedScan {
        public static void main(String[] args) throws Exception {
            Scan s = scan(Path.of(args[0]));
            System.out.println(RESULT_PREFIX + s.firstSeconds() + " " + s.bestSeconds() + " " + s.verdict() + " " + s.findings() + " "
                    + s.peakHeapBytes() + " " + s.maxHeapBytes());
        }

        private CappedScan() {
        }
    }

    static Scan scan(Path file) throws IOException {
        ModelScanner scanner = ModelScanner.builder().threads(1).build();
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
        double first = 0;
        double best = Double.MAX_VALUE;
        FileScanResult last = null;
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            last = scanner.scanFile(file);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (i == 0) {
                first = seconds;
            }
            best = Math.min(best, seconds);
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : heapPools()) {
            peak += pool.getPeakUsage().getUsed();
        }
        return new Scan(first, best, last.verdict(), last.findings().size(), peak, Runtime.getRuntime().maxMemory());
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    private static Scan scanInCappedJvm(Path file) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Executables.currentJava().toString(),
                "-Xmx" + HEAP_CAP_MB + "m", "-cp", System.getProperty("java.class.path"), CappedScan.class.getName(), file.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("the scanning JVM failed:\n" + output);
        }
        String line = output.lines().filter(l -> l.startsWith(RESULT_PREFIX)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no result from the scanning JVM:\n" + output));
        String[] f = line.substring(RESULT_PREFIX.length()).split(" ");
        return new Scan(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Verdict.valueOf(f[2]), Integer.parseInt(f[3]),
                Long.parseLong(f[4]), Long.parseLong(f[5]));
    }

    /** Runs a Python program and returns its wall time in seconds. */
    private static double runPython(Path python, String program, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python.toString(), "-c", program));
        cmd.addAll(List.of(args));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("python3 failed: " + new String(output, StandardCharsets.UTF_8));
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private ScanLargePickleBenchmark() {
    }
}
