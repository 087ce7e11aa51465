package dev.tightrope.scan.formats;

import dev.tightrope.scan.FormatAnalyzer;
import dev.tightrope.scan.ScanLimitException;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import static dev.tightrope.scan.formats.ProtoWriter.proto;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Analysis is O(metadata) in time and memory, and polls the engine's deadline as it walks. */
class ScanBoundsTest {

    private static String[] vocabulary(int size) {
        String[] tokens = new String[size];
        for (int i = 0; i < size; i++) {
            tokens[i] = "token_" + i + "_" + "x".repeat(i % 13);
        }
        return tokens;
    }

    private static long allocatedWhile(Runnable work) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        work.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    @Test
    void ggufVocabularyOfTwoHundredThousandTokensIsStreamedNotLoaded() {
        byte[] file = new GgufWriter().string("general.architecture", "llama")
                .stringArray("tokenizer.ggml.tokens", vocabulary(200_000))
                .stringArray("tokenizer.ggml.merges", vocabulary(100_000)).tensor("t", 0, 32).build();
        assertThat(file.length).isGreaterThan(5_000_000);
        RecordingContext[] result = new RecordingContext[1];
        long allocated = allocatedWhile(() -> result[0] = Scans.bytes(new GgufAnalyzer(), "big.gguf", file));
        assertThat(result[0].findings).isEmpty();
        assertThat(allocated).as("bytes allocated to scan %d bytes of metadata", file.length).isLessThan(2_000_000);
    }

    @Test
    void safetensorsHeaderOfTwentyThousandTensorsIsParsedAsAStream() {
        SafetensorsWriter writer = new SafetensorsWriter();
        for (int i = 0; i < 20_000; i++) {
            writer.tensor("encoder.layer." + i + ".weight", "F16", new long[] {2}, 4);
        }
        byte[] file = writer.build();
        long start = System.nanoTime();
        RecordingContext result = Scans.bytes(new SafetensorsAnalyzer(), "big.safetensors", file);
        assertThat(result.findings).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void largeTensorPayloadsAreSkippedUnread() {
        // An ONNX initializer of 32 MB: the walk touches its header fields only.
        byte[] raw = new byte[32 << 20];
        ProtoWriter tensor = proto().varint(1, raw.length / 4).varint(2, 1).string(8, "w").bytes(9, raw);
        byte[] file = proto().varint(1, 8).message(7, proto().message(1, proto().string(4, "Relu")).message(5, tensor))
                .message(8, proto().string(1, "").varint(2, 17)).build();
        long allocated = allocatedWhile(() -> assertThat(Scans.bytes(new OnnxAnalyzer(), "m.onnx", file).findings).isEmpty());
        assertThat(allocated).isLessThan(4_000_000);
    }

    @Test
    void everyWalkingAnalyzerPollsTheDeadline() {
        GgufWriter gguf = new GgufWriter();
        for (int i = 0; i < 2_000; i++) {
            gguf.u32("general.k" + i, i);
        }
        ProtoWriter graph = proto();
        for (int i = 0; i < 5_000; i++) {
            graph.message(1, proto().string(1, "n" + i).string(2, "Relu").string(4, "Relu"));
        }
        byte[] onnx = proto().varint(1, 8).message(7, graph).message(8, proto().string(1, "")).build();
        byte[] savedModel = proto().varint(1, 1).message(2, proto().message(2, graph)).build();
        SafetensorsWriter st = new SafetensorsWriter();
        for (int i = 0; i < 5_000; i++) {
            st.tensor("t" + i, "U8", new long[] {1}, 1);
        }
        assertDeadlineHit(new GgufAnalyzer(), gguf.build());
        assertDeadlineHit(new OnnxAnalyzer(), onnx);
        assertDeadlineHit(new SavedModelAnalyzer(), savedModel);
        assertDeadlineHit(new SafetensorsAnalyzer(), st.build());
    }

    private static void assertDeadlineHit(FormatAnalyzer analyzer, byte[] bytes) {
        RecordingContext spent = new RecordingContext(null, Duration.ZERO);
        assertThatThrownBy(() -> analyzer.analyze(new BytesInput("slow", bytes), spent))
                .as(analyzer.format().label()).isInstanceOf(ScanLimitException.class);
    }

    @Test
    void oversizedJsonDocumentIsReportedAsNotScanned() {
        dev.tightrope.scan.ScanInput huge = new dev.tightrope.scan.ScanInput() {
            @Override
            public long size() {
                return StrictJson.MAX_DOCUMENT + 1;
            }

            @Override
            public int read(long position, java.nio.ByteBuffer dst) {
                throw new AssertionError("an oversized document must not be read");
            }

            @Override
            public String name() {
                return "config.json";
            }

            @Override
            public java.nio.file.Path path() {
                return null;
            }
        };
        RecordingContext context = new RecordingContext(null);
        try {
            new KerasConfigAnalyzer().analyze(huge, context);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(context.ruleIds()).containsExactly("keras.not-scanned");
    }
}
