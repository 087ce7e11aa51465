package dev.tightrope.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.tightrope.scan.testing.PickleWriter;
import dev.tightrope.scan.testing.ZipBuilder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A seeded mutation fuzzer over every parser of the core scanner (pickle machine, zip, npy, tar,
 * legacy PyTorch, compressed streams, the unrecognised-content probe): random bytes, magic
 * prefixes with random tails, and mutated corpus files. Properties: no exception escapes, every
 * input finishes within its time budget, allocation stays bounded, no parser throws (which the engine would turn into
 * {@code scan.analyzer-error}), every rule id is catalogued.
 *
 * <p>The default run takes seconds; {@code -Dtightrope.fuzz.iterations=200000} runs longer and
 * {@code -Dtightrope.fuzz.seed=N} replays a run.
 */
class ScannerFuzzTest {

    private static final int ITERATIONS = Integer.getInteger("tightrope.fuzz.iterations", 4000);
    private static final long SEED = Long.getLong("tightrope.fuzz.seed", 20240611L);
    private static final ScanLimits LIMITS = new ScanLimits(200_000, 10_000, 256L << 20, 64L << 20, 200, 3, 100_000_000L, 10_000,
            Duration.ofSeconds(5));
    private static final long MAX_ALLOCATION = 512L << 20;

    private static final byte[][] MAGICS = {
        {(byte) 0x80, 0x02}, {(byte) 0x80, 0x04, (byte) 0x95}, {(byte) 0x80, 0x05}, {0x50, 0x4b, 0x03, 0x04}, {0x50, 0x4b, 0x05, 0x06},
        {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}, {0x78, (byte) 0x9c},
        {0x1f, (byte) 0x8b, 0x08}, {'B', 'Z', 'h', '9'}, {(byte) 0xfd, '7', 'z', 'X', 'Z', 0}, {0x5d, 0, 0, (byte) 0x80, 0},
        {0x04, 0x22, 0x4d, 0x18}, {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, {0x37, 0x7a, (byte) 0xbc, (byte) 0xaf, 0x27, 0x1c},
        {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19, 0x2e},
        {'c'}, {'('}, {']'}, {'}'},
    };

    @Test
    void noInputCrashesHangsOrAllocatesWithoutBound() throws Exception {
        List<byte[]> corpus = corpus();
        SplittableRandom rnd = new SplittableRandom(SEED);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        FormatRegistry registry = FormatRegistry.defaults();
        long worstNanos = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = next(rnd, corpus);
            long alloc0 = threads.getThreadAllocatedBytes(tid);
            long t0 = System.nanoTime();
            FileAnalysis a = new FileAnalysis(registry, LIMITS, null, t0, () -> false);
            try {
                a.analyzeFile(new ByteArrayInput("fuzz.bin", input));
            } catch (RuntimeException | IOException | StackOverflowError e) {
                throw new AssertionError("input " + i + " (seed " + SEED + ", " + input.length + " bytes, head "
                        + hex(input) + ") escaped with " + e, e);
            }
            long nanos = System.nanoTime() - t0;
            worstNanos = Math.max(worstNanos, nanos);
            assertThat(nanos).as("input %d took %d ms", i, nanos / 1_000_000).isLessThan(Duration.ofSeconds(10).toNanos());
            assertThat(threads.getThreadAllocatedBytes(tid) - alloc0).as("allocation for input %d", i).isLessThan(MAX_ALLOCATION);
            assertThat(a.findings()).allSatisfy(f -> assertThat(ScanRules.all()).as("uncatalogued rule " + f.ruleId())
                    .containsKey(f.ruleId()));
            assertThat(a.findings().size()).isLessThanOrEqualTo(FileAnalysis.MAX_FINDINGS + 2);
            assertThat(a.findings()).as("input %d (head %s): a parser threw instead of reporting", i, hex(input))
                    .noneMatch(f -> f.ruleId().equals("scan.analyzer-error"));
        }
        assertThat(worstNanos).isPositive();
    }

    private static byte[] next(SplittableRandom rnd, List<byte[]> corpus) {
        int kind = rnd.nextInt(10);
        if (kind == 0) {
            byte[] b = new byte[rnd.nextInt(2048)];
            rnd.nextBytes(b);
            return b;
        }
        if (kind == 1) {
            byte[] magic = MAGICS[rnd.nextInt(MAGICS.length)];
            byte[] b = new byte[magic.length + rnd.nextInt(1024)];
            rnd.nextBytes(b);
            System.arraycopy(magic, 0, b, 0, magic.length);
            return b;
        }
        byte[] b = corpus.get(rnd.nextInt(corpus.size())).clone();
        int mutations = 1 + rnd.nextInt(6);
        for (int m = 0; m < mutations; m++) {
            b = mutate(rnd, b, corpus);
        }
        return b;
    }

    private static byte[] mutate(SplittableRandom rnd, byte[] b, List<byte[]> corpus) {
        if (b.length == 0) {
            return new byte[] {(byte) rnd.nextInt(256)};
        }
        int at = rnd.nextInt(b.length);
        switch (rnd.nextInt(8)) {
            case 0 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
            case 1 -> b[at] = (byte) new int[] {0, 0xff, 0x7f, 0x80, 0x2e, 0x28, 0x93, 0x95}[rnd.nextInt(8)];
            case 2 -> b = Arrays.copyOf(b, at);
            case 3 -> {
                byte[] chunk = new byte[1 + rnd.nextInt(64)];
                rnd.nextBytes(chunk);
                byte[] out = new byte[b.length + chunk.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(chunk, 0, out, at, chunk.length);
                System.arraycopy(b, at, out, at + chunk.length, b.length - at);
                b = out;
            }
            case 4 -> {
                int len = Math.min(b.length - at, 1 + rnd.nextInt(256));
                byte[] out = new byte[b.length + len];
                System.arraycopy(b, 0, out, 0, at + len);
                System.arraycopy(b, at, out, at + len, b.length - at);
                b = out;
            }
            case 5 -> {
                byte[] other = corpus.get(rnd.nextInt(corpus.size()));
                int from = rnd.nextInt(Math.max(1, other.length));
                int len = Math.min(other.length - from, 1 + rnd.nextInt(512));
                byte[] out = Arrays.copyOf(b, Math.max(b.length, at + len));
                System.arraycopy(other, from, out, at, Math.max(0, len));
                b = out;
            }
            case 6 -> {
                if (at + 8 <= b.length) {
                    long v = new long[] {0xffffffffL, 0x7fffffffffffffffL, -1L, 0x80000000L, 1L << 40, 0}[rnd.nextInt(6)];
                    ByteBuffer.wrap(b, at, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(v);
                }
            }
            default -> {
                if (at + 4 <= b.length) {
                    ByteBuffer.wrap(b, at, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(rnd.nextInt());
                }
            }
        }
        return b;
    }

    private static List<byte[]> corpus() throws IOException, URISyntaxException {
        List<byte[]> corpus = new ArrayList<>();
        Path benign = Path.of(ScannerFuzzTest.class.getResource("benign").toURI());
        try (Stream<Path> files = Files.list(benign)) {
            for (Path p : files.sorted().toList()) {
                if (!p.toString().endsWith(".py")) {
                    corpus.add(Files.readAllBytes(p));
                }
            }
        }
        corpus.add(PickleWriter.reduceCall("posix", "system"));
        corpus.add(("cos\nsystem\n(S'echo tightrope-test'\ntR.").getBytes(StandardCharsets.US_ASCII));
        corpus.add(PickleWriter.proto(4).frame(12).shortUnicode("os").shortUnicode("system").stackGlobal().stop().bytes());
        ZipBuilder z = new ZipBuilder();
        z.add("archive/data.pkl", ZipBuilder.torchStateDictPickle());
        z.add("archive/data/0", new byte[16]);
        z.add("archive/code/x.pkl", PickleWriter.reduceCall("os", "system")).deflate();
        corpus.add(z.bytes());
        return corpus;
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(16, b.length); i++) {
            sb.append(String.format("%02x", b[i] & 0xff));
        }
        return sb.toString();
    }
}
