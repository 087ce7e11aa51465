package dev.tightrope.sync.localdiscovery;

import static dev.tightrope.scan.localmodels.CacheFixtures.REVISION;
import static dev.tightrope.scan.localmodels.CacheFixtures.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.Neighbour;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.Severity;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.scan.localmodels.CacheFixtures;
import dev.tightrope.service.Tightrope;
import dev.tightrope.sync.ConnectorRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A laptop's model caches and a repository's model files through the local-discovery source into a real cache, with their scan findings. */
class LocalModelSyncTest {

    @TempDir
    Path dir;

    Path home;
    Path repo;
    Path snapshot;
    Tightrope tightrope;

    @BeforeEach
    void open() throws IOException {
        home = Files.createDirectories(dir.resolve("home/priya"));
        repo = Files.createDirectories(dir.resolve("code/credit-risk"));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("model.safetensors", CacheFixtures.safetensors());
        files.put("config.json", "{\"model_type\":\"bert\"}".getBytes());
        snapshot = CacheFixtures.huggingFace(home, "models--acme--credit-bert", REVISION, files);
        CacheFixtures.huggingFace(home, "models--acme--credit-bert", "c".repeat(40), Map.of("model.safetensors", CacheFixtures.safetensors()));
        CacheFixtures.ollama(home, "library", "llama3.2", "latest", CacheFixtures.gguf());
        CacheFixtures.ollamaManifest(home, "library", "qwen", "7b", "not json");
        Files.createDirectories(repo.resolve("models"));
        Files.write(repo.resolve("models/scorer.pkl"), CacheFixtures.maliciousPickle());
        tightrope = Tightrope.open(dir.resolve("ws"), ConnectorRegistry.defaults());
        tightrope.sources().add(new SourceConfig("priya-laptop", LocalDiscoveryConnector.TYPE, Map.of(
                "home", home.toString(), "roots", repo.toString(), "os", "linux")));
    }

    @AfterEach
    void close() {
        tightrope.close();
    }

    private SyncRun sync() {
        return tightrope.sources().sync("priya-laptop", true, SyncListener.NONE, new Cancellation()).get(0);
    }

    private AssetDetail detail(Urn urn) {
        return tightrope.inventory().detail(urn).orElseThrow(() -> new AssertionError("not in the cache: " + urn));
    }

    private Urn machine() {
        return Urn.of(AssetKind.MACHINE, LocalDiscoveryConnector.TYPE, home.toString());
    }

    private Urn file(byte[] content) {
        return Urn.of(AssetKind.MODEL_ARTIFACT, LocalDiscoveryConnector.TYPE, home + "#sha256:" + sha256(content));
    }

    @Test
    void aCachedModelIsAModelOfTheMachineWithItsHubNameAndItsFilesAsModelFiles() {
        SyncRun run = sync();

        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED_WITH_PROBLEMS);
        AssetDetail model = detail(Urn.of(AssetKind.MODEL, LocalDiscoveryConnector.TYPE, snapshot.toString()));
        assertThat(model.record().asset().name()).isEqualTo("acme/credit-bert");
        assertThat(model.record().asset().properties()).containsEntry("cache", "huggingface")
                .containsEntry("huggingface.repo", "acme/credit-bert").containsEntry("huggingface.revision", REVISION)
                .doesNotContainKey("huggingface.refs").containsEntry("hub.urn", "tr:model:huggingface:huggingface.co/acme/credit-bert")
                .containsEntry("verdict", "SAFE").containsEntry("files", "2");
        assertThat(model.upstream()).filteredOn(n -> n.type() == EdgeType.PART_OF).extracting(Neighbour::urn).containsExactly(machine().toString());
        assertThat(model.record().owners()).extracting(o -> o.owner()).containsExactly("priya");

        AssetDetail weights = detail(file(CacheFixtures.safetensors()));
        assertThat(weights.record().asset().name()).isEqualTo("model.safetensors");
        assertThat(weights.record().asset().digest().toString()).isEqualTo("sha256:" + sha256(CacheFixtures.safetensors()));
        assertThat(weights.record().asset().properties()).containsEntry("format", "safetensors").containsEntry("verdict", "SAFE");
        assertThat(weights.upstream()).extracting(Neighbour::urn).as("the blob both snapshots share is one file of both")
                .containsExactlyInAnyOrder(model.record().urn().toString(),
                        Urn.of(AssetKind.MODEL, LocalDiscoveryConnector.TYPE, snapshot.resolveSibling("c".repeat(40)).toString()).toString());
        assertThat(weights.record().asset().properties().get("paths").split("\n")).hasSize(2);
        assertThat(detail(Urn.of(AssetKind.MODEL, LocalDiscoveryConnector.TYPE, snapshot.resolveSibling("c".repeat(40)).toString()))
                .record().asset().properties()).as("refs/main points at the newer snapshot").containsEntry("huggingface.refs", "main");
    }

    @Test
    void anOllamaModelHasItsNameAndItsGgufLayer() {
        sync();
        Path manifest = home.resolve(".ollama/models/manifests/registry.ollama.ai/library/llama3.2/latest");
        AssetDetail llama = detail(Urn.of(AssetKind.MODEL, LocalDiscoveryConnector.TYPE, manifest.toString()));
        assertThat(llama.record().asset().properties()).containsEntry("ollama.name", "llama3.2:latest").containsEntry("cache", "ollama");
        assertThat(detail(file(CacheFixtures.gguf())).record().asset().properties()).containsEntry("format", "GGUF");
    }

    @Test
    void aMaliciousModelFileInARepositoryIsACriticalFindingOnTheFileThatIsPartOfTheRepository() {
        sync();
        AssetDetail scorer = detail(file(CacheFixtures.maliciousPickle()));
        assertThat(scorer.record().asset().properties()).containsEntry("verdict", "DANGEROUS").containsEntry("path", repo.resolve("models/scorer.pkl").toString());
        assertThat(scorer.findings()).extracting(f -> f.finding().ruleId(), f -> f.finding().severity())
                .contains(tuple("pickle.denied-import", Severity.CRITICAL));
        assertThat(scorer.findings()).allSatisfy(f -> assertThat(f.finding().detector()).startsWith("tightrope-scan/"));
        assertThat(scorer.upstream()).extracting(Neighbour::urn).containsExactly(RepositoryRecords.repository(repo).toString());
    }

    @Test
    void aCorruptOllamaManifestIsAProblemOfTheSyncWithFileAndReason() {
        SyncRun run = sync();
        Path broken = home.resolve(".ollama/models/manifests/registry.ollama.ai/library/qwen/7b");
        assertThat(tightrope.sources().problems(run.id(), 100)).extracting(Problem::location).containsExactly(broken.toString());
        assertThat(tightrope.sources().problems(run.id(), 100).get(0).message()).startsWith("not an Ollama manifest: ");
    }

    @Test
    void aModelRemovedFromTheCacheIsGoneAtTheNextSync() throws IOException {
        sync();
        Path manifest = home.resolve(".ollama/models/manifests/registry.ollama.ai/library/llama3.2/latest");
        Files.delete(manifest);
        sync();
        assertThat(tightrope.inventory().find(Urn.of(AssetKind.MODEL, LocalDiscoveryConnector.TYPE, manifest.toString())).orElseThrow().gone()).isTrue();
        assertThat(tightrope.inventory().find(file(CacheFixtures.gguf())).orElseThrow().gone()).isTrue();
    }
}
