package dev.tightrope.scan.formats;

import dev.tightrope.scan.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class KerasH5AnalyzerTest {
    private final KerasH5Analyzer analyzer = new KerasH5Analyzer();

    @Test
    void keras2SequentialWrittenByH5pyIsSafe(@TempDir Path dir) {
        RecordingContext result = Scans.file(analyzer, Scans.copyFixture("keras2-sequential.h5", dir));
        assertThat(result.findings).isEmpty();
        assertThat(result.verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void lambdaLayerInModelConfigIsDangerousEvenThoughSafeModeIsOffForH5Cve20259905(@TempDir Path dir) {
        RecordingContext result = Scans.file(analyzer, Scans.copyFixture("keras2-lambda.h5", dir));
        assertThat(result.verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(result.first("keras.lambda-layer").evidence()).isEqualTo("/model_config/config/layers/3 class_name=Lambda");
    }

    @Test
    void h5InsideAContainerIsReadFromMemoryWithoutATempFile() {
        RecordingContext result = Scans.bytes(analyzer, "archive/model.h5", Scans.fixture("keras2-lambda.h5"));
        assertThat(result.ruleIds()).containsExactly("keras.lambda-layer");
    }

    @Test
    void hdf5WithoutModelConfigIsPlainData() {
        RecordingContext result = Scans.bytes(analyzer, "model.weights.h5", Scans.fixture("weights-only.h5"));
        assertThat(result.ruleIds()).containsExactly("keras.h5-plain-data");
        assertThat(result.verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void signatureAfterAUserBlockIsRecognisedAndRead() {
        byte[] file = Scans.fixture("userblock.h5");
        assertThat(file[0]).isNotEqualTo((byte) 0x89);
        assertThat(Scans.recognizes(analyzer, "model.bin", file)).isTrue();
        assertThat(Scans.bytes(analyzer, "model.bin", file).findings).isEmpty();
    }

    @Test
    void otherContentIsNotClaimed() {
        assertThat(Scans.recognizes(analyzer, "model.h5", Scans.fixture("benign.gguf"))).isFalse();
    }

    @Test
    void truncatedHdf5IsInvalidNotACrash() {
        byte[] full = Scans.fixture("keras2-sequential.h5");
        RecordingContext result = Scans.bytes(analyzer, "model.h5", Arrays.copyOf(full, 900));
        assertThat(result.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(result.ruleIds()).contains("keras.h5-invalid");
    }

    /**
     * A truncated file whose object header declares more than the file holds (cut at 129 bytes,
     * a header claiming 256 MB) made jHDF allocate the declared size before reading: every cut of
     * a real model, from memory and from disk, now costs what the file is, not what it claims.
     */
    @Test
    void noTruncationMakesTheReaderAllocateWhatAHeaderClaims(@TempDir Path dir) throws Exception {
        byte[] full = Scans.fixture("keras2-lambda.h5");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int cut = 0; cut < full.length; cut++) {
            byte[] part = Arrays.copyOf(full, cut);
            long before = threads.getCurrentThreadAllocatedBytes();
            Scans.bytes(analyzer, "model.h5", part);
            assertThat(threads.getCurrentThreadAllocatedBytes() - before).as("bytes allocated, cut at %d", cut).isLessThan(32L << 20);
        }
        for (int cut : new int[] {99, 105, 129, 1034, 6144}) {
            Path file = java.nio.file.Files.write(dir.resolve("cut-" + cut + ".h5"), Arrays.copyOf(full, cut));
            long before = threads.getCurrentThreadAllocatedBytes();
            RecordingContext result = Scans.file(analyzer, file);
            assertThat(threads.getCurrentThreadAllocatedBytes() - before).as("bytes allocated, file cut at %d", cut).isLessThan(32L << 20);
            assertThat(result.verdict()).as("cut at %d", cut).isNotEqualTo(Verdict.SAFE);
        }
    }
}
