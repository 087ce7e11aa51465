package dev.tightrope.sync.artifactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetRecord;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.Digest;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.ModelManifest;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SyncMode;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.Tightrope;
import dev.tightrope.sync.ConnectorRegistry;
import dev.tightrope.sync.http.RetryPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connector against an Artifactory speaking the real API's shapes (MockWebServer), syncing into a real cache. */
class ArtifactoryConnectorTest {

    static final String REPO = "ml-models-local";
    static final String JOBLIB = "21ca5099f0450866933d02f500e1cb1da63db82a1e1a5bbb62152bbeff9f5c80";
    static final String CONFIG = "27c96f818e6c0afdcda45816bb44dc0c775b28cdd3b28b35233a710253197478";
    static final String SAFETENSORS = "8899d9b87ab3ea0238da8434e669bf5bcdeb8611ef36c59a0dfe9fea133765ce";
    static final String RUN = "5f2c0e6a9b7d4c1e8f3a2b1c0d9e8f7a";

    @TempDir
    Path dir;

    MockWebServer server = new MockWebServer();
    List<Duration> slept = new ArrayList<>();
    Tightrope tightrope;

    @BeforeEach
    void start() throws IOException {
        server.start();
        // three attempts with a sleeper that records: retries are observable, nothing waits
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(60), slept::add, new Random(3));
        tightrope = Tightrope.open(dir.resolve("ws"), ConnectorRegistry.defaults().replacing(ArtifactoryConnector.factory(policy)));
    }

    @AfterEach
    void stop() {
        tightrope.close();
        server.close();
    }

    static String item(String path, String name, String sha256, String createdBy, String modified) {
        return """
                {"repo":"%s","path":"%s","name":"%s","type":"file","size":%d,"created":"2026-10-01T09:00:00.000Z",
                 "created_by":"%s","modified":"%s","modified_by":"%s","updated":"%s"%s}"""
                .formatted(REPO, path, name, 1000 + name.length(), createdBy, modified, createdBy, modified,
                        sha256 == null ? "" : ",\"sha256\":\"" + sha256 + "\"");
    }

    /** An AQL answer: {@code results} and {@code range} as Artifactory gives them. */
    static MockResponse aql(int start, String... items) {
        String body = "{\"results\":[" + String.join(",", items) + "],\"range\":{\"start_pos\":" + start + ",\"end_pos\":"
                + (start + items.length) + ",\"total\":" + items.length + "}}";
        return json(200, body);
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    static final String PROPERTIES = """
            {"results":[
             {"repo":"ml-models-local","path":"credit-risk-xgb/7","name":"model.joblib","type":"file","properties":[
               {"key":"mlflow.run_id","value":"%1$s"},{"key":"mlflow.model_name","value":"credit-risk-xgb"},
               {"key":"mlflow.model_version","value":"7"},{"key":"stage","value":"staging"}]},
             {"repo":"ml-models-local","path":"fraud-bert","name":"3","type":"folder","properties":[
               {"key":"mlflow.model_name","value":"fraud-bert"},{"key":"mlflow.model_version","value":"3"},
               {"key":"hf.model","value":"google-bert/bert-base-uncased"}]}],
             "range":{"start_pos":0,"end_pos":2,"total":2}}""".formatted(RUN);

    /** Three files on two pages of two, then the properties. */
    private void enqueueFullRead() {
        server.enqueue(aql(0, item("credit-risk-xgb/7", "model.joblib", JOBLIB, "priya.natarajan", "2026-11-20T10:00:00.000Z"),
                item("fraud-bert/3", "config.json", CONFIG, "ana.ruiz", "2026-06-02T08:00:00.000Z")));
        server.enqueue(aql(2, item("fraud-bert/3", "model.safetensors", SAFETENSORS, "ana.ruiz", "2026-06-02T08:01:00.000Z")));
        server.enqueue(json(200, PROPERTIES));
    }

    private void addLiveSource(Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("url", server.url("/").toString());
        settings.put("repositories", REPO);
        settings.put("page-size", "2");
        settings.put("mlflow-host", "mlflow.kestrel.example");
        settings.putAll(extra);
        tightrope.sources().add(new SourceConfig("af", "artifactory", settings));
    }

    private SyncRun sync(boolean full) {
        return tightrope.sources().sync("af", full, SyncListener.NONE, new Cancellation()).get(0);
    }

    private String host() {
        return server.getHostName() + ":" + server.getPort();
    }

    private Urn file(String path) {
        return Urn.of(AssetKind.MODEL_ARTIFACT, "artifactory", host() + "/" + REPO + "/" + path);
    }

    @Test
    void readsFilesModelFoldersPropertiesOwnersAndLinksAcrossPages() throws Exception {
        writeCredentials("AF_TEST_TOKEN=cmVmdGtuOjAxOjE3\n");
        addLiveSource(Map.of("token", "AF_TEST_TOKEN"));
        enqueueFullRead();

        SyncRun run = sync(true);

        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(run.mode()).isEqualTo(SyncMode.FULL);
        List<RecordedRequest> requests = List.of(server.takeRequest(), server.takeRequest(), server.takeRequest());
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.getMethod()).isEqualTo("POST");
            assertThat(r.getUrl().encodedPath()).isEqualTo("/artifactory/api/search/aql");
            assertThat(r.getHeaders().get("Content-Type")).startsWith("text/plain");
            assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer cmVmdGtuOjAxOjE3");
        });
        String first = requests.get(0).getBody().utf8();
        assertThat(first).startsWith("items.find({\"repo\":\"ml-models-local\",\"type\":\"file\"})")
                .contains(".include(\"repo\",\"path\",\"name\",\"type\",\"size\",\"created\",\"created_by\",\"modified\",\"modified_by\",\"sha256\")")
                .endsWith(".offset(0).limit(2)");
        assertThat(requests.get(1).getBody().utf8()).endsWith(".offset(2).limit(2)");
        assertThat(requests.get(2).getBody().utf8()).contains("\"property.key\":{\"$match\":\"*\"}").endsWith(".include(\"repo\",\"path\",\"name\",\"type\",\"property\")");

        AssetRecord joblib = tightrope.inventory().find(file("credit-risk-xgb/7/model.joblib")).orElseThrow();
        assertThat(joblib.asset().digest()).isEqualTo(Digest.sha256(JOBLIB));
        assertThat(joblib.asset().properties()).containsEntry("repo", REPO).containsEntry("path", "credit-risk-xgb/7/model.joblib")
                .containsEntry("size", "1012").containsEntry("mlflow.run_id", RUN).containsEntry("stage", "staging")
                .containsEntry("createdBy", "priya.natarajan").containsEntry("modified", "2026-11-20T10:00:00.000Z");
        assertThat(joblib.owners()).extracting(o -> o.owner() + " " + o.role()).containsExactly("priya.natarajan TECHNICAL_OWNER");

        // the folder is the model artifact: its files are part of it, its digest is their OpenSSF root digest
        Urn fraud = file("fraud-bert/3");
        AssetDetail folder = tightrope.inventory().detail(fraud).orElseThrow();
        Digest root = new ModelManifest("3", List.of(new ModelManifest.Resource("config.json", CONFIG),
                new ModelManifest.Resource("model.safetensors", SAFETENSORS))).rootDigest();
        assertThat(folder.record().asset().digest()).isEqualTo(root);
        assertThat(folder.record().asset().properties()).containsEntry("files", "2").containsEntry("hf.model", "google-bert/bert-base-uncased");
        assertThat(folder.downstream()).filteredOn(n -> n.type() == EdgeType.PART_OF).extracting(n -> n.name())
                .containsExactlyInAnyOrder("config.json", "model.safetensors");
        assertThat(folder.upstream()).extracting(n -> n.type() + " " + n.urn()).containsExactlyInAnyOrder(
                "PART_OF tr:model_version:openlineage:mlflow://mlflow.kestrel.example/models/fraud-bert/3",
                "DERIVED_FROM tr:model:huggingface:huggingface.co/google-bert/bert-base-uncased");
        assertThat(folder.record().owners()).extracting(o -> o.owner()).containsExactly("ana.ruiz");

        AssetDetail credit = tightrope.inventory().detail(file("credit-risk-xgb/7")).orElseThrow();
        assertThat(credit.upstream()).extracting(n -> n.type() + " " + n.urn()).containsExactlyInAnyOrder(
                "PRODUCED_BY tr:training_run:mlflow:mlflow.kestrel.example/runs/" + RUN,
                "PART_OF tr:model_version:openlineage:mlflow://mlflow.kestrel.example/models/credit-risk-xgb/7");

        // the token is nowhere in the cache
        for (Path p : (Iterable<Path>) Files.walk(dir.resolve("ws"))::iterator) {
            if (Files.isRegularFile(p) && !p.getFileName().toString().equals("credentials.properties")) {
                assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)).as(p.toString()).doesNotContain("cmVmdGtuOjAxOjE3");
            }
        }
    }

    @Test
    void rateLimitedQueriesAreRetriedAfterTheWaitArtifactoryAsksFor() throws Exception {
        addLiveSource(Map.of("page-size", "500"));
        server.enqueue(json(429, "{\"errors\":[{\"status\":429,\"message\":\"Too many concurrent AQL queries\"}]}").newBuilder()
                .setHeader("Retry-After", "4").build());
        server.enqueue(aql(0, item("credit-risk-xgb/7", "model.joblib", JOBLIB, "priya.natarajan", "2026-11-20T10:00:00.000Z")));
        server.enqueue(json(200, "{\"results\":[],\"range\":{\"start_pos\":0,\"end_pos\":0,\"total\":0}}"));

        SyncRun run = sync(true);

        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(slept).containsExactly(Duration.ofSeconds(4));
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(tightrope.inventory().find(file("credit-risk-xgb/7/model.joblib"))).isPresent();
    }

    @Test
    void refusedCredentialsAndMissingPermissionsAreSaidInWords() {
        addLiveSource(Map.of());
        server.enqueue(json(401, "{\"errors\":[{\"status\":401,\"message\":\"Bad credentials\"}]}"));
        SyncRun refused = sync(true);
        assertThat(refused.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(refused.message()).contains("Artifactory refused the credentials (401)", "token", "it said: Bad credentials");

        server.enqueue(json(403, "{\"errors\":[{\"status\":403,\"message\":\"Forbidden\"}]}"));
        SyncRun forbidden = sync(true);
        assertThat(forbidden.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(forbidden.message()).contains("Artifactory forbids this (403)", "Read permission on the configured repositories",
                "it said: Forbidden");
    }

    @Test
    void testConnectionReadsTheFirstRepositoryThroughTheStorageApi() throws Exception {
        addLiveSource(Map.of());
        server.enqueue(json(200, """
                {"repo":"ml-models-local","path":"/","created":"2026-01-10T08:00:00.000Z","lastModified":"2026-11-20T10:00:00.000Z",
                 "lastUpdated":"2026-11-20T10:00:00.000Z","children":[{"uri":"/credit-risk-xgb","folder":true},{"uri":"/fraud-bert","folder":true}],
                 "uri":"%s"}""".formatted(server.url("/artifactory/api/storage/ml-models-local"))));

        var said = tightrope.sources().check("af", new Cancellation());

        assertThat(said.ok()).as(said.toString()).isTrue();
        assertThat(said.message()).contains("ml-models-local can be read (2 entries at its root)");
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/artifactory/api/storage/ml-models-local");
    }

    @Test
    void aHostileOrBrokenAnswerFailsTheSyncAndKeepsThePreviousCache() {
        addLiveSource(Map.of());
        enqueueFullRead();
        assertThat(sync(true).status()).isEqualTo(SyncStatus.SUCCEEDED);
        Urn joblib = file("credit-risk-xgb/7/model.joblib");

        List<MockResponse> bad = List.of(
                json(200, "{\"results\":[],\"results\":[]}"),                                        // a duplicate key
                json(200, "[" + item("a", "b", JOBLIB, "x", "2026-01-01T00:00:00Z") + "]"),          // the wrong shape
                aql(0, item("a", "b", JOBLIB, "x", "2026-01-01T00:00:00Z"), item("a", "c", JOBLIB, "x", "2026-01-01T00:00:00Z"),
                        item("a", "d", JOBLIB, "x", "2026-01-01T00:00:00Z")),                     // more than the limit of 2
                json(200, "{\"results\":[" + "[".repeat(100) + "]".repeat(100) + "]}"),             // nested beyond the limit
                json(200, "{\"results\":[],\"range\":{\"start_pos\":500}}"),                       // not the page asked for
                new MockResponse.Builder().code(500).body("<html>oops</html>").build());
        for (MockResponse answer : bad) {
            for (int i = 0; i < (answer.getCode() == 500 ? 3 : 1); i++) {
                server.enqueue(answer); // a 500 is retried (three attempts); the others fail at once
            }
            SyncRun run = sync(true);
            assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.FAILED);
            assertThat(run.message()).isNotBlank().doesNotContain("oops").contains("/artifactory/api/search/aql");
            AssetRecord kept = tightrope.inventory().find(joblib).orElseThrow();
            assertThat(kept.goneAt()).isNull();
        }
        assertThat(server.getRequestCount()).isEqualTo(3 + 5 + 3);
    }

    @Test
    void anIncrementalSyncAsksForNewerFilesAndReReadsTheirModelFolder() throws Exception {
        addLiveSource(Map.of());
        enqueueFullRead();
        assertThat(sync(true).status()).isEqualTo(SyncStatus.SUCCEEDED);
        for (int i = 0; i < 3; i++) {
            server.takeRequest();
        }

        // fraud-bert/3 gets a new tokenizer file; its folder is read again for its digest
        String tokenizer = "ab".repeat(32);
        server.enqueue(aql(0, item("fraud-bert/3", "tokenizer.json", tokenizer, "marcus.chen", "2026-11-25T12:00:00.000Z")));
        server.enqueue(aql(0, item("fraud-bert/3", "config.json", CONFIG, "ana.ruiz", "2026-06-02T08:00:00.000Z"),
                item("fraud-bert/3", "model.safetensors", SAFETENSORS, "ana.ruiz", "2026-06-02T08:01:00.000Z")));
        server.enqueue(aql(2, item("fraud-bert/3", "tokenizer.json", tokenizer, "marcus.chen", "2026-11-25T12:00:00.000Z")));
        server.enqueue(json(200, PROPERTIES));

        SyncRun run = sync(false);

        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(run.mode()).isEqualTo(SyncMode.INCREMENTAL);
        String changed = server.takeRequest().getBody().utf8();
        // after the newest modified the server reported last time, not after our clock
        assertThat(changed).contains("\"modified\":{\"$gt\":\"2026-11-20T10:00:00Z\"}");
        assertThat(server.takeRequest().getBody().utf8())
                .contains("\"$or\":[{\"path\":\"fraud-bert/3\"},{\"path\":{\"$match\":\"fraud-bert/3/*\"}}]");
        AssetRecord folder = tightrope.inventory().find(file("fraud-bert/3")).orElseThrow();
        assertThat(folder.asset().properties()).containsEntry("files", "3");
        assertThat(folder.asset().digest()).isEqualTo(new ModelManifest("3", List.of(new ModelManifest.Resource("config.json", CONFIG),
                new ModelManifest.Resource("model.safetensors", SAFETENSORS), new ModelManifest.Resource("tokenizer.json", tokenizer))).rootDigest());
        // what the incremental run did not read is still there
        assertThat(tightrope.inventory().find(file("credit-risk-xgb/7/model.joblib")).orElseThrow().goneAt()).isNull();

        // nothing changed since: one query, no folder re-read, and the cursor moved to the tokenizer's time
        server.enqueue(json(200, "{\"results\":[],\"range\":{\"start_pos\":0,\"end_pos\":0,\"total\":0}}"));
        server.takeRequest();
        server.takeRequest();
        assertThat(sync(false).mode()).isEqualTo(SyncMode.INCREMENTAL);
        assertThat(server.takeRequest().getBody().utf8()).contains("\"$gt\":\"2026-11-25T12:00:00Z\"");
    }

    @Test
    void aFullReReadMarksWhatVanishedAsGone() {
        addLiveSource(Map.of());
        enqueueFullRead();
        assertThat(sync(true).status()).isEqualTo(SyncStatus.SUCCEEDED);

        // credit-risk-xgb/7 was deleted from the repository
        server.enqueue(aql(0, item("fraud-bert/3", "config.json", CONFIG, "ana.ruiz", "2026-06-02T08:00:00.000Z"),
                item("fraud-bert/3", "model.safetensors", SAFETENSORS, "ana.ruiz", "2026-06-02T08:01:00.000Z")));
        server.enqueue(aql(2));
        server.enqueue(json(200, PROPERTIES));
        SyncRun run = sync(true);

        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        // the file, its folder, and the MLflow run and model version only they referred to
        assertThat(run.assetsGone()).isEqualTo(4);
        assertThat(tightrope.inventory().find(Urn.of(AssetKind.TRAINING_RUN, "mlflow", "mlflow.kestrel.example/runs/" + RUN))
                .orElseThrow().goneAt()).isNotNull();
        assertThat(tightrope.inventory().find(file("credit-risk-xgb/7/model.joblib")).orElseThrow().goneAt()).isNotNull();
        assertThat(tightrope.inventory().find(file("fraud-bert/3")).orElseThrow().goneAt()).isNull();
    }

    @Test
    void aFileWithoutSha256InAqlIsLookedUpAndOneThatCannotBeIsAProblem() throws Exception {
        addLiveSource(Map.of("page-size", "500"));
        server.enqueue(aql(0, item("old-model/1", "model.pkl", null, "tom.becker", "2023-01-01T00:00:00.000Z"),
                item("old-model/1", "gone.bin", null, "tom.becker", "2023-01-01T00:00:00.000Z")));
        server.enqueue(json(200, "{\"results\":[],\"range\":{\"start_pos\":0,\"end_pos\":0,\"total\":0}}"));
        server.enqueue(json(200, """
                {"repo":"ml-models-local","path":"/old-model/1/model.pkl","size":"12","checksums":{"sha1":"aa","md5":"bb","sha256":"%s"}}"""
                .formatted(JOBLIB)));
        server.enqueue(json(404, "{\"errors\":[{\"status\":404,\"message\":\"Unable to find item\"}]}"));
        SyncRun run = sync(true);

        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED_WITH_PROBLEMS);
        assertThat(tightrope.sources().problems(run.id(), 10)).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("no SHA-256 for ml-models-local/old-model/1/gone.bin", "Unable to find item"));
        server.takeRequest();
        server.takeRequest();
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/artifactory/api/storage/ml-models-local/old-model/1/model.pkl");
        assertThat(tightrope.inventory().find(file("old-model/1/model.pkl")).orElseThrow().asset().digest()).isEqualTo(Digest.sha256(JOBLIB));
        assertThat(tightrope.inventory().find(file("old-model/1/gone.bin")).orElseThrow().asset().digest()).isNull();
    }

    @Test
    void offlineSavedAnswersGiveTheSameAssetsAsLive() throws IOException {
        Path saved = Files.createDirectories(dir.resolve("af-export/storage"));
        Files.writeString(saved.getParent().resolve("aql-ml-models-local-0.json"), "{\"results\":["
                + item("credit-risk-xgb/7", "model.joblib", JOBLIB, "priya.natarajan", "2026-11-20T10:00:00.000Z") + ","
                + item("fraud-bert/3", "config.json", CONFIG, "ana.ruiz", "2026-06-02T08:00:00.000Z") + "],"
                + "\"range\":{\"start_pos\":0,\"end_pos\":2,\"total\":2}}");
        Files.writeString(saved.getParent().resolve("broken.json"), "{\"results\": [");
        Files.writeString(saved.resolve("fraud-bert-3-model.safetensors.json"), """
                {"uri":"https://artifactory.kestrel.example/artifactory/api/storage/ml-models-local/fraud-bert/3/model.safetensors",
                 "downloadUri":"https://artifactory.kestrel.example/artifactory/ml-models-local/fraud-bert/3/model.safetensors",
                 "repo":"ml-models-local","path":"/fraud-bert/3/model.safetensors","created":"2026-06-02T08:01:00.000Z","createdBy":"ana.ruiz",
                 "lastModified":"2026-06-02T08:01:00.000Z","modifiedBy":"ana.ruiz","lastUpdated":"2026-06-02T08:01:00.000Z","size":"437958648",
                 "mimeType":"application/octet-stream","checksums":{"sha1":"1a","md5":"2b","sha256":"%s"},"originalChecksums":{"sha256":"%s"}}"""
                .formatted(SAFETENSORS, SAFETENSORS));
        Files.writeString(saved.resolve("fraud-bert-3.properties.json"), """
                {"uri":"https://artifactory.kestrel.example/artifactory/api/storage/ml-models-local/fraud-bert/3",
                 "properties":{"mlflow.model_name":["fraud-bert"],"mlflow.model_version":["3"],
                   "mlflow.tracking_uri":["https://mlflow.kestrel.example"]}}""");
        tightrope.sources().add(new SourceConfig("af-export", "artifactory", Map.of("path", saved.getParent().toString())));

        SyncRun run = tightrope.sources().sync("af-export", true, SyncListener.NONE, new Cancellation()).get(0);

        assertThat(run.status()).isEqualTo(SyncStatus.SUCCEEDED_WITH_PROBLEMS);
        assertThat(tightrope.sources().problems(run.id(), 10)).singleElement().satisfies(p -> assertThat(p.location()).contains("broken.json"));
        String h = "artifactory.kestrel.example/" + REPO + "/";
        AssetRecord safetensors = tightrope.inventory().find(Urn.of(AssetKind.MODEL_ARTIFACT, "artifactory", h + "fraud-bert/3/model.safetensors"))
                .orElseThrow();
        assertThat(safetensors.asset().digest()).isEqualTo(Digest.sha256(SAFETENSORS));
        assertThat(safetensors.asset().properties()).containsEntry("size", "437958648");
        AssetDetail folder = tightrope.inventory().detail(Urn.of(AssetKind.MODEL_ARTIFACT, "artifactory", h + "fraud-bert/3")).orElseThrow();
        assertThat(folder.record().asset().properties()).containsEntry("files", "2").containsEntry("mlflow.model_version", "3");
        assertThat(folder.upstream()).extracting(n -> n.urn().toString())
                .containsExactly("tr:model_version:openlineage:mlflow://mlflow.kestrel.example/models/fraud-bert/3");
    }

    @Test
    void anArtifactoryFileAndALocalScanOfTheSameBytesAreJoinedByDigest() throws Exception {
        byte[] header = "{\"__metadata__\":{\"format\":\"pt\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.nio.ByteBuffer.allocate(8 + header.length).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).put(header).array();
        Path local = Files.createDirectories(dir.resolve("local-models/fraud-bert"));
        Files.write(local.resolve("model.safetensors"), bytes);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        addLiveSource(Map.of("page-size", "500"));
        server.enqueue(aql(0, item("fraud-bert/3", "model.safetensors", sha256, "ana.ruiz", "2026-06-02T08:01:00.000Z")));
        server.enqueue(json(200, "{\"results\":[],\"range\":{\"start_pos\":0,\"end_pos\":0,\"total\":0}}"));
        tightrope.sources().add(new SourceConfig("local", "model-files", Map.of("path", dir.resolve("local-models").toString())));

        assertThat(sync(true).status()).isEqualTo(SyncStatus.SUCCEEDED);
        tightrope.sources().sync("local", true, SyncListener.NONE, new Cancellation());

        // the file by its SHA-256, and the folder by its root digest: both are the local scan's
        assertThat(tightrope.inventory().detail(file("fraud-bert/3/model.safetensors")).orElseThrow().sameContent())
                .extracting(a -> a.source()).containsExactly("local");
        assertThat(tightrope.inventory().detail(file("fraud-bert/3")).orElseThrow().sameContent())
                .extracting(a -> a.source()).containsExactly("local");
    }

    @Test
    void settingsAreCheckedWhenTheSourceIsAdded() {
        var factory = ArtifactoryConnector.factory();
        assertThatThrownBy(() -> factory.create(new SourceConfig("a", "artifactory", Map.of()))).hasMessageContaining("either --url");
        assertThatThrownBy(() -> factory.create(new SourceConfig("a", "artifactory", Map.of("url", "https://af.example"))))
                .hasMessageContaining("repositories=");
        assertThatThrownBy(() -> factory.create(new SourceConfig("a", "artifactory", Map.of("url", "http://af.example", "repositories", "ml"))))
                .hasMessageContaining("https");
        assertThatThrownBy(() -> factory.create(new SourceConfig("a", "artifactory", Map.of("url", "https://af.example", "repositories", "ml,../x"))))
                .hasMessageContaining("repositories must be");
        assertThatThrownBy(() -> factory.create(new SourceConfig("a", "artifactory", Map.of("url", "https://af.example", "repositories", "ml",
                "page-size", "0")))).hasMessageContaining("page-size");
    }

    private void writeCredentials(String text) throws IOException {
        Path file = tightrope.workspace().credentialsFile();
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
