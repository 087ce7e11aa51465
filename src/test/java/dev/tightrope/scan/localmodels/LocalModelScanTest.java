package dev.tightrope.scan.localmodels;

import static dev.tightrope.scan.localmodels.CacheFixtures.REVISION;
import static dev.tightrope.scan.localmodels.CacheFixtures.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.tightrope.domain.Problem;
import dev.tightrope.scan.FileScanResult;
import dev.tightrope.scan.ModelFormat;
import dev.tightrope.scan.ModelScanner;
import dev.tightrope.scan.ScanFinding;
import dev.tightrope.scan.Verdict;
import dev.tightrope.scan.mcp.OsLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Model caches and loose model files found on a machine and scanned: identities, digests, links that leave, broken manifests. */
class LocalModelScanTest {

    @TempDir
    Path dir;

    Path home;
    final LocalModelScan scan = new LocalModelScan(LocalModelLimits.STANDARD, ModelScanner.builder().threads(1).build());

    @BeforeEach
    void home() throws IOException {
        home = Files.createDirectories(dir.resolve("priya"));
    }

    private LocalModelReport scan(List<Path> roots) {
        return scan.scan(home, roots, OsLayout.LINUX, () -> false);
    }

    private static Map<String, byte[]> files(Object... nameAndBytes) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (int i = 0; i < nameAndBytes.length; i += 2) {
            out.put((String) nameAndBytes[i], (byte[]) nameAndBytes[i + 1]);
        }
        return out;
    }

    private static LocalModelReport.ScannedModel model(LocalModelReport report, String identity) {
        return report.models().stream().filter(m -> m.model().identity().equals(identity)).findFirst()
                .orElseThrow(() -> new AssertionError(identity + " not in " + report.models().stream().map(m -> m.model().identity()).toList()));
    }

    private static List<String> rules(FileScanResult f) {
        return f.findings().stream().map(ScanFinding::ruleId).toList();
    }

    @Test
    void aHuggingFaceSnapshotIsTheRepoAtItsRevisionWithEachLinkedBlobScannedUnderItsName() throws IOException {
        byte[] weights = CacheFixtures.safetensors();
        Path snapshot = CacheFixtures.huggingFace(home, "models--acme--credit-bert", REVISION,
                files("model.safetensors", weights, "config.json", "{\"model_type\":\"bert\"}".getBytes()));

        LocalModelReport report = scan(List.of());

        LocalModelReport.ScannedModel m = model(report, "huggingface:acme/credit-bert@" + REVISION);
        assertThat(m.model().refs()).containsExactly("main");
        assertThat(m.model().dir()).isEqualTo(snapshot);
        assertThat(m.files()).extracting(FileScanResult::name, FileScanResult::format, FileScanResult::verdict, FileScanResult::path)
                .containsExactly(tuple("config.json", ModelFormat.UNKNOWN, Verdict.SAFE, snapshot.resolve("config.json")),
                        tuple("model.safetensors", ModelFormat.SAFETENSORS, Verdict.SAFE, snapshot.resolve("model.safetensors")));
        assertThat(m.files().get(1).sha256()).isEqualTo(sha256(weights));
        assertThat(report.problems()).isEmpty();
        assertThat(report.fails()).isFalse();
    }

    @Test
    void aHuggingFaceDatasetIsFoundToo() throws IOException {
        CacheFixtures.huggingFace(home, "datasets--acme--loans", REVISION, files("data/train.pkl", CacheFixtures.maliciousPickle()));
        LocalModelReport.ScannedModel d = model(scan(List.of()), "huggingface:datasets/acme/loans@" + REVISION);
        assertThat(d.model().dataset()).isTrue();
        assertThat(d.files()).extracting(FileScanResult::name, FileScanResult::verdict).containsExactly(tuple("data/train.pkl", Verdict.DANGEROUS));
    }

    @Test
    void aBlobTamperedWithAfterTheDownloadDoesNotMatchItsDigestAndFailsTheReport() throws IOException {
        CacheFixtures.huggingFace(home, "models--acme--credit-bert", REVISION, files("model.safetensors", CacheFixtures.safetensors()));
        Path blob = CacheFixtures.hubCache(home).resolve("models--acme--credit-bert/blobs").resolve(sha256(CacheFixtures.safetensors()));
        byte[] altered = CacheFixtures.safetensors();
        altered[altered.length - 1] = 1;
        Files.write(blob, altered);

        LocalModelReport report = scan(List.of());

        FileScanResult f = model(report, "huggingface:acme/credit-bert@" + REVISION).files().get(0);
        assertThat(f.verdict()).isEqualTo(Verdict.INVALID);
        ScanFinding mismatch = f.findings().stream().filter(x -> x.ruleId().equals("file.digest-mismatch")).findFirst().orElseThrow();
        assertThat(mismatch.evidence()).isEqualTo("expected sha256:" + sha256(CacheFixtures.safetensors()) + ", read sha256:" + sha256(altered));
        assertThat(report.digestMismatches()).isEqualTo(1);
        assertThat(report.fails()).isTrue();
    }

    @Test
    void linksOutOfTheBlobsFolderAndLinkLoopsAreProblemsAndTheRestIsScanned() throws IOException {
        Path snapshot = CacheFixtures.huggingFace(home, "models--acme--credit-bert", REVISION, files("model.safetensors", CacheFixtures.safetensors()));
        Path secret = Files.writeString(Files.createDirectories(dir.resolve("outside")).resolve("id_rsa"), "private");
        Files.createSymbolicLink(snapshot.resolve("tokenizer.json"), secret);
        Files.createSymbolicLink(snapshot.resolve("loop"), Path.of(".."));

        LocalModelReport report = scan(List.of());

        assertThat(model(report, "huggingface:acme/credit-bert@" + REVISION).files()).extracting(FileScanResult::name)
                .containsExactly("model.safetensors");
        assertThat(report.problems()).extracting(Problem::location).containsExactly(snapshot.resolve("loop").toString(),
                snapshot.resolve("tokenizer.json").toString());
        assertThat(report.problems()).allSatisfy(p -> assertThat(p.message()).startsWith("a link out of its model's blobs folder"));
    }

    @Test
    void aCacheWithoutLinksIsReadFileByFile() throws IOException {
        Path snapshot = Files.createDirectories(CacheFixtures.hubCache(home).resolve("models--gpt2/snapshots").resolve(REVISION));
        Files.write(snapshot.resolve("pytorch_model.bin"), CacheFixtures.maliciousPickle());
        LocalModelReport.ScannedModel m = model(scan(List.of()), "huggingface:gpt2@" + REVISION);
        assertThat(m.files()).extracting(FileScanResult::name, FileScanResult::verdict).containsExactly(tuple("pytorch_model.bin", Verdict.DANGEROUS));
        assertThat(m.verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void anOllamaModelIsItsNameAndTagWithItsGgufLayerScannedAndItsDigestChecked() throws IOException {
        Path manifest = CacheFixtures.ollama(home, "library", "llama3.2", "latest", CacheFixtures.gguf());
        CacheFixtures.ollama(home, "priya", "credit-helper", "v1", CacheFixtures.gguf());

        LocalModelReport report = scan(List.of());

        LocalModelReport.ScannedModel llama = model(report, "ollama:llama3.2:latest");
        assertThat(llama.model().dir()).isEqualTo(manifest);
        assertThat(llama.files()).extracting(FileScanResult::name, FileScanResult::format, FileScanResult::verdict, FileScanResult::sha256)
                .containsExactly(tuple("model", ModelFormat.GGUF, Verdict.SAFE, sha256(CacheFixtures.gguf())));
        assertThat(model(report, "ollama:priya/credit-helper:v1").files()).hasSize(1);
        assertThat(report.problems()).isEmpty();
    }

    @Test
    void aCorruptOllamaManifestIsAProblemWithFileAndReasonAndTheOtherModelsAreStillScanned() throws IOException {
        CacheFixtures.ollama(home, "library", "llama3.2", "latest", CacheFixtures.gguf());
        Path broken = CacheFixtures.ollamaManifest(home, "library", "qwen", "7b", "{\"layers\": [");
        Path missing = CacheFixtures.ollamaManifest(home, "library", "phi", "mini", """
                {"layers":[{"mediaType":"application/vnd.ollama.image.model","digest":"sha256:%s","size":9}]}""".formatted("0".repeat(64)));

        LocalModelReport report = scan(List.of());

        assertThat(report.models()).extracting(m -> m.model().identity()).containsExactly("ollama:llama3.2:latest", "ollama:phi:mini");
        assertThat(report.problems()).extracting(Problem::location).containsExactly(missing.toString(), broken.toString());
        assertThat(report.problems().get(0).message()).isEqualTo("layer model sha256:" + "0".repeat(64) + ": its blob is missing or not a regular file");
        assertThat(report.problems().get(1).message()).startsWith("not an Ollama manifest: ");
    }

    @Test
    void aMaliciousPickleInLmStudioIsDangerousAndFailsTheReport() throws IOException {
        CacheFixtures.lmStudio(home.resolve(".lmstudio/models"), "lmstudio-community", "Qwen2.5-7B-GGUF", "qwen2.5-7b-q4_k_m.gguf", CacheFixtures.gguf());
        CacheFixtures.lmStudio(home.resolve(".cache/lm-studio/models"), "someone", "helper", "adapter.pt", CacheFixtures.maliciousPickle());

        LocalModelReport report = scan(List.of());

        assertThat(model(report, "lmstudio:lmstudio-community/Qwen2.5-7B-GGUF").verdict()).isEqualTo(Verdict.SAFE);
        LocalModelReport.ScannedModel helper = model(report, "lmstudio:someone/helper");
        assertThat(helper.verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(rules(helper.files().get(0))).contains("pickle.denied-import");
        assertThat(report.dangerous()).isEqualTo(1);
        assertThat(report.fails()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(OsLayout.class)
    void everyLayoutFindsTheThreeCachesUnderItsHome(OsLayout os) throws IOException {
        CacheFixtures.huggingFace(home, "models--acme--credit-bert", REVISION, files("model.safetensors", CacheFixtures.safetensors()));
        CacheFixtures.ollama(home, "library", "llama3.2", "latest", CacheFixtures.gguf());
        CacheFixtures.lmStudio(home.resolve(".lmstudio/models"), "lmstudio-community", "Qwen2.5-7B-GGUF", "q4.gguf", CacheFixtures.gguf());

        LocalModelReport report = scan.scan(home, List.of(), os, () -> false);

        assertThat(report.models()).extracting(m -> m.model().cache()).containsExactly(ModelCache.HUGGING_FACE, ModelCache.LM_STUDIO, ModelCache.OLLAMA);
    }

    @Test
    void looseModelFilesInARootAreFoundByExtensionOutsideInstalledDependenciesAndLinks() throws IOException {
        Path root = Files.createDirectories(dir.resolve("code/credit-risk"));
        Files.createDirectories(root.resolve("models"));
        Files.write(root.resolve("models/scorer.pkl"), CacheFixtures.maliciousPickle());
        Files.write(root.resolve("models/encoder.safetensors"), CacheFixtures.safetensors());
        Files.writeString(root.resolve("models/notes.bin"), "not a model, just text\n");
        Files.createDirectories(root.resolve("node_modules/pkg"));
        Files.write(root.resolve("node_modules/pkg/model.pkl"), CacheFixtures.maliciousPickle());
        Files.createDirectories(root.resolve(".venv"));
        Files.write(root.resolve(".venv/model.pt"), CacheFixtures.maliciousPickle());
        Files.createSymbolicLink(root.resolve("models/linked.pkl"), root.resolve("models/scorer.pkl"));

        LocalModelReport report = scan(List.of(root));

        assertThat(report.loose()).extracting(l -> l.file().name(), l -> l.file().verdict())
                .containsExactly(tuple("models/encoder.safetensors", Verdict.SAFE), tuple("models/scorer.pkl", Verdict.DANGEROUS));
        assertThat(report.loose()).allSatisfy(l -> assertThat(l.root()).isEqualTo(root));
        assertThat(report.fails()).isTrue();
    }

    @Test
    void aBlobTwoSnapshotsShareIsScannedOnceAndShownUnderEach() throws IOException {
        byte[] weights = CacheFixtures.safetensors();
        CacheFixtures.huggingFace(home, "models--acme--credit-bert", REVISION, files("model.safetensors", weights));
        String next = "b".repeat(40);
        CacheFixtures.huggingFace(home, "models--acme--credit-bert", next, files("model.safetensors", weights));

        LocalModelReport report = scan(List.of());

        FileScanResult a = model(report, "huggingface:acme/credit-bert@" + REVISION).files().get(0);
        FileScanResult b = model(report, "huggingface:acme/credit-bert@" + next).files().get(0);
        assertThat(a.sha256()).isEqualTo(b.sha256());
        assertThat(a.elapsed()).isSameAs(b.elapsed());
        assertThat(a.path()).isNotEqualTo(b.path());
        assertThat(model(report, "huggingface:acme/credit-bert@" + next).model().refs()).containsExactly("main");
        assertThat(model(report, "huggingface:acme/credit-bert@" + REVISION).model().refs()).isEmpty();
    }
}
