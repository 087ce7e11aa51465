package dev.tightrope.sync.oci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetRecord;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.Digest;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SyncMode;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.oci.Descriptor;
import dev.tightrope.oci.OciDigests;
import dev.tightrope.oci.OciManifest;
import dev.tightrope.oci.RegistryClient;
import dev.tightrope.service.Tightrope;
import dev.tightrope.sync.ConnectorRegistry;
import dev.tightrope.sync.http.RetryPolicy;
import dev.tightrope.testing.LocalRegistry;
import dev.tightrope.testing.LocalServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCI connector against the real Docker Distribution server: the test pushes a ModelPack
 * model artifact, a multi-platform image index, a cosign-style signature tag and a referrer (by
 * the tag schema, as Distribution 2.8 has no referrers API), syncs, and reads the cache.
 */
@ExtendWith(LocalServers.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES) // drives a docker-registry process
class OciConnectorTest {

    static final Path SAFETENSORS = Path.of("sample-data/models/fraud-bert-v3/model.safetensors");
    static final Path CONFIG_JSON = Path.of("sample-data/models/fraud-bert-v3/config.json");

    @TempDir
    Path dir;

    LocalRegistry registry;
    RegistryClient client;
    Tightrope tightrope;
    List<Duration> slept = new ArrayList<>();

    @BeforeEach
    void open(LocalRegistry registry) {
        this.registry = registry;
        this.client = registry.client();
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(60), slept::add, new Random(7));
        tightrope = Tightrope.open(dir.resolve("ws"), ConnectorRegistry.defaults().replacing(OciConnector.factory(policy)));
    }

    @AfterEach
    void close() {
        tightrope.close();
    }

    /** A ModelPack artifact of the fraud-bert v3 files: raw weight and config layers, a model config, annotations. */
    String pushModelPack(String repository, String tag) throws IOException {
        byte[] weights = Files.readAllBytes(SAFETENSORS);
        byte[] weightConfig = Files.readAllBytes(CONFIG_JSON);
        byte[] config = """
                {"descriptor":{"createdAt":"2026-06-02T08:00:00Z","authors":["ana.ruiz@kestrel.example"],"vendor":"Kestrel Lending",
                 "family":"bert","name":"fraud-bert","version":"3","licenses":["Apache-2.0"],"description":"Card fraud classifier"},
                 "config":{"architecture":"transformer","format":"safetensors","paramSize":"110m","precision":"float32"},
                 "modelfs":{"type":"layers","diffIds":["%s","%s"]}}""".formatted(OciDigests.sha256(weights), OciDigests.sha256(weightConfig))
                .getBytes(StandardCharsets.UTF_8);
        client.pushBlob(repository, weights);
        client.pushBlob(repository, weightConfig);
        client.pushBlob(repository, config);
        OciManifest manifest = OciManifest.imageManifest(OciMapper.MODEL_MANIFEST, Descriptor.of(OciMapper.MODEL_CONFIG, config),
                List.of(Descriptor.of("application/vnd.cncf.model.weight.v1.raw", weights)
                                .withAnnotations(Map.of("org.cncf.model.filepath", "model.safetensors")),
                        Descriptor.of("application/vnd.cncf.model.weight.config.v1.raw", weightConfig)
                                .withAnnotations(Map.of("org.cncf.model.filepath", "config.json"))),
                null, Map.of("org.opencontainers.image.source", "https://github.com/kestrel/fraud-bert",
                        "org.opencontainers.image.revision", "4d1c9e0", "org.opencontainers.image.authors", "Fraud ML <fraud-ml@kestrel.example>"));
        return client.pushManifest(repository, tag, OciManifest.IMAGE_MANIFEST, manifest.toBytes()).digest();
    }

    /** An index of two platform images with its platforms, as buildx writes it. */
    String pushIndex(String repository, String tag) {
        String amd = registry.pushImage(repository, "tmp-amd64", "fraud-scoring-amd64");
        String arm = registry.pushImage(repository, "tmp-arm64", "fraud-scoring-arm64");
        String index = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
                 {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":%d,"platform":{"architecture":"amd64","os":"linux"}},
                 {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":%d,"platform":{"architecture":"arm64","os":"linux","variant":"v8"}}],
                 "annotations":{"org.opencontainers.image.source":"https://github.com/kestrel/ml-deploy","org.opencontainers.image.version":"3.0.0",
                  "org.opencontainers.image.description":"Real-time card fraud scoring"}}"""
                .formatted(amd, size(repository, amd), arm, size(repository, arm));
        return client.pushManifest(repository, tag, OciManifest.IMAGE_INDEX, index.getBytes(StandardCharsets.UTF_8)).digest();
    }

    long size(String repository, String digest) {
        return client.manifest(repository, digest).orElseThrow().bytes().length;
    }

    /** A cosign-style signature under the {@code sha256-<hex>.sig} tag. */
    void pushCosignSignature(String repository, String subject) {
        byte[] payload = ("{\"critical\":{\"image\":{\"docker-manifest-digest\":\"" + subject + "\"}}}").getBytes(StandardCharsets.UTF_8);
        client.pushBlob(repository, payload);
        client.pushBlob(repository, OciManifest.EMPTY_JSON);
        OciManifest sig = OciManifest.imageManifest(null, Descriptor.of(OciManifest.EMPTY_CONFIG, OciManifest.EMPTY_JSON),
                List.of(Descriptor.of("application/vnd.dev.cosign.simplesigning.v1+json", payload)), null, null);
        client.pushManifest(repository, OciDigests.tagOf(subject) + ".sig", OciManifest.IMAGE_MANIFEST, sig.toBytes());
    }

    /** A Sigstore bundle referring to {@code subject}, found through the referrers tag schema ({@code sha256-<hex>}). */
    void pushReferrer(String repository, String subject, long subjectSize) {
        byte[] bundle = "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\"}".getBytes(StandardCharsets.UTF_8);
        client.pushBlob(repository, bundle);
        client.pushBlob(repository, OciManifest.EMPTY_JSON);
        String type = "application/vnd.dev.sigstore.bundle.v0.3+json";
        OciManifest referrer = OciManifest.imageManifest(type, Descriptor.of(OciManifest.EMPTY_CONFIG, OciManifest.EMPTY_JSON),
                List.of(Descriptor.of(type, bundle)), new Descriptor(OciManifest.IMAGE_MANIFEST, subject, subjectSize, null, null), null);
        byte[] bytes = referrer.toBytes();
        String digest = client.pushManifest(repository, OciDigests.sha256(bytes), OciManifest.IMAGE_MANIFEST, bytes).digest();
        OciManifest index = OciManifest.index(List.of(new Descriptor(OciManifest.IMAGE_MANIFEST, digest, bytes.length, type, null)));
        client.pushManifest(repository, OciDigests.tagOf(subject), OciManifest.IMAGE_INDEX, index.toBytes());
    }

    void addSource(String... repositories) {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("url", "http://" + registry.host() + "/");
        if (repositories.length > 0) {
            settings.put("repositories", String.join(",", repositories));
        }
        tightrope.sources().add(new SourceConfig("registry", "oci", settings));
    }

    SyncRun sync() {
        return tightrope.sources().sync("registry", true, SyncListener.NONE, new Cancellation()).get(0);
    }

    Urn manifest(AssetKind kind, String repository, String digest) {
        return Urn.of(kind, "oci", registry.host() + "/" + repository + "@" + digest);
    }

    @Test
    void modelArtifactsIndexesSignaturesAndReferrersSyncFromARealRegistry() throws Exception {
        String model = pushModelPack("models/fraud-bert", "3");
        String index = pushIndex("serving/fraud-scoring", "3.0.0");
        pushCosignSignature("serving/fraud-scoring", index);
        pushReferrer("models/fraud-bert", model, size("models/fraud-bert", model));
        addSource();

        SyncRun run = sync();

        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(run.mode()).isEqualTo(SyncMode.FULL);
        assertThat(tightrope.sources().problems(run.id(), 10)).isEmpty();

        // the model artifact: a model version named from its ModelPack config, owners from the config and the annotation
        AssetDetail artifact = tightrope.inventory().detail(manifest(AssetKind.MODEL_VERSION, "models/fraud-bert", model)).orElseThrow();
        assertThat(artifact.record().asset().name()).isEqualTo("fraud-bert 3 (models/fraud-bert:3)");
        assertThat(artifact.record().asset().digest()).isEqualTo(Digest.parse(model));
        assertThat(artifact.record().asset().description()).isEqualTo("Card fraud classifier");
        assertThat(artifact.record().asset().properties())
                .containsEntry("model.family", "bert").containsEntry("model.format", "safetensors").containsEntry("model.param-size", "110m")
                .containsEntry("model.licenses", "Apache-2.0").containsEntry("image.source", "https://github.com/kestrel/fraud-bert")
                .containsEntry("image.revision", "4d1c9e0").containsEntry("image.tags", "3")
                .containsEntry("oci.artifact-type", OciMapper.MODEL_MANIFEST)
                .containsEntry("referrers", "1: application/vnd.dev.sigstore.bundle.v0.3+json");
        assertThat(artifact.record().owners()).extracting(o -> o.owner())
                .containsExactlyInAnyOrder("Fraud ML <fraud-ml@kestrel.example>", "ana.ruiz@kestrel.example");
        // its layers are the model files, by the files' own digests
        assertThat(artifact.upstream()).filteredOn(n -> n.type() == EdgeType.PACKAGED_AS).extracting(n -> n.name())
                .containsExactlyInAnyOrder("model.safetensors", "config.json");
        String weights = OciDigests.sha256(Files.readAllBytes(SAFETENSORS));
        AssetRecord file = tightrope.inventory().find(Urn.of(AssetKind.MODEL_ARTIFACT, "oci",
                registry.host() + "/models/fraud-bert/blobs/" + weights)).orElseThrow();
        assertThat(file.asset().digest()).isEqualTo(Digest.parse(weights));
        assertThat(file.asset().properties()).containsEntry("oci.layer", "the file itself");

        // the index: its platforms, its children as parts, the cosign signature noted
        AssetDetail idx = tightrope.inventory().detail(manifest(AssetKind.CONTAINER_IMAGE, "serving/fraud-scoring", index)).orElseThrow();
        assertThat(idx.record().asset().name()).isEqualTo("serving/fraud-scoring:3.0.0");
        assertThat(idx.record().asset().description()).isEqualTo("Real-time card fraud scoring");
        assertThat(idx.record().asset().properties()).containsEntry("oci.platforms", "linux/amd64, linux/arm64/v8")
                .containsEntry("image.version", "3.0.0")
                .containsEntry("signatures", "cosign signature (tag " + OciDigests.tagOf(index) + ".sig)");
        assertThat(idx.downstream()).filteredOn(n -> n.type() == EdgeType.PART_OF).hasSize(2)
                .allSatisfy(n -> assertThat(n.name()).startsWith("serving/fraud-scoring"));
        // the signature and referrer tags are attachments, not images of their own
        assertThat(tightrope.inventory().detail(manifest(AssetKind.CONTAINER_IMAGE, "serving/fraud-scoring", index)).orElseThrow()
                .record().asset().properties().get("image.tags")).isEqualTo("3.0.0");
    }

    @Test
    void theRegistrysLayerIsTheSameContentAsTheScannedModelFile() throws Exception {
        pushModelPack("models/fraud-bert", "3");
        addSource("models/fraud-bert");
        Path copy = Files.createDirectories(dir.resolve("models/fraud-bert-v3"));
        Files.copy(SAFETENSORS, copy.resolve("model.safetensors"));
        Files.copy(CONFIG_JSON, copy.resolve("config.json"));
        tightrope.sources().add(new SourceConfig("scanned", "model-files", Map.of("path", dir.resolve("models").toString())));

        assertThat(sync().status()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(tightrope.sources().sync("scanned", true, SyncListener.NONE, new Cancellation()).get(0).status())
                .isEqualTo(SyncStatus.SUCCEEDED);

        String weights = OciDigests.sha256(Files.readAllBytes(SAFETENSORS));
        AssetDetail layer = tightrope.inventory().detail(Urn.of(AssetKind.MODEL_ARTIFACT, "oci",
                registry.host() + "/models/fraud-bert/blobs/" + weights)).orElseThrow();
        assertThat(layer.sameContent()).extracting(s -> s.source()).contains("scanned");
    }

    @Test
    void anUntaggedManifestGoesGoneAndTheCatalogIsReadPageByPage() throws Exception {
        String keep = registry.pushImage("serving/a", "1", "a");
        String drop = registry.pushImage("serving/b", "1", "b");
        registry.pushImage("serving/c", "1", "c");
        addSource();
        assertThat(sync().status()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(client.catalog(1, 10)).as("one repository a page, to the end").containsExactly("serving/a", "serving/b", "serving/c");

        try (Response r = new OkHttpClient().newCall(new Request.Builder()
                .url("http://" + registry.host() + "/v2/serving/b/manifests/" + drop).delete().build()).execute()) {
            assertThat(r.code()).isEqualTo(202);
        }
        SyncRun second = sync();

        assertThat(second.status()).as(second.message()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(tightrope.inventory().find(manifest(AssetKind.CONTAINER_IMAGE, "serving/b", drop)).orElseThrow().gone()).isTrue();
        assertThat(tightrope.inventory().find(manifest(AssetKind.CONTAINER_IMAGE, "serving/a", keep)).orElseThrow().gone()).isFalse();
    }

    @Test
    void aManifestTheRegistryCannotServeIsAProblemAfterRetriesAndNothingGoesGone() throws Exception {
        String good = registry.pushImage("serving/a", "1", "a");
        String victim = registry.pushImage("serving/b", "1", "b");
        addSource();
        assertThat(sync().status()).isEqualTo(SyncStatus.SUCCEEDED);

        // corrupt the stored bytes of serving/b's manifest: the registry checks them itself and fails the request
        Path blob = registry.blobFile(victim);
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length - 2] = (byte) (bytes[bytes.length - 2] == ' ' ? '\t' : ' ');
        Files.write(blob, bytes);
        SyncRun run = sync();

        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED_WITH_PROBLEMS);
        assertThat(run.mode()).as("a sync that could not read everything marks nothing gone").isEqualTo(SyncMode.INCREMENTAL);
        assertThat(tightrope.sources().problems(run.id(), 10)).singleElement()
                .satisfies(p -> assertThat(p.location() + " | " + p.message()).isEqualTo(registry.host() + "/serving/b:1 | GET /v2/serving/b/manifests/1:"
                        + " the registry answered 500 UNKNOWN: unknown error"));
        assertThat(slept).as("a 500 is tried three times").hasSize(2);
        assertThat(tightrope.inventory().find(manifest(AssetKind.CONTAINER_IMAGE, "serving/b", victim)).orElseThrow().gone()).isFalse();
        assertThat(tightrope.inventory().find(manifest(AssetKind.CONTAINER_IMAGE, "serving/a", good)).orElseThrow().gone()).isFalse();
    }

    @Test
    void testConnectionSaysWhatTheRegistryHas() throws Exception {
        registry.pushImage("serving/a", "1", "a");
        registry.pushImage("serving/a", "2", "a2");
        addSource("serving/a");
        assertThat(tightrope.sources().check("registry", new Cancellation()).message())
                .isEqualTo("the registry " + registry.host() + " answered; serving/a has 2 tags");
    }
}
