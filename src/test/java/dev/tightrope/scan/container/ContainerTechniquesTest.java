package dev.tightrope.scan.container;

import static dev.tightrope.scan.testing.ScanHarness.evidence;
import static dev.tightrope.scan.testing.ScanHarness.rules;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.scan.FileScanResult;
import dev.tightrope.scan.ModelFormat;
import dev.tightrope.scan.ScanFinding;
import dev.tightrope.scan.ScanLimits;
import dev.tightrope.scan.Verdict;
import dev.tightrope.scan.testing.PickleWriter;
import dev.tightrope.scan.testing.ScanHarness;
import dev.tightrope.scan.testing.ZipBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Container quirks of reference section 5 and the container bypasses of section 8. */
class ContainerTechniquesTest {

    private static final byte[] PAYLOAD = PickleWriter.reduceCall("posix", "system");

    @TempDir
    Path dir;
    ScanHarness harness;

    @BeforeEach
    void setUp() {
        harness = new ScanHarness(dir);
    }

    private static ZipBuilder torchZip() {
        ZipBuilder z = new ZipBuilder();
        z.add("archive/data.pkl", ZipBuilder.torchStateDictPickle());
        z.add("archive/data/0", new byte[16]);
        z.add("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        return z;
    }

    @Test
    void wellFormedTorchZipIsSafe() {
        FileScanResult r = harness.scan("pytorch_model.bin", torchZip().bytes());
        assertThat(r.findings()).isEmpty();
        assertThat(r.format()).isEqualTo(ModelFormat.PYTORCH_ZIP);
    }

    @Test
    void pickleInANonPickleNamedZipMemberIsDangerous_GHSA_769v_p64c_89pr() {
        ZipBuilder z = torchZip();
        z.add("archive/extra/weights.txt", PAYLOAD);
        FileScanResult r = harness.scan("pytorch_model.bin", z.bytes());
        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(r.findings()).anySatisfy(f -> assertThat(f.member()).isEqualTo("archive/extra/weights.txt"));
    }

    @Test
    void localCentralNameMismatchIsReportedAndScanned_GHSA_7q5r_7gvp_wc82() {
        ZipBuilder z = torchZip();
        z.add("archive/data/1", PAYLOAD).localName("archive/data.pkl");
        FileScanResult r = harness.scan("pytorch_model.bin", z.bytes());
        assertThat(rules(r)).contains("zip.name-mismatch", "pickle.denied-import");
        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void encryptedFlagIsIgnoredLikePyTorchAndReported_GHSA_w8jq_xcqf_f792() {
        ZipBuilder z = new ZipBuilder();
        z.add("archive/data.pkl", PAYLOAD).flags(0x1);
        FileScanResult r = harness.scan("model.pt", z.bytes());
        assertThat(rules(r)).contains("zip.flag-bits", "pickle.denied-import");
    }

    @Test
    void badCrcIsReportedAndTheDataStillScanned_GHSA_mjqp_26hc_grxg() {
        ZipBuilder z = new ZipBuilder();
        z.add("archive/data.pkl", PAYLOAD).crc(0x12345678L);
        FileScanResult r = harness.scan("model.pt", z.bytes());
        assertThat(rules(r)).contains("zip.crc-mismatch", "pickle.denied-import");
    }

    @Test
    void badCrcOfASkippedStorageIsFoundDuringTheDigestPass() {
        ZipBuilder z = new ZipBuilder();
        z.add("archive/data.pkl", ZipBuilder.torchStateDictPickle());
        z.add("archive/data/0", new byte[16]).crc(0xdeadbeefL);
        FileScanResult r = harness.scan("model.pt", z.bytes());
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("zip.crc-mismatch");
            assertThat(f.member()).isEqualTo("archive/data/0");
        });
        ZipBuilder inner = new ZipBuilder();
        inner.add("archive/data.pkl", ZipBuilder.torchStateDictPickle());
        inner.add("archive/data/0", new byte[16]).crc(0xdeadbeefL);
        ZipBuilder outer = new ZipBuilder();
        outer.add("model.pt", inner.bytes());
        assertThat(harness.scan("bundle.zip", outer.bytes()).findings()).extracting(ScanFinding::member).containsExactly("model.pt/archive/data/0");
    }

    @Test
    void duplicateNamesAreBothScanned() {
        ZipBuilder z = torchZip();
        z.add("archive/data.pkl", PAYLOAD);
        FileScanResult r = harness.scan("model.pt", z.bytes());
        assertThat(rules(r)).contains("zip.duplicate-name", "pickle.denied-import");
    }

    @Test
    void localHeaderMissingFromTheCentralDirectoryIsScanned() {
        ZipBuilder z = torchZip();
        z.add("archive/hidden.pkl", PAYLOAD).unlisted();
        FileScanResult r = harness.scan("model.pt", z.bytes());
        assertThat(rules(r)).contains("zip.unreferenced-local-header", "pickle.denied-import");
    }

    @Test
    void deflatedMemberIsInflatedAndScanned() {
        ZipBuilder z = new ZipBuilder();
        z.add("archive/data.pkl", PAYLOAD).deflate();
        assertThat(harness.scan("model.pt", z.bytes()).verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void pickleWithAZipTailIsAPolyglotScannedBothWays() {
        ZipBuilder z = new ZipBuilder().prefix(PickleWriter.proto(2).none().stop().bytes());
        z.add("archive/data.pkl", PAYLOAD);
        FileScanResult r = harness.scan("model.bin", z.bytes());
        assertThat(rules(r)).contains("zip.polyglot", "pickle.denied-import");
        assertThat(r.findings()).anySatisfy(f -> assertThat(f.member()).startsWith("zip-view/archive/data.pkl"));
    }

    @Test
    void zipInsideZipIsScannedAndDepthIsBounded() {
        ZipBuilder inner = new ZipBuilder();
        inner.add("data.pkl", PAYLOAD);
        ZipBuilder outer = new ZipBuilder();
        outer.add("nested/model.zip", inner.bytes());
        FileScanResult r = harness.scan("bundle.zip", outer.bytes());
        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(r.findings()).anySatisfy(f -> assertThat(f.member()).isEqualTo("nested/model.zip/data.pkl"));

        byte[] deep = PAYLOAD;
        for (int i = 0; i < 5; i++) {
            ZipBuilder z = new ZipBuilder();
            z.add("level" + i + ".zip", deep);
            deep = z.bytes();
        }
        FileScanResult d = harness.scan("deep.zip", deep);
        assertThat(rules(d)).contains("scan.limit");
        assertThat(d.verdict()).isEqualTo(Verdict.SUSPICIOUS);
    }

    @Test
    void memberNameEscapingTheDirectoryIsDangerous() {
        ZipBuilder z = new ZipBuilder();
        z.add("../../.bashrc", "echo tightrope-test\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(rules(harness.scan("model.zip", z.bytes()))).contains("zip.path-traversal");
    }

    @Test
    void storageReferencedButMissingIsInvalid() {
        ZipBuilder z = new ZipBuilder();
        z.add("archive/data.pkl", ZipBuilder.torchStateDictPickle());
        FileScanResult r = harness.scan("model.pt", z.bytes());
        assertThat(rules(r)).containsExactly("torch.missing-storage");
        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void torchScriptNamesAreDunderOutsideATorchScriptArchive() {
        ZipBuilder z = new ZipBuilder();
        z.add("archive/data.pkl", PickleWriter.proto(2).global("__torch__", "Model").emptyTuple().newobj().stop().bytes());
        assertThat(harness.scan("model.pt", z.bytes()).verdict()).isEqualTo(Verdict.DANGEROUS);
        z.add("archive/constants.pkl", PickleWriter.proto(2).emptyTuple().stop().bytes());
        assertThat(harness.scan("model2.pt", z.bytes()).verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void legacyMagicProducedByEvalIsDangerous_GHSA_97f8_7cmv_76j2() {
        byte[] magic = PickleWriter.proto(2).global("builtins", "eval").shortUnicode("0x1950a86a20f9469cfc6c").tuple1().reduce().stop()
                .bytes();
        byte[] version = PickleWriter.proto(2).binint2(1001).stop().bytes();
        byte[] rest = PickleWriter.proto(2).emptyDict().stop().bytes();
        FileScanResult r = harness.scan("model.pt", concat(magic, version, rest, rest, PickleWriter.proto(2).emptyList().stop().bytes()));
        assertThat(rules(r)).contains("torch.legacy-magic", "pickle.denied-import");
    }

    @Test
    void legacyStackedLayoutWithAPayloadAfterTheStoragesIsDangerous() {
        byte[] magic = {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8,
            0x50, 0x19, 0x2e};
        byte[] version = PickleWriter.proto(2).binint2(1001).stop().bytes();
        byte[] sysInfo = PickleWriter.proto(2).emptyDict().stop().bytes();
        byte[] main = PickleWriter.proto(2).mark().shortBinstring("storage").global("torch", "FloatStorage").shortBinstring("7")
                .shortBinstring("cpu").binint1(2).none().tuple().binpersid().stop().bytes();
        byte[] keys = PickleWriter.proto(2).emptyList().shortBinstring("7").append().stop().bytes();
        byte[] storage = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(2).putFloat(1f).putFloat(2f).array();
        FileScanResult clean = harness.scan("clean.pt", concat(magic, version, sysInfo, main, keys, storage));
        assertThat(clean.format()).isEqualTo(ModelFormat.PYTORCH_LEGACY);
        assertThat(clean.findings()).isEmpty();
        FileScanResult r = harness.scan("model.pt", concat(magic, version, sysInfo, main, keys, storage, PAYLOAD));
        assertThat(rules(r)).contains("pickle.trailing-data", "pickle.denied-import");
        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void legacyTarWithAPayloadInItsPickleMemberIsDangerous() throws IOException {
        byte[] tar = tar("sys_info", new byte[0], "storages", concat(PickleWriter.proto(2).binint1(0).stop().bytes(), PickleWriter.proto(2).emptyList().stop().bytes()),
                "tensors", PickleWriter.proto(2).binint1(0).stop().bytes(), "pickle", PAYLOAD);
        FileScanResult r = harness.scan("model.pt", tar);
        assertThat(r.format()).isEqualTo(ModelFormat.PYTORCH_LEGACY_TAR);
        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(r.findings()).allSatisfy(f -> assertThat(f.member()).isEqualTo("pickle"));
    }

    @Test
    void compressedJoblibWithAPayloadIsDangerous() throws IOException {
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (OutputStream d = new DeflaterOutputStream(z)) {
            d.write(PAYLOAD);
        }
        FileScanResult r = harness.scan("model.joblib", z.toByteArray());
        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(r.findings().get(0).member()).isEqualTo("zlib");
        ByteArrayOutputStream g = new ByteArrayOutputStream();
        try (OutputStream d = new GZIPOutputStream(g)) {
            d.write(PAYLOAD);
        }
        assertThat(harness.scan("model.joblib.gz", g.toByteArray()).verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void decompressionBombIsBoundedAndNotFullyScanned() throws IOException {
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (OutputStream d = new DeflaterOutputStream(z)) {
            d.write(PickleWriter.proto(2).emptyList().bytes());
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 80; i++) {
                d.write(zeros);
            }
        }
        ScanLimits small = new ScanLimits(1_000_000, 10_000, 256L << 20, 8L << 20, 200, 3, 100_000_000L, 10_000, Duration.ofMinutes(1));
        FileScanResult r = new ScanHarness(dir, small).scan("bomb.joblib", z.toByteArray());
        assertThat(rules(r)).contains("scan.limit");
        assertThat(r.verdict()).isNotEqualTo(Verdict.SAFE);
    }

    @Test
    void manyDeflatedMembersShareOneDecodedByteBudgetPerFile() {
        ZipBuilder z = new ZipBuilder();
        for (int i = 0; i < 12; i++) {
            z.add("part" + i + ".bin", new byte[1 << 20]).deflate();
        }
        ScanLimits small = new ScanLimits(1_000_000, 10_000, 256L << 20, 8L << 20, 200, 3, 100_000_000L, 10_000, Duration.ofMinutes(1));
        FileScanResult r = new ScanHarness(dir, small).scan("parts.zip", z.bytes());
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.ruleId()).isEqualTo("scan.limit");
            assertThat(f.message()).contains("in total");
        });
    }

    @Test
    void zstdAndSevenZipAreNotScannedSoNeverSafe() {
        FileScanResult zstd = harness.scan("model.joblib.zst", new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0});
        FileScanResult sevenZip = harness.scan("models.7z", new byte[] {0x37, 0x7a, (byte) 0xbc, (byte) 0xaf, 0x27, 0x1c, 0, 4});
        assertThat(rules(zstd)).containsExactly("compressed.not-scanned");
        assertThat(rules(sevenZip)).containsExactly("compressed.not-scanned");
    }

    @Test
    void npyObjectArrayWithAPayloadIsDangerous() {
        FileScanResult r = harness.scan("labels.npy", npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", PAYLOAD));
        assertThat(rules(r)).contains("npy.object-array", "pickle.denied-import");
        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void npyHeaderThatIsNotAPlainDictLiteralIsInvalid() {
        FileScanResult r = harness.scan("x.npy", npy("{'descr': __import__('os').system('echo tightrope-test'), 'shape': ()}", new byte[0]));
        assertThat(rules(r)).containsExactly("npy.malformed-header");
        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void npyBodyMustMatchItsShape() {
        FileScanResult r = harness.scan("x.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", new byte[8]));
        assertThat(rules(r)).containsExactly("npy.size-mismatch");
    }

    @Test
    void npzWithAMaliciousObjectArrayIsDangerous() {
        ZipBuilder z = new ZipBuilder();
        z.add("a.npy", npy("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", new byte[8]));
        z.add("b.npy", npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", PAYLOAD)).deflate();
        FileScanResult r = harness.scan("arrays.npz", z.bytes());
        assertThat(r.format()).isEqualTo(ModelFormat.NUMPY_NPZ);
        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(r.findings()).anySatisfy(f -> assertThat(f.member()).isEqualTo("b.npy"));
    }

    @Test
    void joblibRawArrayIsSkippedAndAPayloadAfterItIsFound() {
        byte[] p = PickleWriter.proto(2).joblibArrayWrapper("f8", 2, 16).raw(new byte[] {7}).raw(new byte[] {(byte) 0xff, (byte) 0xff,
            (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}).raw(new byte[16])
                .pop().global("os", "system").shortUnicode(PickleWriter.INERT_COMMAND).tuple1().reduce().stop().bytes();
        FileScanResult r = harness.scan("model.joblib", p);
        assertThat(r.format()).isEqualTo(ModelFormat.JOBLIB);
        assertThat(evidence(r)).containsExactly("os.system");
    }

    @Test
    void joblibObjectArrayIsAnInnerPickleAndIsScanned() {
        byte[] p = PickleWriter.proto(2).joblibArrayWrapper("O8", 1, -1).raw(PAYLOAD).pop().none().stop().bytes();
        FileScanResult r = harness.scan("model.joblib", p);
        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(r.findings()).anySatisfy(f -> assertThat(f.member()).startsWith("object-array@"));
    }

    @Test
    void joblibArrayOfUnknownSizeFailsClosed() {
        byte[] p = PickleWriter.proto(2).joblibArrayWrapper("weird", 1, -1).raw(new byte[8]).stop().bytes();
        FileScanResult r = harness.scan("model.joblib", p);
        assertThat(rules(r)).contains("joblib.resync-failed");
        assertThat(r.verdict()).isNotEqualTo(Verdict.SAFE);
    }

    static byte[] npy(String header, byte[] body) {
        StringBuilder h = new StringBuilder(header);
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        byte[] hb = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + hb.length + body.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0).putShort((short) hb.length)
                .put(hb).put(body);
        return b.array();
    }

    static byte[] tar(Object... nameAndData) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            for (int i = 0; i < nameAndData.length; i += 2) {
                byte[] data = (byte[]) nameAndData[i + 1];
                TarArchiveEntry e = new TarArchiveEntry((String) nameAndData[i]);
                e.setSize(data.length);
                t.putArchiveEntry(e);
                t.write(data);
                t.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static ScanFinding first(FileScanResult r) {
        return r.findings().get(0);
    }
}
