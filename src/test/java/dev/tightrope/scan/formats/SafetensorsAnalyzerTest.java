package dev.tightrope.scan.formats;

import dev.tightrope.scan.FileScanResult;
import dev.tightrope.scan.ModelFormat;
import dev.tightrope.scan.ScanFinding;
import dev.tightrope.scan.Verdict;
import dev.tightrope.scan.testing.PickleWriter;
import dev.tightrope.scan.testing.ScanHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SafetensorsAnalyzerTest {
    private final SafetensorsAnalyzer analyzer = new SafetensorsAnalyzer();

    private RecordingContext scan(byte[] bytes) {
        return Scans.bytes(analyzer, "model.safetensors", bytes);
    }

    @Test
    void fileLaidOutLikeTheSafetensorsLibraryIsSafe(@TempDir Path dir) {
        Path file = Scans.copyFixture("benign.safetensors", dir);
        RecordingContext result = Scans.file(analyzer, file);
        assertThat(result.findings).isEmpty();
        assertThat(result.verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void recognisedByHeaderContentWhateverTheName() {
        byte[] file = new SafetensorsWriter().tensor("w", "F32", new long[] {2}, 8).build();
        assertThat(Scans.recognizes(analyzer, "weights.bin", file)).isTrue();
        assertThat(Scans.recognizes(analyzer, "model.safetensors", "PK\3\4 not safetensors".getBytes(StandardCharsets.US_ASCII)))
                .isFalse();
        assertThat(Scans.recognizes(analyzer, "model.safetensors", new byte[] {16, 0, 0, 0, 0, 0, 0, 0, '[', '1'}))
                .isFalse();
    }

    @Test
    void consistentHeaderWithMetadataAndSpacePaddingIsSafe() {
        byte[] file = new SafetensorsWriter().member("\"__metadata__\":{\"format\":\"pt\"}")
                .tensor("a", "F16", new long[] {3}, 6).tensor("b", "I64", new long[] {1, 2}, 16)
                .tensor("packed", "F4", new long[] {4}, 2).tensor("empty", "F32", new long[] {0}, 0).build();
        assertThat(scan(file).findings).isEmpty();
    }

    @Test
    void headerLengthPastTheEndIsInvalid() {
        byte[] file = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).put("{\"a\":1}".getBytes()).array();
        assertThat(scan(file).first("safetensors.header-out-of-bounds").verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void headerLongerThanOneHundredMillionBytesIsInvalid() {
        byte[] file = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(100_000_001L).array();
        assertThat(scan(file).ruleIds()).containsExactly("safetensors.header-too-large");
    }

    @Test
    void headerLengthWithTheSignBitSetIsInvalidNotNegative() {
        byte[] file = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-8).array();
        assertThat(scan(file).ruleIds()).containsExactly("safetensors.header-too-large");
    }

    @Test
    void fileShorterThanTheLengthFieldIsInvalid() {
        assertThat(scan(new byte[5]).ruleIds()).containsExactly("safetensors.too-small");
    }

    @Test
    void duplicateTensorNameIsInvalid() {
        byte[] file = new SafetensorsWriter().tensor("w", "F32", new long[] {1}, 4).tensor("w", "F32", new long[] {1}, 4).build();
        RecordingContext result = scan(file);
        assertThat(result.first("safetensors.duplicate-key").evidence()).contains("w");
    }

    @Test
    void duplicateKeyInsideATensorEntryIsInvalid() {
        byte[] file = new SafetensorsWriter().member("\"w\":{\"dtype\":\"F32\",\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]}")
                .build();
        assertThat(scan(file).ruleIds()).contains("safetensors.duplicate-key");
    }

    @Test
    void metadataWithANonStringValueIsInvalid() {
        byte[] file = new SafetensorsWriter().member("\"__metadata__\":{\"format\":\"pt\",\"step\":5}")
                .tensor("w", "F32", new long[] {1}, 4).build();
        assertThat(scan(file).first("safetensors.metadata-invalid").evidence()).contains("step");
    }

    @Test
    void unknownDtypeIsInvalid() {
        byte[] file = new SafetensorsWriter().tensor("w", "F128", new long[] {1}, 16).build();
        assertThat(scan(file).first("safetensors.unknown-dtype").evidence()).contains("F128");
    }

    @Test
    void overlappingTensorsAreInvalidWithBothNamesAndOffsets() {
        byte[] file = new SafetensorsWriter()
                .raw("first", "F32", new long[] {4}, 0, 16, 16)
                .raw("second", "F32", new long[] {4}, 8, 24, 8).build();
        RecordingContext result = scan(file);
        assertThat(result.first("safetensors.overlap").evidence()).contains("first", "second", "[8, 24]");
        assertThat(result.verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void holeBetweenTensorsIsInvalid() {
        byte[] file = new SafetensorsWriter()
                .raw("a", "F32", new long[] {1}, 0, 4, 4)
                .raw("b", "F32", new long[] {1}, 8, 12, 8).build();
        assertThat(scan(file).first("safetensors.hole").evidence()).contains("b begins at 8");
    }

    @Test
    void firstTensorNotAtZeroIsInvalid() {
        byte[] file = new SafetensorsWriter().raw("a", "F32", new long[] {1}, 4, 8, 8).build();
        assertThat(scan(file).first("safetensors.hole").message()).contains("must begin at 0");
    }

    @Test
    void bytesAfterTheLastTensorArePolyglotTrailingData() {
        byte[] zip = {'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] file = new SafetensorsWriter().tensor("w", "F32", new long[] {2}, 8).trailing(zip).build();
        RecordingContext result = scan(file);
        assertThat(result.first("safetensors.trailing-data").evidence()).contains("covered=8", "data=30");
    }

    @Test
    void tensorsRunningPastTheEndOfTheFileAreInvalid() {
        byte[] file = new SafetensorsWriter().raw("w", "F32", new long[] {4}, 0, 16, 8).build();
        assertThat(scan(file).ruleIds()).contains("safetensors.data-out-of-bounds");
    }

    @Test
    void spanThatDisagreesWithShapeTimesDtypeIsInvalid() {
        byte[] file = new SafetensorsWriter().raw("w", "F32", new long[] {3}, 0, 8, 8).build();
        assertThat(scan(file).first("safetensors.size-mismatch").evidence()).contains("w", "[0, 8]");
    }

    @Test
    void shapeWhoseByteSizeOverflowsSixtyFourBitsIsInvalid() {
        byte[] file = new SafetensorsWriter()
                .raw("huge", "F32", new long[] {1L << 31, 1L << 31, 1L << 2}, 0, 8, 8).build();
        assertThat(scan(file).ruleIds()).contains("safetensors.size-overflow");
    }

    @Test
    void subByteDtypeWithAnOddElementCountIsNotByteAligned() {
        byte[] file = new SafetensorsWriter().raw("f4", "F4", new long[] {3}, 0, 2, 2).build();
        assertThat(scan(file).ruleIds()).contains("safetensors.bits-not-byte-aligned");
    }

    @Test
    void negativeOrNonIntegerShapeMakesTheEntryInvalid() {
        byte[] file = new SafetensorsWriter().member("\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}")
                .member("\"v\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[4,8]}").build();
        assertThat(scan(file).ruleIds()).contains("safetensors.tensor-invalid");
    }

    @Test
    void offsetsEndingBeforeTheyBeginAreInvalid() {
        byte[] file = new SafetensorsWriter().raw("w", "U8", new long[] {0}, 8, 4, 8).build();
        assertThat(scan(file).ruleIds()).contains("safetensors.offsets-invalid");
    }

    @Test
    void headerThatIsNotJsonIsInvalid() {
        byte[] file = new SafetensorsWriter().build("{\"w\":", true);
        assertThat(scan(file).ruleIds()).containsExactly("safetensors.header-not-json");
    }

    @Test
    void headerNotStartingWithABraceIsInvalid() {
        byte[] file = new SafetensorsWriter().build(" {}", true);
        assertThat(scan(file).ruleIds()).containsExactly("safetensors.header-not-json");
    }

    @Test
    void garbageAfterTheHeaderObjectIsInvalidButSpacesAreNot() {
        SafetensorsWriter writer = new SafetensorsWriter().tensor("w", "F32", new long[] {1}, 4);
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        assertThat(scan(writer.build(header + "      ", false)).findings).isEmpty();
        assertThat(scan(writer.build(header + "\n  ", false)).ruleIds()).containsExactly("safetensors.header-trailing-bytes");
    }

    @Test
    void invalidUtf8InTheHeaderIsInvalid() {
        byte[] file = new SafetensorsWriter().build("{\"w\u00ff\":1}", true);
        int at = new String(file, 8, 10, StandardCharsets.ISO_8859_1).indexOf('w') + 9;
        file[at] = (byte) 0xC3;
        file[at + 1] = (byte) 0x28;
        assertThat(scan(file).ruleIds()).containsExactly("safetensors.header-not-json");
    }

    @Test
    void zeroBytesThatWouldPassForUtf32AreInvalidNotAnIoError() {
        byte[] file = new SafetensorsWriter().build("{\0\0\0\"w\":1}", false);
        assertThat(scan(file).ruleIds()).containsExactly("safetensors.header-not-json");
    }

    @Test
    void fieldsThatLoadersIgnoreAreSuspicious() {
        byte[] file = new SafetensorsWriter()
                .member("\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1],\"payload\":\"aGVsbG8=\"}").build();
        RecordingContext result = Scans.bytes(analyzer, "x", appendData(file, 1));
        assertThat(result.first("safetensors.unknown-field").verdict()).isEqualTo(Verdict.SUSPICIOUS);
    }

    // ---- what the engine makes of a header length it cannot use ----------------------------------

    private static final String ONE_TENSOR = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";

    private static byte[] withHeaderLength(long n, String header, int dataBytes) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN).putLong(n).put(json).array();
    }

    @Test
    void absurdHeaderLengthBeforeAJsonObjectIsAMalformedSafetensorsFileNotAnUnknownFormat(@TempDir Path dir) {
        byte[] file = withHeaderLength(1L << 63, ONE_TENSOR, 4);

        FileScanResult r = new ScanHarness(dir).scan("model.safetensors", file);

        assertThat(r.format()).isEqualTo(ModelFormat.SAFETENSORS);
        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
        ScanFinding f = r.findings().get(0);
        assertThat(r.findings()).extracting(ScanFinding::ruleId).containsExactly("safetensors.header-too-large");
        assertThat(f.message()).contains("9223372036854775808", "exceeds the limit of 100,000,000 bytes",
                "and the " + (file.length - 8) + " bytes the file holds after it");
    }

    @Test
    void headerLengthJustPastTheEndOfTheFileIsOutOfBounds(@TempDir Path dir) {
        byte[] file = withHeaderLength(0, ONE_TENSOR, 4);
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(0, file.length - 8 + 1);

        FileScanResult r = new ScanHarness(dir).scan("model.safetensors", file);

        assertThat(r.format()).isEqualTo(ModelFormat.SAFETENSORS);
        assertThat(r.findings()).extracting(ScanFinding::ruleId).containsExactly("safetensors.header-out-of-bounds");
        assertThat(r.findings().get(0).message()).contains("runs past the end of the " + file.length + "-byte file");
    }

    @Test
    void headerLengthZeroIsInvalid(@TempDir Path dir) {
        FileScanResult r = new ScanHarness(dir).scan("model.safetensors", withHeaderLength(0, ONE_TENSOR, 4));

        assertThat(r.format()).isEqualTo(ModelFormat.SAFETENSORS);
        assertThat(r.findings()).extracting(ScanFinding::ruleId).containsExactly("safetensors.header-not-json");
        assertThat(r.findings().get(0).message()).contains("header length is 0");
    }

    @Test
    void headerWithinTheLimitButCutOffIsInvalid(@TempDir Path dir) {
        String cut = ONE_TENSOR.substring(0, 30);
        FileScanResult r = new ScanHarness(dir).scan("model.safetensors", withHeaderLength(cut.length(), cut, 0));

        assertThat(r.format()).isEqualTo(ModelFormat.SAFETENSORS);
        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(r.findings()).extracting(ScanFinding::ruleId).containsExactly("safetensors.header-not-json");
        assertThat(r.findings().get(0).message()).contains("end-of-input");
    }

    @Test
    void textWithABraceAtOffsetEightIsTextUnlessNamedSafetensors(@TempDir Path dir) {
        byte[] text = "model = {\"layers\": 4}\n".getBytes(StandardCharsets.US_ASCII);
        ScanHarness harness = new ScanHarness(dir);

        FileScanResult notes = harness.scan("notes.txt", text);
        FileScanResult named = harness.scan("model.safetensors", text);

        assertThat(notes.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(notes.format()).isEqualTo(ModelFormat.UNKNOWN);
        assertThat(named.format()).isEqualTo(ModelFormat.SAFETENSORS);
        assertThat(named.verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void picklePayloadWithAJsonObjectAtOffsetEightIsStillSimulatedAsAPickle(@TempDir Path dir) {
        byte[] pickle = PickleWriter.proto(3).unicode("[{\"a\": 1}]").pop().global("os", "system")
                .shortUnicode(PickleWriter.INERT_COMMAND).tuple1().reduce().stop().bytes();
        assertThat(new String(pickle, 8, 2, StandardCharsets.US_ASCII)).isEqualTo("{\"");

        FileScanResult r = new ScanHarness(dir).scan("model.safetensors", pickle);

        assertThat(r.format()).isEqualTo(ModelFormat.PICKLE);
        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    private static byte[] appendData(byte[] file, int bytes) {
        return java.util.Arrays.copyOf(file, file.length + bytes);
    }
}
