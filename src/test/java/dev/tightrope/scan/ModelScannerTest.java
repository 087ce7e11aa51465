package dev.tightrope.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.domain.ModelManifest;
import dev.tightrope.scan.testing.PickleWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine: detection by content, digests, manifests, parallelism, progress, cancellation and fail-closed rules. */
class ModelScannerTest {

    @TempDir
    Path dir;

    private final ModelScanner scanner = ModelScanner.builder().threads(2).build();

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        return p;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void fileResultCarriesTheSha256AndSizeOfTheWholeFile() throws Exception {
        byte[] content = PickleWriter.reduceCall("os", "system");
        FileScanResult r = scanner.scanFile(write("m.pkl", content));
        assertThat(r.sha256()).isEqualTo(sha256(content));
        assertThat(r.size()).isEqualTo(content.length);
        assertThat(r.name()).isEqualTo("m.pkl");
        assertThat(r.elapsed()).isPositive();
    }

    @Test
    void formatIsDecidedByContentNotByExtension() throws Exception {
        FileScanResult pickleNamedSafetensors = scanner.scanFile(write("model.safetensors", PickleWriter.reduceCall("os", "system")));
        assertThat(pickleNamedSafetensors.format()).isEqualTo(ModelFormat.PICKLE);
        assertThat(pickleNamedSafetensors.verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void textIsSafeAndUnrecognisedBinaryIsSuspicious() throws Exception {
        FileScanResult text = scanner.scanFile(write("README.md", "# Fraud model\nTrained on 2024 data.\n".getBytes(StandardCharsets.UTF_8)));
        FileScanResult json = scanner.scanFile(write("config.json", "{\"hidden_size\": 8}".getBytes(StandardCharsets.UTF_8)));
        FileScanResult binary = scanner.scanFile(write("blob.bin", new byte[] {0x01, 0x02, (byte) 0xfe, 0x00, 0x33}));
        FileScanResult empty = scanner.scanFile(write("empty.bin", new byte[0]));
        assertThat(text.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(json.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(empty.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(binary.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(binary.findings()).extracting(ScanFinding::ruleId).containsExactly("format.unrecognised");
        assertThat(text.format()).isEqualTo(ModelFormat.UNKNOWN);
    }

    @Test
    void pythonSourceAtTheTopLevelIsSuspicious() throws Exception {
        FileScanResult r = scanner.scanFile(write("modeling_fraud.py", "import os\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.findings()).extracting(ScanFinding::ruleId).containsExactly("format.python-source");
    }

    @Test
    void directoryScanRollsUpToTheWorstVerdictAndBuildsTheManifest() throws Exception {
        byte[] a = PickleWriter.proto(2).none().stop().bytes();
        byte[] b = PickleWriter.reduceCall("os", "system");
        write("b/evil.pkl", b);
        write("a.pkl", a);
        write(".git/config", "x".getBytes(StandardCharsets.US_ASCII));
        write(".gitattributes", "*.bin lfs".getBytes(StandardCharsets.US_ASCII));
        write("model.sig", "{}".getBytes(StandardCharsets.US_ASCII));
        ScanReport report = scanner.scan(dir);
        assertThat(report.files()).extracting(FileScanResult::name).containsExactly("a.pkl", "b/evil.pkl");
        assertThat(report.verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(report.reaches(Verdict.SUSPICIOUS)).isTrue();
        ModelManifest m = report.manifest();
        assertThat(m.resources()).extracting(ModelManifest.Resource::name).containsExactly("a.pkl", "b/evil.pkl");
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(MessageDigest.getInstance("SHA-256").digest(a));
        md.update(MessageDigest.getInstance("SHA-256").digest(b));
        assertThat(m.rootDigest().hex()).isEqualTo(HexFormat.of().formatHex(md.digest()));
    }

    @Test
    void cleanDirectoryDoesNotReachSuspicious() throws Exception {
        write("a.pkl", PickleWriter.proto(2).none().stop().bytes());
        ScanReport report = scanner.scan(dir);
        assertThat(report.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(report.reaches(Verdict.SUSPICIOUS)).isFalse();
        assertThat(report.reaches(Verdict.SAFE)).isTrue();
    }

    @Test
    void symlinksAreReportedNotFollowed() throws Exception {
        Path target = write("outside/real.pkl", PickleWriter.reduceCall("os", "system"));
        Path model = Files.createDirectories(dir.resolve("model"));
        Files.createSymbolicLink(model.resolve("link.pkl"), target);
        ScanReport report = scanner.scan(model);
        assertThat(report.files()).singleElement().satisfies(f -> {
            assertThat(f.findings()).extracting(ScanFinding::ruleId).containsExactly("file.symlink");
            assertThat(f.sha256()).isNull();
        });
        assertThat(report.manifest().resources()).isEmpty();
    }

    @Test
    void progressCountsEveryFileAndByte() throws Exception {
        long total = 0;
        for (int i = 0; i < 12; i++) {
            total += write("f" + i + ".pkl", PickleWriter.proto(2).binint(i).stop().bytes()).toFile().length();
        }
        List<ScanProgress> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        scanner.scan(List.of(dir), seen::add, () -> false);
        ScanProgress last = seen.stream().max(java.util.Comparator.comparingInt(ScanProgress::filesDone)).orElseThrow();
        assertThat(last.filesDone()).isEqualTo(12);
        assertThat(last.filesTotal()).isEqualTo(12);
        assertThat(last.bytesTotal()).isEqualTo(total);
        assertThat(seen.stream().mapToLong(ScanProgress::bytesDone).max().orElseThrow()).isEqualTo(total);
        assertThat(last.fraction()).isEqualTo(1.0);
    }

    @Test
    void cancellationStopsTheScan() throws Exception {
        for (int i = 0; i < 20; i++) {
            write("f" + i + ".pkl", PickleWriter.proto(2).none().stop().bytes());
        }
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> scanner.scan(List.of(dir), p -> { }, () -> calls.incrementAndGet() > 3))
                .isInstanceOf(ScanCancelledException.class);
    }

    @Test
    void parallelAndSequentialScansAgree() throws Exception {
        for (int i = 0; i < 30; i++) {
            write(String.format("m%02d.pkl", i), i % 3 == 0 ? PickleWriter.reduceCall("os", "system") : PickleWriter.proto(2).none().stop().bytes());
        }
        ScanReport one = ModelScanner.builder().threads(1).build().scan(dir);
        ScanReport four = ModelScanner.builder().threads(4).build().scan(dir);
        assertThat(four.files()).extracting(FileScanResult::name).isEqualTo(one.files().stream().map(FileScanResult::name).toList());
        assertThat(four.files()).extracting(FileScanResult::verdict).isEqualTo(one.files().stream().map(FileScanResult::verdict).toList());
        assertThat(four.manifest().rootDigest()).isEqualTo(one.manifest().rootDigest());
    }

    @Test
    void hittingTheOpcodeLimitIsSuspiciousNotSafe() throws Exception {
        PickleWriter w = PickleWriter.proto(2).emptyList();
        for (int i = 0; i < 200; i++) {
            w.binint1(1).append();
        }
        ScanLimits tiny = new ScanLimits(100, 10_000, 256L << 20, 4L << 30, 200, 3, 100_000_000L, 10_000, Duration.ofMinutes(1));
        FileScanResult r = ModelScanner.builder().limits(tiny).build().scanFile(write("big.pkl", w.stop().bytes()));
        assertThat(r.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(r.findings()).extracting(ScanFinding::ruleId).containsExactly("scan.limit");
    }

    @Test
    void spentTimeBudgetIsSuspiciousNotSafe() throws Exception {
        ScanLimits none = new ScanLimits(1_000_000, 10_000, 256L << 20, 4L << 30, 200, 3, 100_000_000L, 10_000, Duration.ZERO);
        FileScanResult r = ModelScanner.builder().limits(none).build().scanFile(write("m.pkl", PickleWriter.proto(2).none().stop().bytes()));
        assertThat(r.findings()).extracting(ScanFinding::ruleId).containsExactly("scan.limit");
    }

    @Test
    void registryPutsModelFormatAnalyzersBeforeStreamsAndLetsTheLeadAppend() {
        FormatRegistry defaults = FormatRegistry.defaults();
        assertThat(defaults.analyzers()).extracting(FormatAnalyzer::format)
                .startsWith(ModelFormat.ZIP, ModelFormat.NUMPY_NPY, ModelFormat.PYTORCH_LEGACY, ModelFormat.TAR, ModelFormat.SEVEN_ZIP)
                .endsWith(ModelFormat.COMPRESSED, ModelFormat.PICKLE);
        FormatAnalyzer extra = new FormatAnalyzer() {
            @Override
            public ModelFormat format() {
                return ModelFormat.GGUF;
            }

            @Override
            public boolean recognizes(byte[] head, int headLength, long size, String name) {
                return headLength >= 4 && head[0] == 'T' && head[1] == 'R' && head[2] == 'X' && head[3] == 'T';
            }

            @Override
            public void analyze(ScanInput input, AnalysisContext context) {
                context.report("gguf.test", Verdict.SUSPICIOUS, "seen", "", 0);
            }
        };
        assertThat(defaults.with(extra).detect("TRXT....".getBytes(StandardCharsets.US_ASCII), 8, 8, "x")).isSameAs(extra);
    }
}
