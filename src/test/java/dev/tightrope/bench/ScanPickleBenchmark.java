package dev.tightrope.bench;

import dev.tightrope.scan.AnalysisContext;
import dev.tightrope.scan.FileInput;
import dev.tightrope.scan.ModelScanner;
import dev.tightrope.scan.ScanFinding;
import dev.tightrope.scan.ScanInput;
import dev.tightrope.scan.ScanLimits;
import dev.tightrope.scan.ScanReport;
import dev.tightrope.scan.Verdict;
import dev.tightrope.scan.pickle.PickleAnalyzer;
import dev.tightrope.scan.pickle.PicklePolicy;
import dev.tightrope.scan.testing.PickleWriter;
import dev.tightrope.testing.Executables;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Pickle scanning throughput: (a) many small pickle files through the whole engine (detection,
 * simulation, SHA-256) in files/s; (b) one opcode-dense pickle (small ints and short strings in
 * lists) through the pickle simulator alone in MB/s, and, when {@code python3} is on the PATH,
 * the same file walked by {@code pickletools.genops} (the engine of picklescan and modelscan),
 * timed in the same run, with the ratio (target at least 20x).
 *
 * <p>Arguments: {@code [files] [denseMiB]} (default 10000 and 32).
 */
public final class ScanPickleBenchmark {

    /** What one run measured; pythonSeconds is negative when python3 was not available. */
    public record Result(int files, double filesPerSecond, long denseBytes, long denseOpcodes, double denseMBs,
            double pythonSeconds, double javaSeconds) {
        public double ratio() {
            return pythonSeconds > 0 ? pythonSeconds / javaSeconds : Double.NaN;
        }
    }

    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int denseMiB = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        Result r = run(files, denseMiB, true);
        System.out.printf("ScanPickleBenchmark%n");
        System.out.printf("  %d small pickle files (engine, with SHA-256): %.0f files/s%n", r.files(), r.filesPerSecond());
        System.out.printf("  opcode-dense pickle: %.1f MB, %d opcodes, simulated at %.1f MB/s (%.1f M opcodes/s)%n",
                r.denseBytes() / 1e6, r.denseOpcodes(), r.denseMBs(), r.denseOpcodes() / r.javaSeconds() / 1e6);
        if (r.pythonSeconds() > 0) {
            System.out.printf("  python3 pickletools.genops: %.2f s (%.1f MB/s); Tightrope %.3f s; ratio %.1fx (target >= 20x)%n",
                    r.pythonSeconds(), r.denseBytes() / 1e6 / r.pythonSeconds(), r.javaSeconds(), r.ratio());
        } else {
            System.out.println("  python3 not found on PATH: no side-by-side genops figure");
        }
    }

    public static Result run(int fileCount, int denseMiB, boolean withPython) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("tightrope-pickle-bench");
        try {
            double filesPerSecond = smallFiles(dir.resolve("small"), fileCount);
            Path dense = dir.resolve("dense.pkl");
            long opcodes = writeDense(dense, (long) denseMiB << 20);
            long size = Files.size(dense);
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                best = Math.min(best, simulate(dense, opcodes));
            }
            double python = withPython ? python(dense) : -1;
            return new Result(fileCount, filesPerSecond, size, opcodes, size / 1e6 / best, python, best);
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static double smallFiles(Path dir, int count) throws IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < count; i++) {
            byte[] p = PickleWriter.proto(4).global("collections", "OrderedDict").emptyTuple().reduce().memoize()
                    .shortUnicode("weight." + i).global("torch._utils", "_rebuild_tensor_v2").mark().mark()
                    .shortBinstring("storage").global("torch", "FloatStorage").shortBinstring(Integer.toString(i)).shortBinstring("cpu")
                    .binint1(4).tuple().binpersid().binint1(0).binint1(4).tuple1().binint1(1).tuple1().newFalse()
                    .global("collections", "OrderedDict").emptyTuple().reduce().tuple().reduce().setitem().stop().bytes();
            Files.write(dir.resolve(String.format("m%05d.pkl", i)), p);
        }
        ModelScanner scanner = ModelScanner.builder().build();
        scanner.scan(dir);
        long t0 = System.nanoTime();
        ScanReport report = scanner.scan(dir);
        long t1 = System.nanoTime();
        if (report.files().size() != count || report.verdict() != Verdict.SAFE) {
            throw new IllegalStateException("small-file scan went wrong: " + report.verdict());
        }
        return count / ((t1 - t0) / 1e9);
    }

    /** Lists of 1000 items alternating small ints, two-byte ints and short strings, in frames like pickle protocol 4 writes. */
    static long writeDense(Path file, long targetBytes) throws IOException {
        long opcodes = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            PickleWriter head = PickleWriter.proto(4).emptyList().memoize();
            out.write(head.bytes());
            opcodes += 3;
            long written = head.size();
            int list = 0;
            while (written < targetBytes) {
                PickleWriter w = PickleWriter.bare().emptyList().mark();
                for (int i = 0; i < 1000; i++) {
                    switch (i % 3) {
                        case 0 -> w.binint1(i & 0xff);
                        case 1 -> w.op('M').le(i + list, 2);
                        default -> w.shortUnicode("k" + (i % 97));
                    }
                }
                w.appends().append();
                byte[] body = w.bytes();
                byte[] frame = PickleWriter.bare().frame(body.length).bytes();
                out.write(frame);
                out.write(body);
                written += frame.length + body.length;
                opcodes += 1005;
                list++;
            }
            out.write(PickleWriter.bare().stop().bytes());
            opcodes += 1;
        }
        return opcodes;
    }

    private static double simulate(Path file, long opcodes) throws IOException {
        ScanLimits limits = new ScanLimits(opcodes * 2, 10_000, 256L << 20, 4L << 30, 200, 3, 100_000_000L, 10_000, Duration.ofMinutes(10));
        Counting ctx = new Counting(limits);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            FileInput in = new FileInput(ch, file, file.getFileName().toString(), ch.size());
            long t0 = System.nanoTime();
            PickleAnalyzer.scan(in, ctx, PicklePolicy.standard());
            long t1 = System.nanoTime();
            if (!ctx.findings.isEmpty()) {
                throw new IllegalStateException("dense pickle should be clean: " + ctx.findings);
            }
            return (t1 - t0) / 1e9;
        }
    }

    private static double python(Path file) throws IOException, InterruptedException {
        Path python3 = Executables.find("python3").orElse(null);
        if (python3 == null) {
            return -1;
        }
        String code = "import pickletools,sys; [None for _ in pickletools.genops(open(sys.argv[1],'rb'))]";
        ProcessBuilder pb = new ProcessBuilder(python3.toString(), "-c", code, file.toString()).redirectErrorStream(true);
        long t0 = System.nanoTime();
        Process p = pb.start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            System.out.println("  python3 failed: " + new String(output, java.nio.charset.StandardCharsets.UTF_8));
            return -1;
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Collects findings; the benchmark runs the simulator without the engine so hashing is not measured. */
    private static final class Counting implements AnalysisContext {
        final List<ScanFinding> findings = new ArrayList<>();
        final ScanLimits limits;

        Counting(ScanLimits limits) {
            this.limits = limits;
        }

        @Override
        public void report(ScanFinding finding) {
            findings.add(finding);
        }

        @Override
        public String member() {
            return "";
        }

        @Override
        public void scanNested(String memberName, ScanInput content) {
            findings.add(new ScanFinding("bench.nested", Verdict.SUSPICIOUS, "unexpected nested content", memberName, memberName, -1));
        }

        @Override
        public Path baseDirectory() {
            return null;
        }

        @Override
        public ScanLimits limits() {
            return limits;
        }

        @Override
        public void checkDeadline() {
        }
    }

    private ScanPickleBenchmark() {
    }
}
