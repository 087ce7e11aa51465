package dev.tightrope.sync.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetRecord;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.SourceConfig;
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

/** The connector against a tracking server speaking MLflow's REST API 2.0 shapes (MockWebServer), syncing into a real cache. */
class MlflowConnectorTest {

    static final String RUN_3 = "5f2a9c0e1b7d4e8f9a0b1c2d3e4f5a6b";
    static final String RUN_2 = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    static final String DIGEST = "sha256:" + "ab".repeat(32);

    @TempDir
    Path dir;

    MockWebServer mlflow = new MockWebServer();
    Tightrope tightrope;
    final List<Duration> slept = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        mlflow.start();
        RetryPolicy recorded = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(60), slept::add, new Random(7));
        tightrope = Tightrope.open(dir.resolve("ws"), ConnectorRegistry.defaults().replacing(MlflowConnector.factory(recorded)));
    }

    @AfterEach
    void stop() {
        tightrope.close();
        mlflow.close();
    }

    static String registeredModel(String name, String aliases, String tags) {
        return """
                {"name":"%s","creation_timestamp":1738570000000,"last_updated_timestamp":1738573600000,"user_id":"ana.ruiz@kestrel.example",
                 "description":"Transaction fraud classifier","tags":%s,"aliases":%s,
                 "latest_versions":[{"name":"%1$s","version":"3","current_stage":"None","status":"READY"}]}"""
                .formatted(name, tags, aliases);
    }

    static String version(String name, String version, String runId, String tags) {
        return """
                {"name":"%s","version":"%s","creation_timestamp":1738573700000,"last_updated_timestamp":1738573800000,
                 "user_id":"ana.ruiz@kestrel.example","current_stage":"None","description":"",
                 "source":"s3://mlruns/12/%s/artifacts/model","run_id":"%3$s","status":"READY","status_message":"",
                 "tags":%s,"run_link":""}""".formatted(name, version, runId, tags);
    }

    static String run(String runId, String name, String status) {
        return """
                {"run":{"info":{"run_id":"%1$s","run_uuid":"%1$s","run_name":"%2$s","experiment_id":"12","user_id":"ana",
                  "status":"%3$s","start_time":1738570000000,"end_time":1738573600000,"artifact_uri":"s3://mlruns/12/%1$s/artifacts",
                  "lifecycle_stage":"active"},
                 "data":{"metrics":[{"key":"auc","value":0.93,"timestamp":1738573500000,"step":0}],"params":[{"key":"lr","value":"3e-5"}],
                  "tags":[{"key":"mlflow.user","value":"ana.ruiz@kestrel.example"},{"key":"mlflow.source.git.commit","value":"a1b2c3d"},
                   {"key":"mlflow.source.name","value":"train.py"},{"key":"mlflow.runName","value":"%2$s"},{"key":"team","value":"fraud-ml"}]},
                 "inputs":{"dataset_inputs":[
                   {"tags":[{"key":"mlflow.data.context","value":"training"}],
                    "dataset":{"name":"fraud_training_set","digest":"c0ffee12","source_type":"s3",
                      "source":"{\\"uri\\":\\"s3://kestrel-datalake/features/fraud_training_set\\"}",
                      "schema":"{\\"mlflow_colspec\\":[]}","profile":"{\\"num_rows\\":100000}"}},
                   {"tags":[{"key":"mlflow.data.context","value":"eval"}],
                    "dataset":{"name":"holdout","digest":"d00dfeed","source_type":"code","source":"{}"}}]}}}"""
                .formatted(runId, name, status);
    }

    /** The Run itself, as runs/search lists it. */
    static String runObject(String runId, String name, String status) {
        String answer = run(runId, name, status).strip();
        return answer.substring("{\"run\":".length(), answer.length() - 1);
    }

    static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse error(int code, String errorCode, String message) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json")
                .body("{\"error_code\":\"" + errorCode + "\",\"message\":\"" + message + "\"}").build();
    }

    private void addLiveSource(Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("url", mlflow.url("/").toString());
        settings.putAll(extra);
        tightrope.sources().add(new SourceConfig("registry", "mlflow", settings));
    }

    private SyncRun sync() {
        return tightrope.sources().sync("registry", true, SyncListener.NONE, new Cancellation()).get(0);
    }

    private String host() {
        return mlflow.getHostName() + ":" + mlflow.getPort();
    }

    private Urn versionUrn(String host, String model, String version) {
        return Urn.of(AssetKind.MODEL_VERSION, "openlineage", "mlflow://" + host + "/models/" + model + "/" + version);
    }

    /** The answers of a registry with fraud-bert v2 and v3 (champion → 3), in two pages of registered models. */
    private void enqueueRegistry() {
        mlflow.enqueue(json("{\"registered_models\":[" + registeredModel("fraud-bert", "[{\"alias\":\"champion\",\"version\":\"3\"}]",
                "[{\"key\":\"team\",\"value\":\"fraud-ml\"},{\"key\":\"owner\",\"value\":\"marcus.chen@kestrel.example\"}]")
                + "],\"next_page_token\":\"eyJvZmZzZXQiOiAxfQ==\"}"));
        mlflow.enqueue(json("{\"registered_models\":[" + registeredModel("credit-risk-xgb", "[]", "[]") + "]}"));
        mlflow.enqueue(json("{\"model_versions\":[" + version("fraud-bert", "2", RUN_2, "[]") + "],\"next_page_token\":\"cGFnZTI=\"}"));
        mlflow.enqueue(json("{\"model_versions\":[" + version("fraud-bert", "3", RUN_3,
                "[{\"key\":\"model.digest\",\"value\":\"" + DIGEST + "\"},{\"key\":\"stage\",\"value\":\"production\"}]") + "]}"));
        // both versions' sources name experiment 12: their runs come in one search by run id
        mlflow.enqueue(json("{\"runs\":[" + runObject(RUN_2, "train-2026-04-14", "FINISHED") + ","
                + runObject(RUN_3, "train-2026-06-03", "FINISHED") + "]}"));
    }

    @Test
    void readsModelsVersionsAliasesRunsDatasetsAndOwnersAcrossPages() throws Exception {
        writeCredentials("MLFLOW_TEST_TOKEN=dapi0123secret\n");
        addLiveSource(Map.of("token", "MLFLOW_TEST_TOKEN"));
        enqueueRegistry();

        SyncRun run = sync();

        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        List<RecordedRequest> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            requests.add(mlflow.takeRequest());
        }
        assertThat(requests).extracting(r -> r.getUrl().encodedPath()).containsExactly(
                "/api/2.0/mlflow/registered-models/search", "/api/2.0/mlflow/registered-models/search",
                "/api/2.0/mlflow/model-versions/search", "/api/2.0/mlflow/model-versions/search",
                "/api/2.0/mlflow/runs/search");
        assertThat(mlflow.getRequestCount()).as("no runs/get: the search returned both runs").isEqualTo(5);
        assertThat(requests.get(0).getUrl().queryParameter("max_results")).isEqualTo("1000");
        assertThat(requests.get(0).getUrl().queryParameter("page_token")).isNull();
        assertThat(requests.get(1).getUrl().queryParameter("page_token")).isEqualTo("eyJvZmZzZXQiOiAxfQ==");
        assertThat(requests.get(3).getUrl().queryParameter("page_token")).isEqualTo("cGFnZTI=");
        String search = requests.get(4).getBody().utf8();
        assertThat(search).contains("\"experiment_ids\":[\"12\"]")
                .contains("\"filter\":\"attributes.run_id IN ('" + RUN_2 + "','" + RUN_3 + "')\"");
        assertThat(requests).allSatisfy(r -> assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer dapi0123secret"));

        AssetRecord model = tightrope.inventory().find(Urn.of(AssetKind.MODEL, "openlineage",
                "mlflow://" + host() + "/models/fraud-bert")).orElseThrow();
        assertThat(model.source()).isEqualTo("registry");
        assertThat(model.asset().properties()).containsEntry("aliases", "champion=3").containsEntry("created", "2025-02-03T08:06:40Z");
        assertThat(model.owners()).extracting(o -> o.owner())
                .containsExactlyInAnyOrder("ana.ruiz@kestrel.example", "marcus.chen@kestrel.example", "fraud-ml");

        AssetRecord v3 = tightrope.inventory().find(versionUrn(host(), "fraud-bert", "3")).orElseThrow();
        assertThat(v3.asset().name()).isEqualTo("fraud-bert v3");
        assertThat(v3.asset().digest()).hasToString(DIGEST);
        assertThat(v3.asset().properties()).containsEntry("aliases", "champion").containsEntry("status", "READY")
                .containsEntry("run_id", RUN_3).containsEntry("source", "s3://mlruns/12/" + RUN_3 + "/artifacts/model")
                .doesNotContainKey("stage");
        assertThat(v3.asset().tags()).contains("alias:champion", "stage:production");
        AssetRecord v2 = tightrope.inventory().find(versionUrn(host(), "fraud-bert", "2")).orElseThrow();
        assertThat(v2.asset().properties()).doesNotContainKey("aliases");
        assertThat(v2.asset().digest()).isNull();

        Urn run3 = Urn.of(AssetKind.TRAINING_RUN, "mlflow", host() + "/runs/" + RUN_3);
        Urn lake = Urn.of(AssetKind.DATASET, "openlineage", "s3://kestrel-datalake/features/fraud_training_set");
        AssetDetail detail = tightrope.inventory().detail(v3.urn()).orElseThrow();
        assertThat(detail.upstream()).extracting(n -> n.type() + " " + n.urn()).contains(
                "VERSION_OF tr:model:openlineage:mlflow://" + host() + "/models/fraud-bert",
                "PRODUCED_BY " + run3,
                "TRAINED_ON " + lake);
        AssetRecord training = tightrope.inventory().find(run3).orElseThrow();
        assertThat(training.asset().name()).isEqualTo("train-2026-06-03");
        assertThat(training.asset().properties()).containsEntry("git.commit", "a1b2c3d").containsEntry("param.lr", "3e-5")
                .containsEntry("metric.auc", "0.93").containsEntry("state", "FINISHED").containsEntry("source.name", "train.py");
        assertThat(training.owners()).extracting(o -> o.owner()).containsExactlyInAnyOrder("ana.ruiz@kestrel.example", "fraud-ml");
        AssetDetail runDetail = tightrope.inventory().detail(run3).orElseThrow();
        assertThat(runDetail.upstream()).extracting(n -> n.type() + " " + n.urn()).contains(
                "TRAINED_ON " + lake, "READS tr:dataset:mlflow:" + host() + "/datasets/holdout@d00dfeed");

        // the token is nowhere in the cache
        for (Path p : (Iterable<Path>) Files.walk(dir.resolve("ws"))::iterator) {
            if (Files.isRegularFile(p) && !p.getFileName().toString().equals("credentials.properties")) {
                assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)).as(p.toString()).doesNotContain("dapi0123secret");
            }
        }
    }

    @Test
    void aDeletedRunIsAProblemAndItsVersionStays() {
        addLiveSource(Map.of());
        mlflow.enqueue(json("{\"registered_models\":[" + registeredModel("fraud-bert", "[]", "[]") + "]}"));
        mlflow.enqueue(json("{\"model_versions\":[" + version("fraud-bert", "3", RUN_3, "[]") + "]}"));
        mlflow.enqueue(json("{}")); // the search by run id finds nothing; the run is then asked for on its own
        mlflow.enqueue(error(404, "RESOURCE_DOES_NOT_EXIST", "Run '" + RUN_3 + "' not found"));

        SyncRun run = sync();

        assertThat(run.status()).isEqualTo(SyncStatus.SUCCEEDED_WITH_PROBLEMS);
        assertThat(tightrope.sources().problems(run.id(), 5)).singleElement().satisfies(p -> {
            assertThat(p.location()).endsWith("/api/2.0/mlflow/runs/get");
            assertThat(p.message()).contains(RUN_3, "404", "not found");
        });
        assertThat(tightrope.inventory().find(versionUrn(host(), "fraud-bert", "3"))).isPresent();
    }

    @Test
    void aServerThatRefusesTheRunIdFilterIsReadRunByRun() throws Exception {
        addLiveSource(Map.of());
        mlflow.enqueue(json("{\"registered_models\":[" + registeredModel("fraud-bert", "[]", "[]") + "]}"));
        mlflow.enqueue(json("{\"model_versions\":[" + version("fraud-bert", "3", RUN_3, "[]") + "]}"));
        mlflow.enqueue(error(400, "INVALID_PARAMETER_VALUE", "Invalid comparator 'IN' for attribute 'run_id'"));
        mlflow.enqueue(json(run(RUN_3, "train-2026-06-03", "FINISHED")));

        SyncRun run = sync();

        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(run.problems()).isZero();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            paths.add(mlflow.takeRequest().getUrl().encodedPath());
        }
        assertThat(paths.subList(2, 4)).containsExactly("/api/2.0/mlflow/runs/search", "/api/2.0/mlflow/runs/get");
        assertThat(tightrope.inventory().find(Urn.of(AssetKind.TRAINING_RUN, "mlflow", host() + "/runs/" + RUN_3))).isPresent();
    }

    @Test
    void aRateLimitedAnswerIsRetriedAfterTheWaitTheServerAsksFor() throws Exception {
        addLiveSource(Map.of());
        mlflow.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "3")
                .body("{\"error_code\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"Too many requests\"}").build());
        mlflow.enqueue(json("{\"registered_models\":[" + registeredModel("fraud-bert", "[]", "[]") + "]}"));
        mlflow.enqueue(json("{}")); // protobuf JSON leaves empty lists out: no versions

        SyncRun run = sync();

        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(slept).containsExactly(Duration.ofSeconds(3));
        assertThat(mlflow.getRequestCount()).isEqualTo(3);
        assertThat(tightrope.inventory().find(Urn.of(AssetKind.MODEL, "openlineage", "mlflow://" + host() + "/models/fraud-bert"))).isPresent();
    }

    @Test
    void aHostileOrBrokenAnswerFailsTheSyncAndKeepsThePreviousCache() {
        addLiveSource(Map.of());
        enqueueRegistry();
        assertThat(sync().status()).isEqualTo(SyncStatus.SUCCEEDED);
        Urn v3 = versionUrn(host(), "fraud-bert", "3");

        List<List<MockResponse>> hostile = List.of(
                List.of(json("{\"registered_models\":[],\"registered_models\":[]}")),                    // a duplicate key
                List.of(json("{\"registered_models\":{\"name\":\"fraud-bert\"}}")),                     // the wrong shape
                List.of(json("{\"registered_models\":[" + "[".repeat(100) + "]".repeat(100) + "]}")),   // nested beyond the limit
                List.of(json("{\"registered_models\":[],\"next_page_token\":\"again\"}"),               // a page token repeated
                        json("{\"registered_models\":[],\"next_page_token\":\"again\"}")),
                List.of(json("{\"registered_models\":[],\"next_page_token\":42}")),                     // a token that is no token
                List.of(error(401, "UNAUTHENTICATED", "Credential was not sent or was of an unsupported type")),
                List.of(error(403, "PERMISSION_DENIED", "User does not have permission")),
                List.of(new MockResponse.Builder().code(500).body("<html>oops</html>").build(),
                        new MockResponse.Builder().code(500).body("<html>oops</html>").build(),
                        new MockResponse.Builder().code(500).body("<html>oops</html>").build()));
        for (List<MockResponse> answers : hostile) {
            answers.forEach(mlflow::enqueue);
            SyncRun run = sync();
            assertThat(run.status()).as(answers.toString()).isEqualTo(SyncStatus.FAILED);
            assertThat(run.message()).isNotBlank().contains("/api/2.0/mlflow/registered-models/search").doesNotContain("oops");
            if (run.message().contains("401")) {
                assertThat(run.message()).contains("it said: Credential was not sent");
            }
            if (run.message().contains("403")) {
                assertThat(run.message()).contains("read access");
            }
            AssetRecord kept = tightrope.inventory().find(v3).orElseThrow();
            assertThat(kept.goneAt()).isNull();
            assertThat(kept.asset().digest()).hasToString(DIGEST);
        }
    }

    @Test
    void aFullReReadMarksWhatTheRegistryNoLongerListsAsGone() {
        addLiveSource(Map.of());
        enqueueRegistry();
        assertThat(sync().status()).isEqualTo(SyncStatus.SUCCEEDED);

        // v2 was deleted and credit-risk-xgb removed
        mlflow.enqueue(json("{\"registered_models\":[" + registeredModel("fraud-bert", "[{\"alias\":\"champion\",\"version\":\"3\"}]", "[]") + "]}"));
        mlflow.enqueue(json("{\"model_versions\":[" + version("fraud-bert", "3", RUN_3, "[]") + "]}"));
        mlflow.enqueue(json("{\"runs\":[" + runObject(RUN_3, "train-2026-06-03", "FINISHED") + "]}"));
        SyncRun again = sync();

        assertThat(again.status()).as(again.message()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(again.assetsGone()).isGreaterThanOrEqualTo(3); // v2, its run, credit-risk-xgb
        assertThat(tightrope.inventory().find(versionUrn(host(), "fraud-bert", "2")).orElseThrow().goneAt()).isNotNull();
        assertThat(tightrope.inventory().find(Urn.of(AssetKind.TRAINING_RUN, "mlflow", host() + "/runs/" + RUN_2)).orElseThrow().goneAt()).isNotNull();
        assertThat(tightrope.inventory().find(Urn.of(AssetKind.MODEL, "openlineage", "mlflow://" + host() + "/models/credit-risk-xgb"))
                .orElseThrow().goneAt()).isNotNull();
        assertThat(tightrope.inventory().find(versionUrn(host(), "fraud-bert", "3")).orElseThrow().goneAt()).isNull();
    }

    @Test
    void aFilterReadsTheChosenModelsAndTheirVersionsModelByModel() throws Exception {
        addLiveSource(Map.of("filter", "name LIKE 'fraud%'"));
        mlflow.enqueue(json("{\"registered_models\":[" + registeredModel("fraud-bert", "[]", "[]") + "]}"));
        mlflow.enqueue(json("{\"model_versions\":[" + version("fraud-bert", "3", RUN_3, "[]") + "]}"));
        mlflow.enqueue(json("{\"runs\":[" + runObject(RUN_3, "train", "FINISHED") + "]}"));

        assertThat(sync().status()).isEqualTo(SyncStatus.SUCCEEDED);

        assertThat(mlflow.takeRequest().getUrl().queryParameter("filter")).isEqualTo("name LIKE 'fraud%'");
        assertThat(mlflow.takeRequest().getUrl().queryParameter("filter")).isEqualTo("name='fraud-bert'");
    }

    @Test
    void loggedModelsOfMlflow3AreLinkedToTheirVersionsAndRuns() throws Exception {
        addLiveSource(Map.of("experiments", "12"));
        mlflow.enqueue(json("{\"registered_models\":[" + registeredModel("fraud-bert", "[]", "[]") + "]}"));
        mlflow.enqueue(json("{\"model_versions\":[" + version("fraud-bert", "3", RUN_3, "[]").replace("\"run_link\":\"\"",
                "\"run_link\":\"\",\"model_id\":\"m-7f3e2d1c\"").replace("s3://mlruns/12/" + RUN_3 + "/artifacts/model", "models:/m-7f3e2d1c") + "]}"));
        String failed = "9".repeat(32);
        mlflow.enqueue(json("{\"runs\":[" + runObject(RUN_3, "train", "FINISHED") + "," + runObject(failed, "train-2026-05-19", "FAILED") + "]}"));
        mlflow.enqueue(json("{\"models\":[{\"info\":{\"model_id\":\"m-7f3e2d1c\",\"experiment_id\":\"12\",\"name\":\"model\","
                + "\"creation_timestamp_ms\":1738573600000,\"artifact_uri\":\"s3://mlruns/12/models/m-7f3e2d1c/artifacts\","
                + "\"status\":\"LOGGED_MODEL_READY\",\"model_type\":\"transformers\",\"source_run_id\":\"" + RUN_3 + "\","
                + "\"tags\":[{\"key\":\"model.digest\",\"value\":\"" + DIGEST + "\"}]},\"data\":{}},"
                + "{\"info\":{\"model_id\":\"m-unrelated\",\"experiment_id\":\"12\",\"name\":\"checkpoint\"}}]}"));

        SyncRun run = sync();

        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        List<RecordedRequest> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            requests.add(mlflow.takeRequest());
        }
        assertThat(requests).extracting(r -> r.getMethod() + " " + r.getUrl().encodedPath()).containsExactly(
                "GET /api/2.0/mlflow/registered-models/search", "GET /api/2.0/mlflow/model-versions/search",
                "POST /api/2.0/mlflow/runs/search", "POST /api/2.0/mlflow/logged-models/search");
        assertThat(requests.get(2).getBody().utf8()).contains("\"experiment_ids\":[\"12\"]");
        Urn logged = Urn.of(AssetKind.MODEL_ARTIFACT, "mlflow", host() + "/logged-models/m-7f3e2d1c");
        AssetRecord lm = tightrope.inventory().find(logged).orElseThrow();
        assertThat(lm.asset().digest()).hasToString(DIGEST);
        assertThat(lm.asset().properties()).containsEntry("status", "LOGGED_MODEL_READY");
        assertThat(tightrope.inventory().find(Urn.of(AssetKind.MODEL_ARTIFACT, "mlflow", host() + "/logged-models/m-unrelated"))).isEmpty();
        AssetDetail detail = tightrope.inventory().detail(logged).orElseThrow();
        assertThat(detail.upstream()).extracting(n -> n.type() + " " + n.urn()).contains(
                "PART_OF " + versionUrn(host(), "fraud-bert", "3"), "PRODUCED_BY tr:training_run:mlflow:" + host() + "/runs/" + RUN_3);
        AssetRecord oom = tightrope.inventory().find(Urn.of(AssetKind.TRAINING_RUN, "mlflow", host() + "/runs/" + failed)).orElseThrow();
        assertThat(oom.asset().properties()).containsEntry("state", "FAILED");
    }

    @Test
    void aMissingTokenIsAClearErrorAndNothingIsAsked() {
        addLiveSource(Map.of("token", "MLFLOW_TOKEN_THAT_IS_NOT_SET_ANYWHERE"));
        SyncRun run = sync();
        assertThat(run.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(run.message()).contains("MLFLOW_TOKEN_THAT_IS_NOT_SET_ANYWHERE", "not set");
        assertThat(mlflow.getRequestCount()).isZero();
    }

    @Test
    void testConnectionAsksForOneRegisteredModel() throws Exception {
        addLiveSource(Map.of());
        mlflow.enqueue(json("{\"registered_models\":[" + registeredModel("fraud-bert", "[]", "[]") + "],\"next_page_token\":\"x\"}"));
        assertThat(tightrope.sources().check("registry", new Cancellation()).toString()).contains("MLflow", "fraud-bert");
        assertThat(mlflow.takeRequest().getUrl().queryParameter("max_results")).isEqualTo("1");
        assertThat(mlflow.getRequestCount()).isEqualTo(1);
    }

    /** Saved answers in the live shapes, as the offline mode reads them. */
    private Path export(String versionTags) throws IOException {
        Path export = Files.createDirectories(dir.resolve("mlflow-export"));
        Files.writeString(export.resolve("export.json"), "{\"tracking_uri\":\"https://mlflow.kestrel.example\"}");
        Files.createDirectories(export.resolve("registered-models"));
        Files.writeString(export.resolve("registered-models/page-1.json"), "{\"registered_models\":[" + registeredModel("fraud-bert",
                "[{\"alias\":\"champion\",\"version\":\"3\"}]", "[]") + "]}");
        Files.createDirectories(export.resolve("model-versions"));
        Files.writeString(export.resolve("model-versions/page-1.json"), "{\"model_versions\":[" + version("fraud-bert", "3", RUN_3, versionTags) + "]}");
        Files.createDirectories(export.resolve("runs"));
        Files.writeString(export.resolve("runs/" + RUN_3 + ".json"), run(RUN_3, "train-2026-06-03", "FINISHED"));
        return export;
    }

    @Test
    void offlineSavedAnswersGiveTheSameAssetsAsLive() throws IOException {
        Path export = export("[{\"key\":\"model.digest\",\"value\":\"" + DIGEST + "\"}]");
        tightrope.sources().add(new SourceConfig("saved", "mlflow", Map.of("path", export.toString())));

        SyncRun run = tightrope.sources().sync("saved", true, SyncListener.NONE, new Cancellation()).get(0);

        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        AssetRecord v3 = tightrope.inventory().find(versionUrn("mlflow.kestrel.example", "fraud-bert", "3")).orElseThrow();
        assertThat(v3.asset().properties()).containsEntry("aliases", "champion");
        assertThat(v3.asset().sourceRef()).isEqualTo("https://mlflow.kestrel.example/#/models/fraud-bert/versions/3");
        assertThat(tightrope.inventory().detail(v3.urn()).orElseThrow().upstream()).extracting(n -> n.type())
                .contains(EdgeType.VERSION_OF, EdgeType.PRODUCED_BY, EdgeType.TRAINED_ON);

        // a broken saved page fails the source: its records are not marked gone
        Files.writeString(export.resolve("model-versions/page-1.json"), "{\"model_versions\": [");
        SyncRun broken = tightrope.sources().sync("saved", true, SyncListener.NONE, new Cancellation()).get(0);
        assertThat(broken.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(broken.message()).contains("page-1.json", "not valid JSON");
        assertThat(tightrope.inventory().find(v3.urn()).orElseThrow().goneAt()).isNull();
    }

    @Test
    void anExportThatDoesNotSayItsServerAsksForTheHost() throws IOException {
        Path export = export("[]");
        Files.delete(export.resolve("export.json"));
        tightrope.sources().add(new SourceConfig("saved", "mlflow", Map.of("path", export.toString())));
        SyncRun run = tightrope.sources().sync("saved", true, SyncListener.NONE, new Cancellation()).get(0);
        assertThat(run.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(run.message()).contains("export.json", "--set host=");

        tightrope.sources().add(new SourceConfig("saved-host", "mlflow", Map.of("path", export.toString(), "host", "mlflow.acme.test")));
        assertThat(tightrope.sources().sync("saved-host", true, SyncListener.NONE, new Cancellation()).get(0).status())
                .isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(tightrope.inventory().find(versionUrn("mlflow.acme.test", "fraud-bert", "3"))).isPresent();
    }

    @Test
    void aDigestTagThatIsNoDigestIsReportedAndTheVersionImportedWithoutOne() throws IOException {
        Path export = export("[{\"key\":\"model.digest\",\"value\":\"md5:1234\"}]");
        tightrope.sources().add(new SourceConfig("saved", "mlflow", Map.of("path", export.toString())));
        SyncRun run = tightrope.sources().sync("saved", true, SyncListener.NONE, new Cancellation()).get(0);
        assertThat(run.status()).isEqualTo(SyncStatus.SUCCEEDED_WITH_PROBLEMS);
        assertThat(tightrope.sources().problems(run.id(), 5)).singleElement().satisfies(p -> assertThat(p.message()).contains("model.digest"));
        assertThat(tightrope.inventory().find(versionUrn("mlflow.kestrel.example", "fraud-bert", "3")).orElseThrow().asset().digest()).isNull();
    }

    @Test
    void aVersionAndTheScannedModelDirectoryWithTheSameBytesAreJoinedByDigest() throws Exception {
        Path local = Files.createDirectories(dir.resolve("store/fraud-bert-v3"));
        byte[] config = "{\"architectures\":[\"BertForSequenceClassification\"]}".getBytes(StandardCharsets.UTF_8);
        Files.write(local.resolve("config.json"), config);
        // the OpenSSF model-signing root digest of a flat directory: SHA-256 over the files' raw SHA-256s in name order
        MessageDigest root = MessageDigest.getInstance("SHA-256");
        root.update(MessageDigest.getInstance("SHA-256").digest(config));
        String rootDigest = "sha256:" + HexFormat.of().formatHex(root.digest());
        Path export = export("[{\"key\":\"model.digest\",\"value\":\"" + rootDigest + "\"}]");
        tightrope.sources().add(new SourceConfig("saved", "mlflow", Map.of("path", export.toString())));
        tightrope.sources().add(new SourceConfig("store", "model-files", Map.of("path", dir.resolve("store").toString())));
        tightrope.sources().sync("saved", true, SyncListener.NONE, new Cancellation());
        tightrope.sources().sync("store", true, SyncListener.NONE, new Cancellation());

        AssetDetail version = tightrope.inventory().detail(versionUrn("mlflow.kestrel.example", "fraud-bert", "3")).orElseThrow();
        assertThat(version.sameContent()).extracting(a -> a.source() + " " + a.name()).containsExactly("store fraud-bert-v3");
    }

    @Test
    void settingsAreCheckedWhenTheSourceIsAdded() {
        var factory = MlflowConnector.factory();
        assertThatThrownBy(() -> factory.create(new SourceConfig("m", "mlflow", Map.of()))).hasMessageContaining("either --url");
        assertThatThrownBy(() -> factory.create(new SourceConfig("m", "mlflow", Map.of("url", "http://mlflow.example.com"))))
                .hasMessageContaining("https");
        assertThatThrownBy(() -> factory.create(new SourceConfig("m", "mlflow", Map.of("url", "https://mlflow.example.com",
                "experiments", "12, ../x")))).hasMessageContaining("experiment ids");
        assertThatThrownBy(() -> factory.create(new SourceConfig("m", "mlflow", Map.of("path", "/tmp/x", "host", "a/b"))))
                .hasMessageContaining("host must be");
        assertThat(factory.settings()).extracting(s -> s.key()).contains("url", "token", "path", "host", "ca-bundle", "proxy");
    }

    private void writeCredentials(String text) throws IOException {
        Path file = tightrope.workspace().credentialsFile();
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
