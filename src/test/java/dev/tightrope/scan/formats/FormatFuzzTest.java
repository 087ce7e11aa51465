package dev.tightrope.scan.formats;

import dev.tightrope.scan.FormatAnalyzer;
import dev.tightrope.scan.ScanFinding;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random fuzzing of every analyzer: mutations of benign files and random bytes behind each
 * format's magic. Whatever the input, analysis ends normally (findings, never an exception), within
 * a time bound and an allocation bound. Case counts are kept low so the default build takes
 * seconds; {@code -Dtightrope.fuzz.scale=100} runs a hundred times more, and
 * {@code -Dtightrope.fuzz.seed=N} replays a reported run.
 */
class FormatFuzzTest {
    private static final long MAX_MILLIS = 2_000;
    private static final long MAX_ALLOCATED_BYTES = 96L * 1024 * 1024;
    private static final int SCALE = Integer.getInteger("tightrope.fuzz.scale", 1);
    private static final long RUN_SEED = Long.getLong("tightrope.fuzz.seed", System.nanoTime());

    record Seed(String label, FormatAnalyzer analyzer, byte[] bytes) {
        @Override
        public String toString() {
            return label;
        }
    }

    record Sample(Seed seed, byte[] bytes, String mutation) {
        @Override
        public String toString() {
            return seed.label() + " " + mutation + " (" + bytes.length + " bytes)";
        }
    }

    private static final List<Seed> SEEDS = List.of(
            new Seed("safetensors", new SafetensorsAnalyzer(), Scans.fixture("benign.safetensors")),
            new Seed("gguf", new GgufAnalyzer(), Scans.fixture("benign.gguf")),
            new Seed("gguf-ssti", new GgufAnalyzer(), new GgufWriter().string("general.architecture", "llama")
                    .string("tokenizer.chat_template", "{{ cycler.__init__.__globals__.os.popen('id') }}")
                    .tensor("t", 8, 64, 2).build()),
            new Seed("onnx", new OnnxAnalyzer(), Scans.fixture("benign.onnx")),
            new Seed("onnx-subgraph", new OnnxAnalyzer(), Scans.fixture("benign-subgraph.onnx")),
            new Seed("onnx-external", new OnnxAnalyzer(), Scans.fixture("benign-external/model.onnx")),
            new Seed("keras-h5", new KerasH5Analyzer(), Scans.fixture("keras2-lambda.h5")),
            new Seed("keras-config", new KerasConfigAnalyzer(),
                    KerasJson.sequential(KerasJson.LAMBDA).getBytes(StandardCharsets.UTF_8)),
            new Seed("tokenizer-config", new TokenizerConfigAnalyzer(),
                    "{\"tokenizer_class\": \"X\", \"chat_template\": [{\"name\": \"a\", \"template\": \"{{ joiner }}\"}]}"
                            .getBytes(StandardCharsets.UTF_8)),
            new Seed("saved-model", new SavedModelAnalyzer(), savedModel()));

    private static byte[] savedModel() {
        ProtoWriter node = ProtoWriter.proto().string(1, "n").string(2, "PrintV2")
                .message(5, ProtoWriter.proto().string(1, "output_stream").message(2, ProtoWriter.proto().string(2, "file:///x")));
        ProtoWriter graph = ProtoWriter.proto().message(1, node)
                .message(2, ProtoWriter.proto().message(1, ProtoWriter.proto().message(1, ProtoWriter.proto().string(1, "f"))
                        .message(3, ProtoWriter.proto().string(1, "r").string(2, "ReadFile"))));
        return ProtoWriter.proto().varint(1, 1).message(2, ProtoWriter.proto().message(2, graph)).build();
    }

    @Test
    void mutatedBenignAndMaliciousFilesNeverEscapeAnalysis() {
        Random random = new Random(RUN_SEED);
        for (int i = 0; i < 400 * SCALE; i++) {
            Seed seed = SEEDS.get(random.nextInt(SEEDS.size()));
            long caseSeed = random.nextLong();
            assertBoundedAndQuiet(mutate(seed, new Random(caseSeed), random.nextInt(7)));
        }
    }

    @Test
    void randomBytesBehindEachFormatsLeadingBytesNeverEscapeAnalysis() {
        Random random = new Random(RUN_SEED + 1);
        for (int i = 0; i < 150 * SCALE; i++) {
            Seed seed = SEEDS.get(random.nextInt(SEEDS.size()));
            byte[] noise = noise(random);
            int prefix = Math.min(1 + random.nextInt(64), seed.bytes().length);
            byte[] bytes = Arrays.copyOf(seed.bytes(), prefix + noise.length);
            System.arraycopy(noise, 0, bytes, prefix, noise.length);
            assertBoundedAndQuiet(new Sample(seed, bytes, "first " + prefix + " bytes + noise"));
        }
    }

    @Test
    void recognitionNeverFailsOnArbitraryHeads() {
        Random random = new Random(RUN_SEED + 2);
        for (int i = 0; i < 200 * SCALE; i++) {
            byte[] head = noise(random);
            for (FormatAnalyzer analyzer : FormatAnalyzers.all()) {
                byte[] padded = Arrays.copyOf(head, 64 * 1024);
                analyzer.recognizes(padded, head.length, head.length, "model.bin");
                analyzer.recognizes(padded, head.length, Long.MAX_VALUE, null);
            }
        }
    }

    private static byte[] noise(Random random) {
        byte[] b = new byte[random.nextInt(2049)];
        random.nextBytes(b);
        return b;
    }

    private static void assertBoundedAndQuiet(Sample sample) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        RecordingContext context = new RecordingContext(null, Duration.ofSeconds(10));
        try {
            sample.seed().analyzer().analyze(new BytesInput("fuzz", sample.bytes()), context);
        } catch (Throwable t) {
            throw new AssertionError(sample + " escaped analysis with " + t + " (replay with -Dtightrope.fuzz.seed=" + RUN_SEED + ")", t);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        assertThat(millis).as("time for %s (replay with -Dtightrope.fuzz.seed=%d)", sample, RUN_SEED).isLessThan(MAX_MILLIS);
        assertThat(allocated).as("bytes allocated for %s (replay with -Dtightrope.fuzz.seed=%d)", sample, RUN_SEED)
                .isLessThan(MAX_ALLOCATED_BYTES);
        for (ScanFinding f : context.findings) {
            assertThat(f.ruleId()).as("rule ids are format-prefixed").matches("(safetensors|gguf|onnx|tf|keras|tokenizer)\\..+");
        }
    }

    private static Sample mutate(Seed seed, Random random, int kind) {
        byte[] b = seed.bytes().clone();
        switch (kind) {
            case 0 -> {
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
                return new Sample(seed, b, flips + " random bytes");
            }
            case 1 -> {
                long[] extremes = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 0x7FFF_FFFFL, 0xFFFF_FFFFL, 1L << 40, 64, 63};
                int at = random.nextInt(Math.max(1, b.length - 8));
                long value = extremes[random.nextInt(extremes.length)];
                int width = 1 << random.nextInt(4);
                for (int i = 0; i < width && at + i < b.length; i++) {
                    b[at + i] = (byte) (value >>> (8 * i));
                }
                return new Sample(seed, b, "extreme " + value + " x" + width + " at " + at);
            }
            case 2 -> {
                int cut = random.nextInt(b.length);
                return new Sample(seed, Arrays.copyOf(b, cut), "truncated at " + cut);
            }
            case 3 -> {
                int from = random.nextInt(b.length);
                int length = random.nextInt(Math.min(512, b.length - from) + 1);
                int to = random.nextInt(b.length);
                byte[] out = new byte[b.length + length];
                System.arraycopy(b, 0, out, 0, to);
                System.arraycopy(b, from, out, to, length);
                System.arraycopy(b, to, out, to + length, b.length - to);
                return new Sample(seed, out, "slice " + from + "+" + length + " inserted at " + to);
            }
            case 4 -> {
                int at = random.nextInt(b.length);
                int varint = random.nextInt(3);
                b[at] = (byte) (varint == 0 ? 0xFF : varint == 1 ? 0x80 : 0x7F);
                return new Sample(seed, b, "varint-ish byte at " + at);
            }
            case 5 -> {
                // Runs of zero bytes: encoding sniffers (UTF-16/32 detection) and zero lengths/counts.
                int at = random.nextInt(Math.min(b.length, 16) + 1) == 0 ? 1 : random.nextInt(b.length);
                int run = 1 + random.nextInt(8);
                Arrays.fill(b, Math.min(at, b.length), Math.min(b.length, at + run), (byte) 0);
                return new Sample(seed, b, run + " zero bytes at " + at);
            }
            default -> {
                byte[] out = Arrays.copyOf(b, b.length + 1 + random.nextInt(4096));
                for (int i = b.length; i < out.length; i++) {
                    out[i] = (byte) random.nextInt(256);
                }
                return new Sample(seed, out, "appended " + (out.length - b.length) + " bytes");
            }
        }
    }
}
