package dev.tightrope.scan.formats;

import dev.tightrope.scan.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class GgufAnalyzerTest {
    private static final String SSTI = "{{ cycler.__init__.__globals__.os.popen('id').read() }}";
    private static final int F32 = 0;
    private static final int Q8_0 = 8;

    private final GgufAnalyzer analyzer = new GgufAnalyzer();

    private RecordingContext scan(byte[] bytes) {
        return Scans.bytes(analyzer, "model.gguf", bytes);
    }

    private static GgufWriter minimal() {
        return new GgufWriter().string("general.architecture", "llama").string("general.name", "t");
    }

    @Test
    void fileLaidOutLikeGgufPyIsSafe(@TempDir Path dir) {
        RecordingContext result = Scans.file(analyzer, Scans.copyFixture("benign.gguf", dir));
        assertThat(result.findings).isEmpty();
    }

    @Test
    void recognisedByMagicWhateverTheName() {
        assertThat(Scans.recognizes(analyzer, "weights.bin", minimal().build())).isTrue();
        assertThat(Scans.recognizes(analyzer, "model.gguf", "GGML".getBytes())).isFalse();
    }

    @Test
    void writerOutputWithTensorsOfSeveralTypesIsSafe() {
        byte[] file = minimal().tensor("a", F32, 8, 2).tensor("b", Q8_0, 64, 2).tensor("c", 12, 256).build();
        assertThat(scan(file).findings).isEmpty();
    }

    @Test
    void chatTemplateWithCyclerGlobalsPopenIsDangerousSstiCve202434359() {
        RecordingContext result = scan(minimal().string("tokenizer.chat_template", SSTI).build());
        assertThat(result.verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(result.ruleIds()).containsOnly("gguf.chat-template-ssti");
        assertThat(result.findings).extracting(f -> f.evidence())
                .anyMatch(e -> e.startsWith("tokenizer.chat_template: dunder"))
                .anyMatch(e -> e.contains("popen"))
                .anyMatch(e -> e.contains("cycler"));
    }

    @Test
    void namedChatTemplateVariantsAreCheckedToo() {
        RecordingContext result = scan(minimal().stringArray("tokenizer.chat_templates", "tool_use")
                .string("tokenizer.chat_template.tool_use", "{{ lipsum|attr('x') }}").build());
        assertThat(result.findings).extracting(f -> f.evidence())
                .allMatch(e -> e.startsWith("tokenizer.chat_template.tool_use"));
        assertThat(result.verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void sstiOffsetPointsIntoTheFile() {
        byte[] file = minimal().string("tokenizer.chat_template", "hello {{ x.__class__ }}").build();
        long offset = scan(file).first("gguf.chat-template-ssti").offset();
        assertThat(new String(file, (int) offset, 9)).isEqualTo("__class__");
    }

    @Test
    void patternBeyondTheFirstMegabyteOfAHugeTemplateIsFound() {
        String template = "x".repeat((1 << 20) - 4) + "{{ joiner }}";
        assertThat(scan(minimal().string("tokenizer.chat_template", template).build()).ruleIds())
                .containsExactly("gguf.chat-template-ssti");
    }

    @Test
    void countsBeyondTheFileSizeAreInvalidCve202423605() {
        RecordingContext kv = scan(minimal().kvCount(1L << 40).build());
        assertThat(kv.ruleIds()).containsExactly("gguf.count-exceeds-file");
        RecordingContext tensors = scan(minimal().tensorCount(-1).build());
        assertThat(tensors.first("gguf.count-exceeds-file").evidence()).contains("18446744073709551615");
    }

    @Test
    void versionOtherThanTwoOrThreeIsInvalid() {
        assertThat(scan(minimal().version(1).build()).ruleIds()).containsExactly("gguf.version");
    }

    @Test
    void stringLengthPastTheEndIsInvalid() {
        byte[] file = minimal().rawValue("general.description", GgufWriter.STRING, GgufWriter.le(8, 1L << 50)).build();
        assertThat(scan(file).ruleIds()).containsExactly("gguf.string-out-of-bounds");
    }

    @Test
    void duplicateKeyIsInvalid() {
        byte[] file = minimal().string("general.name", "again").build();
        assertThat(scan(file).first("gguf.duplicate-key").evidence()).isEqualTo("general.name");
    }

    @Test
    void keyWithControlBytesIsInvalidAndKeyNotInLowerSnakeCaseIsSuspicious() {
        assertThat(scan(minimal().string("general.\u0001evil", "x").build()).ruleIds()).containsExactly("gguf.key-invalid");
        RecordingContext odd = scan(minimal().string("General.Name2", "x").build());
        assertThat(odd.first("gguf.key-format").verdict()).isEqualTo(Verdict.SUSPICIOUS);
    }

    @Test
    void valueTypeOutsideZeroToTwelveIsInvalid() {
        assertThat(scan(minimal().rawValue("general.x", 13, new byte[8]).build()).ruleIds()).containsExactly("gguf.value-type");
    }

    @Test
    void boolOtherThanZeroOrOneIsInvalid() {
        RecordingContext result = scan(minimal().bool("tokenizer.ggml.add_bos_token", 7).build());
        assertThat(result.first("gguf.bool-value").evidence()).isEqualTo("tokenizer.ggml.add_bos_token=7");
    }

    @Test
    void arrayLongerThanTheRemainingBytesIsInvalid() {
        byte[] file = minimal().arrayHeader("tokenizer.ggml.scores", GgufWriter.FLOAT32, 1L << 40, new byte[8]).build();
        assertThat(scan(file).ruleIds()).containsExactly("gguf.array-out-of-bounds");
    }

    @Test
    void arraysNestedThreeDeepAreInvalid() {
        byte[] inner = concat(GgufWriter.le(4, GgufWriter.ARRAY), GgufWriter.le(8, 1),
                GgufWriter.le(4, GgufWriter.ARRAY), GgufWriter.le(8, 1), GgufWriter.le(4, GgufWriter.UINT8), GgufWriter.le(8, 0));
        byte[] file = minimal().arrayHeader("general.nested", GgufWriter.ARRAY, 1, inner).build();
        assertThat(scan(file).ruleIds()).containsExactly("gguf.array-nesting");
    }

    @Test
    void alignmentThatIsNotAPowerOfTwoOrIsHugeIsInvalid() {
        assertThat(scan(minimal().u32("general.alignment", 48).build()).ruleIds()).containsExactly("gguf.alignment");
        assertThat(scan(minimal().u32("general.alignment", 1L << 21).build()).ruleIds()).containsExactly("gguf.alignment");
        assertThat(scan(minimal().u32("general.alignment", 0).build()).ruleIds()).containsExactly("gguf.alignment");
    }

    @Test
    void customPowerOfTwoAlignmentIsHonoured() {
        byte[] file = minimal().alignment(64).tensor("a", F32, 16).tensor("b", F32, 3).build();
        assertThat(scan(file).findings).isEmpty();
    }

    @Test
    void moreThanFourDimensionsIsInvalid() {
        byte[] file = minimal().tensorAt("t", F32, 0, 1, 1, 1, 1, 1).extraData(32).build();
        assertThat(scan(file).ruleIds()).containsExactly("gguf.tensor-dims");
    }

    @Test
    void zeroDimensionIsInvalidCve202421802() {
        byte[] file = minimal().tensorAt("t", F32, 0, 4, 0).extraData(32).build();
        assertThat(scan(file).first("gguf.tensor-dims").message()).contains("CVE-2024-21802");
    }

    @Test
    void elementCountOverflowingInt64IsInvalid() {
        byte[] file = minimal().tensorAt("t", F32, 0, 1L << 32, 1L << 32).extraData(32).build();
        assertThat(scan(file).ruleIds()).containsExactly("gguf.tensor-size-overflow");
    }

    @Test
    void byteSizeOverflowAfterTheElementCountCheckIsInvalidGhsa3p4rFq3fQ74v() {
        // 2^61 elements fit int64; times 4 bytes of F32 they do not.
        byte[] file = minimal().tensorAt("t", F32, 0, 1L << 31, 1L << 30).extraData(32).build();
        RecordingContext result = scan(file);
        assertThat(result.first("gguf.tensor-size-overflow").message()).contains("GHSA-3p4r-fq3f-q74v");
    }

    @Test
    void removedAndUnknownGgmlTypesAreInvalid() {
        for (int type : new int[] {4, 5, 31, 32, 33, 36, 37, 38, 40, 1000}) {
            byte[] file = minimal().tensorAt("t", type, 0, 32).extraData(64).build();
            assertThat(scan(file).ruleIds()).as("type %d", type).containsExactly("gguf.tensor-type");
        }
    }

    @Test
    void rowNotAMultipleOfTheQuantBlockIsInvalid() {
        byte[] file = minimal().tensorAt("t", Q8_0, 0, 33).extraData(64).build();
        assertThat(scan(file).ruleIds()).containsExactly("gguf.tensor-block-misaligned");
    }

    @Test
    void misalignedTensorOffsetIsInvalid() {
        byte[] file = minimal().tensorAt("t", F32, 4, 4).extraData(64).build();
        assertThat(scan(file).ruleIds()).containsExactly("gguf.tensor-offset-misaligned");
    }

    @Test
    void tensorDataPastTheEndOfTheFileIsInvalid() {
        byte[] file = minimal().tensorAt("t", F32, 1024, 8).extraData(32).build();
        assertThat(scan(file).first("gguf.data-out-of-bounds").evidence()).contains("offset=1024");
    }

    @Test
    void overlappingTensorsAreInvalid() {
        byte[] file = minimal().tensorAt("a", F32, 0, 16).tensorAt("b", F32, 32, 16).extraData(128).build();
        assertThat(scan(file).first("gguf.tensor-overlap").evidence()).contains("a [0, +64)", "b [32, +64)");
    }

    @Test
    void duplicateTensorNameIsInvalid() {
        byte[] file = minimal().tensor("t", F32, 8).tensor("t", F32, 8).build();
        assertThat(scan(file).ruleIds()).containsExactly("gguf.duplicate-tensor");
    }

    @Test
    void tensorNameOfSixtyFourBytesIsInvalid() {
        byte[] file = minimal().tensor("n".repeat(64), F32, 8).build();
        assertThat(scan(file).ruleIds()).containsExactly("gguf.tensor-name");
        assertThat(scan(minimal().tensor("n".repeat(63), F32, 8).build()).findings).isEmpty();
    }

    @Test
    void truncatedKeyValueSectionIsInvalidNotACrash() {
        byte[] full = minimal().string("tokenizer.chat_template", "{{ messages }}").build();
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 5);
        assertThat(scan(cut).verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void headerShorterThanTwentyFourBytesIsInvalid() {
        assertThat(scan("GGUF\3\0\0\0".getBytes()).ruleIds()).containsExactly("gguf.truncated");
    }

    @Test
    void manyRepeatedFindingsAreSummarisedNotListedOneByOne() {
        GgufWriter writer = minimal();
        for (int i = 0; i < 40; i++) {
            writer.bool("general.flag" + i, 9);
        }
        RecordingContext result = scan(writer.build());
        assertThat(result.findings).hasSize(FindingBudget.PER_RULE + 1);
        assertThat(result.findings.get(FindingBudget.PER_RULE).evidence()).isEqualTo("count=15");
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
