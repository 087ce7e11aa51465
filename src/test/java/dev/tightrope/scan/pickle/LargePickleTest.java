package dev.tightrope.scan.pickle;

import static dev.tightrope.scan.testing.PickleWriter.INERT_COMMAND;
import static dev.tightrope.scan.testing.ScanHarness.evidence;
import static dev.tightrope.scan.testing.ScanHarness.rules;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.scan.FileScanResult;
import dev.tightrope.scan.ModelFormat;
import dev.tightrope.scan.ModelScanner;
import dev.tightrope.scan.ScanFinding;
import dev.tightrope.scan.ScanLimits;
import dev.tightrope.scan.Verdict;
import dev.tightrope.scan.testing.PickleWriter;
import dev.tightrope.scan.testing.PlainDataPickle;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large plain-data pickles (a cached dataset) are walked to the end and found SAFE, with the memo
 * costing 8 bytes per entry, while an import or a memo trick hidden after millions of plain
 * opcodes is still found. The old bounds (one million opcodes, 100,000 memo entries) are passed
 * many times over.
 */
class LargePickleTest {

    private static final long DATA_BYTES = 16L << 20;

    @TempDir
    Path dir;

    private static FileScanResult scan(Path file) throws Exception {
        return ModelScanner.builder().threads(1).build().scanFile(file);
    }

    @Test
    void cachedDatasetOfTensOfMegabytesIsScannedToTheEndAndSafe() throws Exception {
        Path file = dir.resolve("dataset.pkl");
        PlainDataPickle.Written w = PlainDataPickle.ofAtLeast(DATA_BYTES).writeTo(file);
        assertThat(w.opcodes()).isGreaterThan(3_000_000);
        assertThat(w.memoEntries()).isGreaterThan(1_000_000);

        FileScanResult r = scan(file);

        assertThat(r.findings()).isEmpty();
        assertThat(r.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(r.format()).isEqualTo(ModelFormat.PICKLE);
    }

    @Test
    void reduceOfADeniedImportAfterMillionsOfPlainOpcodesIsDangerous() throws Exception {
        Path file = dir.resolve("dataset.pkl");
        byte[] payload = PickleWriter.bare().global("posix", "system").shortUnicode(INERT_COMMAND).tuple1().reduce().pop().bytes();
        PlainDataPickle.Written w = PlainDataPickle.ofAtLeast(DATA_BYTES).epilogue(payload).writeTo(file);

        FileScanResult r = scan(file);

        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
        ScanFinding f = r.findings().get(0);
        assertThat(f.ruleId()).isEqualTo("pickle.denied-import");
        assertThat(f.evidence()).isEqualTo("posix.system");
        assertThat(f.offset()).isGreaterThan(w.bytes() - payload.length - 2);
    }

    @Test
    void stackGlobalFromMemoSlotsStoredBeforeMillionsOfOpcodesIsDangerous() throws Exception {
        Path file = dir.resolve("dataset.pkl");
        byte[] stashNames = PickleWriter.bare().shortUnicode("os").memoize().shortUnicode("system").memoize().pop().pop().bytes();
        byte[] useThem = PickleWriter.bare().binget(0).binget(1).stackGlobal().shortUnicode(INERT_COMMAND).tuple1().reduce().pop()
                .bytes();
        PlainDataPickle.ofAtLeast(DATA_BYTES).prelude(stashNames, 2).epilogue(useThem).writeTo(file);

        FileScanResult r = scan(file);

        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(evidence(r)).containsExactly("os.system");
    }

    @Test
    void allowedImportMemoisedFirstAndRewiredLastIsDangerous() throws Exception {
        Path file = dir.resolve("dataset.pkl");
        byte[] stashImport = PickleWriter.bare().global("collections", "OrderedDict").memoize().pop().bytes();
        byte[] setattrOnIt = PickleWriter.bare().binget(0).emptyDict().build().pop().bytes();
        PlainDataPickle.ofAtLeast(DATA_BYTES).prelude(stashImport, 1).epilogue(setattrOnIt).writeTo(file);

        FileScanResult r = scan(file);

        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(rules(r)).containsExactly("pickle.build-on-global");
        assertThat(evidence(r)).containsExactly("collections.OrderedDict");
    }

    @Test
    void joblibArrayAfterALargePlainStructureIsStillSkippedExactly() throws Exception {
        Path file = dir.resolve("model.joblib");
        byte[] array = PickleWriter.bare().joblibArrayWrapper("f8", 2, 16).u8(7).raw(new byte[] {-1, -1, -1, -1, -1, -1, -1})
                .raw(new byte[16]).pop().global("os", "system").shortUnicode(INERT_COMMAND).tuple1().reduce().pop().bytes();
        PlainDataPickle.ofAtLeast(DATA_BYTES).epilogue(array).writeTo(file);

        FileScanResult r = scan(file);

        assertThat(rules(r)).doesNotContain("joblib.resync-failed", "pickle.malformed");
        assertThat(r.format()).isEqualTo(ModelFormat.JOBLIB);
        assertThat(evidence(r)).containsExactly("os.system");
    }

    @Test
    void storageIdAfterPlainDataThatSpentThePlainBudgetIsStillRead() throws Exception {
        Path file = dir.resolve("data.pkl");
        PickleWriter tail = PickleWriter.bare().emptyList();
        for (int batch = 0; batch < 60; batch++) {
            tail.mark();
            for (int i = 0; i < 1000; i++) {
                tail.binint1(i & 0x7f).binint1(batch).tuple2();
            }
            tail.appends();
        }
        tail.pop().mark().shortBinstring("storage").global("torch", "FloatStorage").shortBinstring("0")
                .shortBinstring("cpu").binint1(4).tuple().binpersid().pop();
        PlainDataPickle.ofAtLeast(DATA_BYTES).epilogue(tail.bytes()).writeTo(file);

        FileScanResult r = scan(file);

        assertThat(r.findings()).as("the storage id is read, not reported as an unknown persistent id").isEmpty();
        assertThat(r.verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void memoOfMillionsOfEntriesTakesEightBytesEachAndItsBoundFailsClosed() throws Exception {
        Path file = dir.resolve("dataset.pkl");
        PlainDataPickle.Written w = PlainDataPickle.ofAtLeast(DATA_BYTES).writeTo(file);
        long eightBytesEach = w.memoEntries() * 8;

        FileScanResult fits = ModelScanner.builder().threads(1).limits(withMemoBytes(eightBytesEach + (1 << 20))).build().scanFile(file);
        FileScanResult tooSmall = ModelScanner.builder().threads(1).limits(withMemoBytes(eightBytesEach / 2)).build().scanFile(file);

        assertThat(fits.verdict()).as(fits.findings().toString()).isEqualTo(Verdict.SAFE);
        assertThat(tooSmall.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(tooSmall.findings()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("scan.limit");
            assertThat(f.message()).startsWith("not fully scanned: pickle memo larger than");
        });
    }

    private static ScanLimits withMemoBytes(long bytes) {
        ScanLimits d = ScanLimits.defaults();
        return new ScanLimits(d.maxPickleOpcodes(), d.maxPickleStack(), bytes, d.maxDecompressedBytes(), d.maxDecompressionRatio(),
                d.maxNestingDepth(), d.maxSafetensorsHeader(), d.maxNpyHeader(), Duration.ofMinutes(1));
    }
}
