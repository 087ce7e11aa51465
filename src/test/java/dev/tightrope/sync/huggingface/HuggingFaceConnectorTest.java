package dev.tightrope.sync.huggingface;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetRecord;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.Severity;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.Tightrope;
import dev.tightrope.sync.ConnectorRegistry;
import dev.tightrope.sync.http.RetryPolicy;
import dev.tightrope.testing.PathAnswers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connector against a Hub speaking the real API's shapes (MockWebServer), syncing into a real cache. */
class HuggingFaceConnectorTest {

    static final String SHA = "9c1d4e0f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d";
    static final String FILE_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @TempDir
    Path dir;

    MockWebServer hub = new MockWebServer();
    Tightrope tightrope;

    @BeforeEach
    void start() throws IOException {
        hub.start();
        // one attempt: the retry policy is JsonApi's, tested there; here each answer is the last word
        tightrope = Tightrope.open(dir.resolve("ws"), ConnectorRegistry.defaults().replacing(HuggingFaceConnector.factory(RetryPolicy.once())));
    }

    @AfterEach
    void stop() {
        tightrope.close();
        hub.close();
    }

    static String modelInfo(String id, String sha, String scan) {
        return """
                {"_id":"65f0a1","id":"%1$s","author":"acme","sha":"%2$s","createdAt":"2024-05-01T10:00:00.000Z",
                 "lastModified":"2025-02-03T08:12:44.000Z","private":false,"gated":"manual","disabled":false,
                 "downloads":1234,"likes":12,"library_name":"transformers","pipeline_tag":"text-classification",
                 "tags":["transformers","safetensors","license:apache-2.0","dataset:acme/txns-2024"],
                 "cardData":{"license":"apache-2.0","datasets":["acme/txns-2024"],"base_model":"google-bert/bert-base-uncased"},
                 "siblings":[{"rfilename":"model.safetensors","size":437958648,"blobId":"ab12cd",
                   "lfs":{"size":437958648,"sha256":"%3$s","pointerSize":135}},
                   {"rfilename":"model.pkl","size":1024,"blobId":"cd34ef","lfs":{"size":1024,"sha256":"%4$s","pointerSize":132}},
                   {"rfilename":"config.json","size":700,"blobId":"0f0f0f"}],
                 "securityRepoStatus":%5$s}""".formatted(id, sha, FILE_SHA256, "a".repeat(64), scan);
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
    }

    private void addLiveSource(Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("url", hub.url("/").toString());
        settings.put("author", "acme");
        settings.putAll(extra);
        tightrope.sources().add(new SourceConfig("hub", "huggingface", settings));
    }

    private SyncRun sync() {
        return tightrope.sources().sync("hub", true, SyncListener.NONE, new Cancellation()).get(0);
    }

    private String host() {
        return hub.getHostName() + ":" + hub.getPort();
    }

    @Test
    void readsModelsRevisionsFilesLineageOwnersAndTheHubsScanAcrossPages() throws Exception {
        writeCredentials("HF_TEST_TOKEN=hf_secret123\n");
        addLiveSource(Map.of("token", "HF_TEST_TOKEN"));
        String next = hub.url("/api/models?author=acme&limit=100&cursor=eyJfaWQiOiI2NWYwIn0").toString();
        // answered by path: the two models' details are read concurrently, in either order
        hub.setDispatcher(new PathAnswers()
                .on("/api/models", new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .setHeader("Link", "<" + next + ">; rel=\"next\"")
                        .body("[{\"_id\":\"65f0a1\",\"id\":\"acme/fraud-bert\",\"likes\":12,\"private\":false}]").build(),
                        json("[{\"_id\":\"65f0a2\",\"id\":\"acme/credit-risk\",\"likes\":1,\"private\":true}]"))
                .on("/api/models/acme/fraud-bert", json(modelInfo("acme/fraud-bert", SHA,
                        "{\"scansDone\":true,\"filesWithIssues\":[{\"path\":\"model.pkl\",\"level\":\"unsafe\"}]}")))
                .on("/api/models/acme/credit-risk", json(modelInfo("acme/credit-risk", "1".repeat(40), "{\"scansDone\":false,\"filesWithIssues\":[]}")))
                .on("/api/datasets", json("[{\"_id\":\"66aa\",\"id\":\"acme/txns-2024\",\"author\":\"acme\",\"sha\":\"77aa\",\"private\":false,"
                + "\"tags\":[\"license:cc-by-4.0\"],\"lastModified\":\"2024-04-01T00:00:00.000Z\"}]")));

        SyncRun run = sync();

        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        List<RecordedRequest> requests = List.of(hub.takeRequest(), hub.takeRequest(), hub.takeRequest(), hub.takeRequest(), hub.takeRequest());
        assertThat(requests.subList(0, 2)).extracting(r -> r.getUrl().encodedPath()).containsExactly("/api/models", "/api/models");
        assertThat(requests.subList(2, 4)).extracting(r -> r.getUrl().encodedPath()).containsExactlyInAnyOrder(
                "/api/models/acme/fraud-bert", "/api/models/acme/credit-risk");
        assertThat(requests.get(4).getUrl().encodedPath()).isEqualTo("/api/datasets");
        assertThat(requests.get(1).getUrl().queryParameter("cursor")).isEqualTo("eyJfaWQiOiI2NWYwIn0");
        assertThat(requests.subList(2, 4)).allSatisfy(r -> {
            assertThat(r.getUrl().queryParameter("blobs")).isEqualTo("true");
            assertThat(r.getUrl().queryParameter("securityStatus")).isEqualTo("true");
        });
        assertThat(requests).allSatisfy(r -> assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer hf_secret123"));

        AssetRecord model = tightrope.inventory().find(Urn.of(AssetKind.MODEL, "huggingface", host() + "/acme/fraud-bert")).orElseThrow();
        assertThat(model.source()).isEqualTo("hub");
        assertThat(model.asset().properties()).containsEntry("license", "apache-2.0").containsEntry("gated", "manual")
                .containsEntry("pipeline_tag", "text-classification").containsEntry("hub.scan", "issues found");
        assertThat(model.owners()).extracting(o -> o.owner()).containsExactly("acme");

        Urn version = Urn.of(AssetKind.MODEL_VERSION, "huggingface", host() + "/acme/fraud-bert@" + SHA);
        AssetDetail detail = tightrope.inventory().detail(version).orElseThrow();
        assertThat(detail.upstream()).extracting(n -> n.type() + " " + n.urn()).contains(
                "VERSION_OF tr:model:huggingface:" + host() + "/acme/fraud-bert",
                "DERIVED_FROM tr:model:huggingface:" + host() + "/google-bert/bert-base-uncased",
                "TRAINED_ON tr:dataset:huggingface:" + host() + "/datasets/acme/txns-2024");
        assertThat(detail.downstream()).filteredOn(n -> n.type() == EdgeType.PART_OF).extracting(n -> n.name())
                .containsExactlyInAnyOrder("model.safetensors", "model.pkl");
        assertThat(detail.findings()).singleElement().satisfies(f -> {
            assertThat(f.finding().severity()).isEqualTo(Severity.HIGH);
            assertThat(f.finding().location()).isEqualTo("model.pkl");
        });

        AssetRecord file = tightrope.inventory().find(Urn.of(AssetKind.MODEL_ARTIFACT, "huggingface",
                host() + "/acme/fraud-bert@" + SHA + "/model.safetensors")).orElseThrow();
        assertThat(file.asset().digest()).hasToString("sha256:" + FILE_SHA256);

        // scansDone=false is "not scanned", never clean
        AssetRecord unscanned = tightrope.inventory().find(Urn.of(AssetKind.MODEL, "huggingface", host() + "/acme/credit-risk")).orElseThrow();
        assertThat(unscanned.asset().properties()).containsEntry("hub.scan", "not scanned");
        AssetRecord dataset = tightrope.inventory().find(Urn.of(AssetKind.DATASET, "huggingface", host() + "/datasets/acme/txns-2024")).orElseThrow();
        assertThat(dataset.asset().properties()).containsEntry("license", "cc-by-4.0");
        assertThat(dataset.source()).isEqualTo("hub");

        // the token is nowhere in the cache
        for (Path p : (Iterable<Path>) Files.walk(dir.resolve("ws"))::iterator) {
            if (Files.isRegularFile(p) && !p.getFileName().toString().equals("credentials.properties")) {
                assertThat(new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1)).as(p.toString())
                        .doesNotContain("hf_secret123");
            }
        }
    }

    @Test
    void aNextPageOnAnotherHostIsRefusedAndTheTokenStaysHome() throws Exception {
        writeCredentials("HF_TEST_TOKEN=hf_secret123\n");
        addLiveSource(Map.of("token", "HF_TEST_TOKEN"));
        hub.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .setHeader("Link", "<https://evil.example/api/models?cursor=x>; rel=\"next\"")
                .body("[{\"id\":\"acme/fraud-bert\"}]").build());

        SyncRun run = sync();

        assertThat(run.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(run.message()).contains("another host", "evil.example");
        assertThat(hub.getRequestCount()).isEqualTo(1);
        assertThat(tightrope.inventory().find(Urn.of(AssetKind.MODEL, "huggingface", host() + "/acme/fraud-bert"))).isEmpty();
    }

    @Test
    void aHostileOrBrokenAnswerFailsTheSyncAndKeepsThePreviousCache() {
        addLiveSource(Map.of("datasets", "false"));
        hub.enqueue(json("[{\"id\":\"acme/fraud-bert\"}]"));
        hub.enqueue(json(modelInfo("acme/fraud-bert", SHA, "{\"scansDone\":true,\"filesWithIssues\":[]}")));
        assertThat(sync().status()).isEqualTo(SyncStatus.SUCCEEDED);
        Urn model = Urn.of(AssetKind.MODEL, "huggingface", host() + "/acme/fraud-bert");

        for (MockResponse bad : List.of(
                json("[{\"id\":\"acme/a\",\"id\":\"acme/b\"}]"),                          // a duplicate key
                json("{\"error\":\"not a list\"}"),                                         // the wrong shape
                json("[" + "[".repeat(200) + "]".repeat(200) + "]"),                       // nested beyond the limit
                new MockResponse.Builder().code(401).body("{\"error\":\"Invalid credentials in Authorization header\"}").build(),
                new MockResponse.Builder().code(500).body("<html>oops</html>").build())) {
            hub.enqueue(bad);
            SyncRun run = sync();
            assertThat(run.status()).isEqualTo(SyncStatus.FAILED);
            // an HTML page is never echoed; an API's own error message is, marked as the server's words
            assertThat(run.message()).isNotBlank().doesNotContain("oops").doesNotContain("<html>");
            if (run.message().contains("Invalid credentials")) {
                assertThat(run.message()).contains("(401)").contains("it said: Invalid credentials");
            }
            AssetRecord kept = tightrope.inventory().find(model).orElseThrow();
            assertThat(kept.goneAt()).isNull();
        }
    }

    @Test
    void aListedModelWhoseDetailsCannotBeReadStaysAndIsReportedAsAProblem() {
        addLiveSource(Map.of("datasets", "false"));
        hub.setDispatcher(new PathAnswers()
                .on("/api/models", json("[{\"id\":\"acme/fraud-bert\"},{\"id\":\"acme/withdrawn\"}]"))
                .on("/api/models/acme/fraud-bert", json(modelInfo("acme/fraud-bert", SHA, "{\"scansDone\":true,\"filesWithIssues\":[]}")))
                .on("/api/models/acme/withdrawn", new MockResponse.Builder().code(404).body("{\"error\":\"Repository not found\"}").build()));

        SyncRun run = sync();

        assertThat(run.status()).isEqualTo(SyncStatus.SUCCEEDED_WITH_PROBLEMS);
        assertThat(run.problems()).isEqualTo(1);
        assertThat(tightrope.inventory().find(Urn.of(AssetKind.MODEL, "huggingface", host() + "/acme/withdrawn"))).isPresent();
    }

    @Test
    void aMissingTokenIsAClearError() {
        addLiveSource(Map.of("token", "HF_TOKEN_THAT_IS_NOT_SET_ANYWHERE"));
        SyncRun run = sync();
        assertThat(run.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(run.message()).contains("HF_TOKEN_THAT_IS_NOT_SET_ANYWHERE", "not set");
        assertThat(hub.getRequestCount()).isZero();
    }

    @Test
    void offlineSavedAnswersGiveTheSameAssetsAsLive() throws IOException {
        Path saved = Files.createDirectories(dir.resolve("hf-export/datasets"));
        Files.writeString(saved.getParent().resolve("fraud-bert.json"), modelInfo("acme/fraud-bert", SHA,
                "{\"scansDone\":true,\"filesWithIssues\":[{\"path\":\"model.pkl\",\"level\":\"malicious\"}]}"));
        Files.writeString(saved.getParent().resolve("broken.json"), "{\"id\": \"acme/x\",");
        Files.writeString(saved.resolve("acme.json"), "[{\"id\":\"acme/txns-2024\",\"author\":\"acme\"}]");
        tightrope.sources().add(new SourceConfig("hub-export", "huggingface", Map.of("path", saved.getParent().toString())));

        SyncRun run = tightrope.sources().sync("hub-export", true, SyncListener.NONE, new Cancellation()).get(0);

        assertThat(run.status()).isEqualTo(SyncStatus.SUCCEEDED_WITH_PROBLEMS);
        assertThat(run.problems()).isEqualTo(1);
        assertThat(tightrope.sources().problems(run.id(), 10)).singleElement()
                .satisfies(p -> assertThat(p.location()).contains("broken.json"));
        Urn version = Urn.of(AssetKind.MODEL_VERSION, "huggingface", "huggingface.co/acme/fraud-bert@" + SHA);
        AssetDetail detail = tightrope.inventory().detail(version).orElseThrow();
        assertThat(detail.findings()).singleElement().satisfies(f -> assertThat(f.finding().severity()).isEqualTo(Severity.CRITICAL));
        assertThat(tightrope.inventory().find(Urn.of(AssetKind.DATASET, "huggingface", "huggingface.co/datasets/acme/txns-2024"))).isPresent();
    }

    @Test
    void aFileTheHubServesAndALocalScanOfTheSameBytesAreJoinedByDigest() throws Exception {
        byte[] header = "{\"__metadata__\":{\"format\":\"pt\"}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] file = java.nio.ByteBuffer.allocate(8 + header.length).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).put(header).array();
        Path local = Files.createDirectories(dir.resolve("local-models/fraud-bert"));
        Files.write(local.resolve("model.safetensors"), file);
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(file));
        Path export = Files.createDirectories(dir.resolve("hf-export"));
        Files.writeString(export.resolve("fraud-bert.json"), modelInfo("acme/fraud-bert", SHA, "{\"scansDone\":true,\"filesWithIssues\":[]}")
                .replace(FILE_SHA256, sha256));
        tightrope.sources().add(new SourceConfig("hub-export", "huggingface", Map.of("path", export.toString())));
        tightrope.sources().add(new SourceConfig("local", "model-files", Map.of("path", dir.resolve("local-models").toString())));
        tightrope.sources().sync("hub-export", true, SyncListener.NONE, new Cancellation());
        tightrope.sources().sync("local", true, SyncListener.NONE, new Cancellation());

        Urn served = Urn.of(AssetKind.MODEL_ARTIFACT, "huggingface", "huggingface.co/acme/fraud-bert@" + SHA + "/model.safetensors");
        assertThat(tightrope.inventory().detail(served).orElseThrow().sameContent())
                .extracting(a -> a.source()).containsExactly("local");
    }

    @Test
    void settingsAreCheckedWhenTheSourceIsAdded() {
        var factory = HuggingFaceConnector.factory();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> factory.create(new SourceConfig("h", "huggingface", Map.of())))
                .hasMessageContaining("either --set author=ORG");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> factory.create(new SourceConfig("h", "huggingface",
                Map.of("author", "acme", "url", "http://hub.example.com")))).hasMessageContaining("https");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> factory.create(new SourceConfig("h", "huggingface",
                Map.of("author", "../etc")))).hasMessageContaining("author must be");
    }

    @Test
    void testConnectionMakesOneListCallAndAsksWhoTheTokenBelongsTo() throws Exception {
        writeCredentials("HF_TEST_TOKEN=hf_abc\n");
        addLiveSource(Map.of("token", "HF_TEST_TOKEN"));
        hub.enqueue(json("[{\"id\":\"acme/fraud-bert\"}]"));
        hub.enqueue(json("{\"type\":\"user\",\"name\":\"ana\"}"));

        var ok = tightrope.sources().check("hub", new Cancellation());

        assertThat(ok.ok()).isTrue();
        assertThat(ok.message()).contains("as ana").contains("acme/fraud-bert");
        RecordedRequest list = hub.takeRequest();
        assertThat(list.getUrl().queryParameter("limit")).isEqualTo("1");
        assertThat(list.getHeaders().get("Authorization")).isEqualTo("Bearer hf_abc");
        assertThat(hub.takeRequest().getUrl().encodedPath()).isEqualTo("/api/whoami-v2");
        assertThat(tightrope.inventory().count(dev.tightrope.domain.AssetFilter.all())).isZero();

        hub.enqueue(new MockResponse.Builder().code(401).body("{\"error\":\"Invalid credentials in Authorization header\"}").build());
        var refused = tightrope.sources().check("hub", new Cancellation());
        assertThat(refused.ok()).isFalse();
        assertThat(refused.location()).endsWith("/api/models");
        assertThat(refused.message()).contains("refused the credentials (401)");
    }

    private void writeCredentials(String text) throws IOException {
        Path file = tightrope.workspace().credentialsFile();
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
