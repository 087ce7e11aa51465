package dev.tightrope.bench;

import dev.tightrope.domain.ModelManifest;
import dev.tightrope.testing.Executables;
import dev.tightrope.trust.keys.KeyAlgorithm;
import dev.tightrope.trust.keys.Signer;
import dev.tightrope.trust.oms.ModelHasher;
import dev.tightrope.trust.oms.ModelSignatures;
import dev.tightrope.trust.oms.ModelVerification;
import dev.tightrope.trust.oms.OmsSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Hashes and signs a model directory of many shards as an OpenSSF model signature and compares
 * the throughput with {@code sha256sum} over the same files in the same run. Both read from a
 * warm page cache: the files are read once before either is timed, and each is timed twice,
 * alternating, keeping its best run. Target: at least 1.5x {@code sha256sum} on 2 cores.
 *
 * <p>Arguments: {@code [total bytes (default 5000000000)] [shards (default 40)] [threads (default: cores)]
 * [directory (default: a temporary one, deleted afterwards)]}.
 */
public final class SignModelBenchmark {

    private SignModelBenchmark() {
    }

    /** What one run measured; {@code sha256sumSeconds} is NaN when sha256sum is not installed. */
    public record Figures(long bytes, int shards, int threads, double signSeconds, double sha256sumSeconds, boolean verified) {
        public double gigabytesPerSecond() {
            return bytes / 1e9 / signSeconds;
        }

        public double ratio() {
            return sha256sumSeconds / signSeconds;
        }
    }

    public static void main(String[] args) throws IOException {
        long total = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000_000L;
        int shards = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        boolean temporary = args.length < 4;
        Path dir = temporary ? Files.createTempDirectory("tightrope-sign-bench") : Path.of(args[3]);
        try {
            Figures f = run(dir.resolve("model"), total, shards, threads);
            System.out.printf("SignModelBenchmark: %.2f GB in %d shards, %d threads%n", f.bytes() / 1e9, f.shards(), f.threads());
            System.out.printf("  hash + sign (model.sig): %.2f s, %.2f GB/s%n", f.signSeconds(), f.gigabytesPerSecond());
            if (Double.isNaN(f.sha256sumSeconds())) {
                System.out.println("  sha256sum: not installed, no comparison");
            } else {
                System.out.printf("  sha256sum, same files:   %.2f s, %.2f GB/s%n", f.sha256sumSeconds(), f.bytes() / 1e9 / f.sha256sumSeconds());
                System.out.printf("  ratio: %.2fx sha256sum (target >= 1.5x)%n", f.ratio());
            }
            System.out.println("  model.sig verifies: " + f.verified());
        } finally {
            if (temporary) {
                deleteTree(dir);
            }
        }
    }

    public static Figures run(Path model, long total, int shards, int threads) throws IOException {
        List<Path> files = createModel(model, total, shards);
        warm(files);
        Signer signer = Signer.generate(KeyAlgorithm.P256);
        ModelSignatures signatures = new ModelSignatures(new ModelHasher(threads));
        Path sig = model.resolveSibling("model.sig");
        double best = Double.MAX_VALUE;
        double bestSum = Double.MAX_VALUE;
        boolean sumAvailable = true;
        for (int round = 0; round < 2; round++) {
            long s = System.nanoTime();
            ModelManifest manifest = signatures.signModel(model, OmsSerialization.files(), signer, sig);
            best = Math.min(best, (System.nanoTime() - s) / 1e9);
            if (manifest.resources().size() != files.size()) {
                throw new IllegalStateException("manifest has " + manifest.resources().size() + " files, expected " + files.size());
            }
            double sum = sha256sum(files);
            if (Double.isNaN(sum)) {
                sumAvailable = false;
            } else {
                bestSum = Math.min(bestSum, sum);
            }
        }
        ModelVerification v = signatures.verify(model, sig, signer.verificationKey(), ModelSignatures.VerifyOptions.defaults());
        return new Figures(total, files.size(), threads, best, sumAvailable ? bestSum : Double.NaN, v.verified());
    }

    private static List<Path> createModel(Path model, long total, int shards) throws IOException {
        Files.createDirectories(model);
        byte[] block = new byte[4 << 20];
        new Random(1).nextBytes(block);
        List<Path> files = new ArrayList<>();
        long per = total / shards;
        for (int i = 0; i < shards; i++) {
            long size = i == shards - 1 ? total - per * (shards - 1) : per;
            Path f = model.resolve(String.format("model-%05d-of-%05d.safetensors", i + 1, shards));
            files.add(f);
            if (Files.exists(f) && Files.size(f) == size) {
                continue;
            }
            block[0] = (byte) i;
            try (OutputStream out = Files.newOutputStream(f)) {
                for (long written = 0; written < size; ) {
                    int n = (int) Math.min(block.length, size - written);
                    out.write(block, 0, n);
                    written += n;
                }
            }
        }
        Files.writeString(model.resolve("config.json"), "{\"architectures\": [\"BertModel\"]}");
        files.add(model.resolve("config.json"));
        return files;
    }

    private static void warm(List<Path> files) throws IOException {
        byte[] buf = new byte[1 << 20];
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                while (in.read(buf) > 0) {
                    // reading is the point: it fills the page cache for both contenders
                }
            }
        }
    }

    /** Seconds for {@code sha256sum} over all files in one process, or NaN when it is not on the PATH. */
    private static double sha256sum(List<Path> files) {
        Optional<Path> sha256sum = Executables.find("sha256sum");
        if (sha256sum.isEmpty()) {
            return Double.NaN;
        }
        List<String> command = new ArrayList<>();
        command.add(sha256sum.get().toString());
        files.forEach(f -> command.add(f.toString()));
        Process p = null;
        try {
            long s = System.nanoTime();
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("sha256sum failed");
            }
            return (System.nanoTime() - s) / 1e9;
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
