package dev.tightrope.sync.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetRecord;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SyncMode;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.Tightrope;
import dev.tightrope.sync.ConnectorRegistry;
import dev.tightrope.sync.http.RetryPolicy;
import dev.tightrope.testing.PathAnswers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connector against a GitLab answering in REST v4's shapes (MockWebServer), into a real cache. */
class GitLabConnectorTest {

    static final String PROJECT = "kestrel/credit-risk";
    static final String ENCODED = "/api/v4/projects/kestrel%2Fcredit-risk";

    @TempDir
    Path dir;

    MockWebServer server = new MockWebServer();
    PathAnswers answers = new PathAnswers();
    List<Duration> slept = new ArrayList<>();
    Tightrope tightrope;

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(answers);
        server.start();
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(60), slept::add, new Random(3));
        tightrope = Tightrope.open(dir.resolve("ws"), ConnectorRegistry.defaults().replacing(GitLabConnector.factory(policy)));
    }

    @AfterEach
    void stop() {
        tightrope.close();
        server.close();
    }

    static MockResponse json(String body) {
        return json(200, body);
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json")
                .setHeader("RateLimit-Limit", "2000").setHeader("RateLimit-Remaining", "1990").body(body).build();
    }

    String pipeline(long id, int iid, String status, String source, String created, String updated) {
        return """
                {"id":%d,"iid":%d,"project_id":278964,"sha":"a91f3c2e4b5d6e7f8091a2b3c4d5e6f708192a3b","ref":"main","status":"%s",
                 "source":"%s","created_at":"%s","updated_at":"%s","web_url":"https://gitlab.com/kestrel/credit-risk/-/pipelines/%d","name":null}"""
                .formatted(id, iid, status, source, created, updated, id);
    }

    static String job(long id, String name, String stage, String status, String user, boolean artifacts) {
        return """
                {"id":%d,"name":"%s","stage":"%s","status":"%s","ref":"main","tag":false,"allow_failure":false,
                 "created_at":"2026-10-29T10:00:00.000Z","started_at":"2026-10-29T10:01:00.000Z","finished_at":"2026-10-29T10:20:00.000Z",
                 "duration":1140.2,"queued_duration":4.1,"web_url":"https://gitlab.com/kestrel/credit-risk/-/jobs/%d",
                 "user":{"id":77,"username":"%s","name":"Priya Natarajan","state":"active"},
                 "commit":{"id":"a91f3c2e4b5d6e7f8091a2b3c4d5e6f708192a3b","short_id":"a91f3c2e","title":"Train v7"},
                 "pipeline":{"id":1,"project_id":278964,"ref":"main","sha":"a91f3c2e","status":"success"},
                 %s"artifacts_expire_at":"2026-11-28T10:20:00.000Z","tag_list":["gpu"]}"""
                .formatted(id, name, stage, status, id, user, artifacts
                        ? "\"artifacts_file\":{\"filename\":\"artifacts.zip\",\"size\":18874368},\"artifacts\":[{\"file_type\":\"archive\",\"size\":18874368,"
                        + "\"filename\":\"artifacts.zip\",\"file_format\":\"zip\"},{\"file_type\":\"metadata\",\"size\":210,\"filename\":\"metadata.gz\","
                        + "\"file_format\":\"gzip\"},{\"file_type\":\"junit\",\"size\":1200,\"filename\":\"junit.xml.gz\",\"file_format\":\"gzip\"},"
                        + "{\"file_type\":\"trace\",\"size\":5432,\"filename\":\"job.log\",\"file_format\":null}],"
                        : "\"artifacts\":[],");
    }

    /** Two pages of pipelines (X-Next-Page), their jobs. */
    void enqueueProject() {
        answers.on(ENCODED + "/pipelines",
                json("[" + pipeline(1101, 42, "success", "push", "2026-10-29T10:00:00.000Z", "2026-10-29T10:40:00.000Z") + "]").newBuilder()
                        .setHeader("x-next-page", "2").setHeader("x-page", "1").setHeader("x-per-page", "100").build(),
                json("[" + pipeline(1090, 41, "failed", "schedule", "2026-10-22T03:00:00.000Z", "2026-10-22T03:12:00.000Z") + "]").newBuilder()
                        .setHeader("x-next-page", "").setHeader("x-page", "2").build());
        answers.on(ENCODED + "/pipelines/1101/jobs", json("[" + job(9001, "package", "package", "success", "priya.natarajan", true) + ","
                + job(9000, "train", "train", "success", "priya.natarajan", false) + "]"));
        answers.on(ENCODED + "/pipelines/1090/jobs", json("[" + job(8990, "train", "train", "failed", "scheduler-bot", false)
                .replace("\"allow_failure\":false", "\"allow_failure\":false,\"failure_reason\":\"script_failure\"") + "]"));
    }

    void addSource(Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("url", server.url("/").toString());
        settings.put("projects", PROJECT);
        settings.putAll(extra);
        tightrope.sources().add(new SourceConfig("gl", "gitlab-ci", settings));
    }

    SyncRun sync(boolean full) {
        return tightrope.sources().sync("gl", full, SyncListener.NONE, new Cancellation()).get(0);
    }

    Urn run(long id) {
        return Urn.of(AssetKind.PIPELINE_RUN, "gitlab-ci", server.getHostName() + ":" + server.getPort() + "/" + PROJECT + "/pipelines/" + id);
    }

    List<RecordedRequest> drain() throws InterruptedException {
        List<RecordedRequest> out = new ArrayList<>();
        for (RecordedRequest r; (r = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null; ) {
            out.add(r);
        }
        return out;
    }

    void writeCredentials(String text) throws IOException {
        Path file = tightrope.workspace().credentialsFile();
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void pipelinesJobsArtifactsAndOwnersAcrossPages() throws Exception {
        writeCredentials("GL_TEST_TOKEN=glpat-XXXXXXXXXXXXXXXXXXXX\n");
        addSource(Map.of("token", "GL_TEST_TOKEN"));
        enqueueProject();

        SyncRun sync = sync(true);

        assertThat(sync.status()).as(sync.message()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(sync.mode()).isEqualTo(SyncMode.FULL);
        List<RecordedRequest> requests = drain();
        // the package registry is asked too; this project has none (404): nothing to read, no problem
        assertThat(requests).extracting(r -> r.getUrl().encodedPath()).containsExactlyInAnyOrder(
                ENCODED + "/pipelines", ENCODED + "/pipelines", ENCODED + "/pipelines/1101/jobs", ENCODED + "/pipelines/1090/jobs",
                ENCODED + "/packages");
        assertThat(requests).filteredOn(r -> r.getUrl().encodedPath().endsWith("/pipelines")).extracting(r -> r.getUrl().queryParameter("page"))
                .containsExactlyInAnyOrder(null, "2");
        assertThat(requests).allSatisfy(r -> assertThat(r.getHeaders().get("PRIVATE-TOKEN")).isEqualTo("glpat-XXXXXXXXXXXXXXXXXXXX"));

        AssetDetail p = tightrope.inventory().detail(run(1101)).orElseThrow();
        assertThat(p.record().asset().name()).isEqualTo("kestrel/credit-risk #42");
        assertThat(p.record().asset().properties()).containsEntry("status", "success").containsEntry("source", "push")
                .containsEntry("commit", "a91f3c2e4b5d6e7f8091a2b3c4d5e6f708192a3b").containsEntry("ref", "main")
                .containsEntry("jobs", "package [package]: success; train [train]: success").containsEntry("reports", "junit");
        assertThat(p.record().owners()).extracting(o -> o.owner()).containsExactly("priya.natarajan");
        assertThat(p.upstream()).extracting(n -> n.type() + " " + n.name()).containsExactly("INSTANCE_OF kestrel/credit-risk CI");
        assertThat(p.downstream()).filteredOn(n -> n.type() == EdgeType.PRODUCED_BY).singleElement()
                .satisfies(n -> assertThat(n.name()).isEqualTo("package artifacts"));

        AssetRecord artifacts = tightrope.inventory().find(Urn.of(AssetKind.BUILD_ARTIFACT, "gitlab-ci",
                server.getHostName() + ":" + server.getPort() + "/" + PROJECT + "/jobs/9001/artifacts")).orElseThrow();
        assertThat(artifacts.asset().digest()).as("GitLab gives no checksum; none is invented").isNull();
        assertThat(artifacts.asset().properties()).containsEntry("size", "18874368").containsEntry("filename", "artifacts.zip")
                .containsEntry("digest", "none: GitLab's API lists no checksum for job artifacts");
        AssetRecord failed = tightrope.inventory().find(run(1090)).orElseThrow();
        assertThat(failed.asset().properties()).containsEntry("status", "failed").containsEntry("failed_jobs", "train (script_failure)");

        for (Path f : (Iterable<Path>) Files.walk(dir.resolve("ws"))::iterator) {
            if (Files.isRegularFile(f) && !f.getFileName().toString().equals("credentials.properties")) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain("glpat-XXXX");
            }
        }
    }

    @Test
    void laterSyncsAskForWhatWasUpdatedAfterTheNewestUpdateAndAFullReadMarksDeletedPipelinesGone() throws Exception {
        addSource(Map.of());
        enqueueProject();
        assertThat(sync(true).mode()).isEqualTo(SyncMode.FULL);
        drain();

        answers.on(ENCODED + "/pipelines", json("[]"));
        SyncRun second = sync(false);
        assertThat(second.mode()).isEqualTo(SyncMode.INCREMENTAL);
        assertThat(drain()).filteredOn(r -> r.getUrl().encodedPath().endsWith("/pipelines")).singleElement().satisfies(r -> {
            assertThat(r.getUrl().queryParameter("updated_after")).isEqualTo("2026-10-29T10:40:00Z");
            // oldest update first: a sync cut short by max-pipelines moves the cursor only as far as it read
            assertThat(r.getUrl().queryParameter("order_by")).isEqualTo("updated_at");
            assertThat(r.getUrl().queryParameter("sort")).isEqualTo("asc");
        });

        answers.on(ENCODED + "/pipelines", json("[" + pipeline(1101, 42, "success", "push", "2026-10-29T10:00:00.000Z", "2026-10-29T10:40:00.000Z") + "]"));
        answers.on(ENCODED + "/pipelines/1101/jobs", json("[]"));
        assertThat(sync(true).mode()).isEqualTo(SyncMode.FULL);
        assertThat(tightrope.inventory().find(run(1090)).orElseThrow().gone()).isTrue();
        assertThat(tightrope.inventory().find(run(1101)).orElseThrow().gone()).isFalse();
    }

    @Test
    void aRateLimitedListingIsRetriedAfterRetryAfter() {
        addSource(Map.of());
        answers.on(ENCODED + "/pipelines", new MockResponse.Builder().code(429).setHeader("Retry-After", "6")
                .setHeader("RateLimit-Remaining", "0").setHeader("RateLimit-Reset", Long.toString(java.time.Instant.now().getEpochSecond() + 6))
                .body("Retry later").build());
        enqueueProject();
        SyncRun run = sync(true);
        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(slept).containsExactly(Duration.ofSeconds(6));
    }

    @Test
    void refusedAndUnknownProjectsFailInWordsAndKeepTheCache() {
        addSource(Map.of());
        enqueueProject();
        assertThat(sync(true).status()).isEqualTo(SyncStatus.SUCCEEDED);

        answers.on(ENCODED + "/pipelines", json(404, "{\"message\":\"404 Project Not Found\"}"));
        SyncRun missing = sync(true);
        assertThat(missing.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(missing.message()).contains("not found (404)", "it said: 404 Project Not Found");
        answers.on(ENCODED + "/pipelines", json(403, "{\"message\":\"403 Forbidden\"}"));
        SyncRun forbidden = sync(true);
        assertThat(forbidden.message()).contains("(403)", "read_api");
        answers.on(ENCODED + "/pipelines", json(401, "{\"message\":\"401 Unauthorized\"}"));
        assertThat(sync(true).message()).contains("refused the credentials (401)");
        assertThat(tightrope.inventory().find(run(1101)).orElseThrow().gone()).isFalse();
    }

    @Test
    void hostileListingsFailTheSourceSayingWhatWasWrong() {
        addSource(Map.of());
        enqueueProject();
        assertThat(sync(true).status()).isEqualTo(SyncStatus.SUCCEEDED);

        answers.on(ENCODED + "/pipelines", json("{\"id\":1}"));
        assertThat(sync(true).message()).contains("expected a JSON list, got OBJECT");
        answers.on(ENCODED + "/pipelines", json("[" + pipeline(1101, 42, "success", "push", "2026-10-29T10:00:00.000Z", "2026-10-29T10:40:00.000Z")
                + "]").newBuilder().setHeader("Link", "<https://evil.example/api/v4/projects/1/pipelines?page=2>; rel=\"next\"").build());
        assertThat(sync(true).message()).contains("evil.example");
        // a page that names itself as the next page, forever
        MockResponse loop = json("[" + pipeline(1101, 42, "success", "push", "2026-10-29T10:00:00.000Z", "2026-10-29T10:40:00.000Z") + "]")
                .newBuilder().setHeader("x-next-page", "2").build();
        answers.on(ENCODED + "/pipelines", loop, loop, loop);
        answers.on(ENCODED + "/pipelines/1101/jobs", json("[]"));
        assertThat(sync(true).message()).contains("a page already read");
        assertThat(tightrope.inventory().find(run(1090)).orElseThrow().gone()).isFalse();
    }

    static String pkg(long id, String name, String version, long pipelineId) {
        return """
                {"id":%d,"name":"%s","version":"%s","package_type":"generic","status":"default",
                 "_links":{"web_path":"/kestrel/credit-risk/-/packages/%d"},"created_at":"2026-10-29T10:19:00.000Z","tags":[],
                 "pipeline":{"id":%d,"iid":42,"project_id":278964,"sha":"a91f3c2e4b5d6e7f8091a2b3c4d5e6f708192a3b","ref":"main","status":"success",
                  "source":"push","created_at":"2026-10-29T10:00:00.000Z","updated_at":"2026-10-29T10:40:00.000Z",
                  "web_url":"https://gitlab.com/kestrel/credit-risk/-/pipelines/%d","user":{"id":77,"username":"priya.natarajan","name":"Priya Natarajan"}}}"""
                .formatted(id, name, version, id, pipelineId, pipelineId);
    }

    static String packageFile(long id, long packageId, String name, String sha256, long pipelineId) {
        return """
                {"id":%d,"package_id":%d,"created_at":"2026-10-29T10:19:30.000Z","file_name":"%s","size":2048,
                 "file_md5":null,"file_sha1":"0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c","file_sha256":%s,
                 "pipelines":[{"id":%d,"iid":42,"project_id":278964,"sha":"a91f3c2e4b5d6e7f8091a2b3c4d5e6f708192a3b","ref":"main",
                  "status":"success","source":"push","created_at":"2026-10-29T10:00:00.000Z","updated_at":"2026-10-29T10:40:00.000Z",
                  "web_url":"https://gitlab.com/kestrel/credit-risk/-/pipelines/%d"}]}"""
                .formatted(id, packageId, name, sha256 == null ? "null" : "\"" + sha256 + "\"", pipelineId, pipelineId);
    }

    static byte[] safetensors() {
        byte[] header = "{\"__metadata__\":{\"format\":\"pt\"}}".getBytes(StandardCharsets.UTF_8);
        return java.nio.ByteBuffer.allocate(8 + header.length).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(header.length).put(header).array();
    }

    static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    Urn file(long packageId, long fileId) {
        return Urn.of(AssetKind.BUILD_ARTIFACT, "gitlab-ci", server.getHostName() + ":" + server.getPort() + "/" + PROJECT
                + "/packages/" + packageId + "/files/" + fileId);
    }

    @Test
    void packageRegistryFilesCarryTheirSha256AndJoinAScannedFileOfTheSameBytesWhileJobArtifactsJoinNothing() throws Exception {
        byte[] bytes = safetensors();
        String digest = sha256(bytes);
        Path local = Files.createDirectories(dir.resolve("local-models/credit-risk"));
        Files.write(local.resolve("model.safetensors"), bytes);
        addSource(Map.of());
        enqueueProject();
        answers.on(ENCODED + "/packages", json("[" + pkg(55, "credit-risk-xgb", "7.0.0", 1101) + "]").newBuilder()
                .setHeader("x-next-page", "2").build(), json("[" + pkg(54, "credit-risk-xgb", "6.0.0", 1090) + "]"));
        answers.on(ENCODED + "/packages/55/package_files", json("[" + packageFile(801, 55, "model.safetensors", digest, 1101) + ","
                + packageFile(802, 55, "metrics.json", "NOT-A-DIGEST", 1101) + "]"));
        answers.on(ENCODED + "/packages/54/package_files", json("[" + packageFile(790, 54, "model.safetensors", null, 1090) + "]"));
        tightrope.sources().add(new SourceConfig("local", "model-files", Map.of("path", dir.resolve("local-models").toString())));

        SyncRun run = sync(true);
        tightrope.sources().sync("local", true, SyncListener.NONE, new Cancellation());

        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(drain()).filteredOn(r -> r.getUrl().encodedPath().equals(ENCODED + "/packages"))
                .extracting(r -> r.getUrl().queryParameter("page")).containsExactlyInAnyOrder(null, "2");
        AssetDetail model = tightrope.inventory().detail(file(55, 801)).orElseThrow();
        assertThat(model.record().asset().digest()).hasToString("sha256:" + digest);
        assertThat(model.record().asset().properties()).containsEntry("package", "credit-risk-xgb").containsEntry("version", "7.0.0")
                .containsEntry("package_type", "generic").containsEntry("size", "2048");
        assertThat(model.record().asset().sourceRef()).endsWith("/kestrel/credit-risk/-/packages/55");
        assertThat(model.upstream()).extracting(n -> n.type() + " " + n.urn()).containsExactly("PRODUCED_BY " + run(1101));
        assertThat(model.sameContent()).extracting(a -> a.source()).containsExactly("local");

        // no SHA-256 from the registry, or one that is not one: listed without a digest, never a made-up one
        assertThat(tightrope.inventory().find(file(54, 790)).orElseThrow().asset().digest()).isNull();
        AssetRecord metrics = tightrope.inventory().find(file(55, 802)).orElseThrow();
        assertThat(metrics.asset().digest()).isNull();
        assertThat(metrics.asset().properties()).containsEntry("digest", "none: file_sha256 is not a SHA-256");
        // a job's artifacts have no digest: a scanned file elsewhere never makes them the same content
        Urn archive = Urn.of(AssetKind.BUILD_ARTIFACT, "gitlab-ci", server.getHostName() + ":" + server.getPort() + "/" + PROJECT + "/jobs/9001/artifacts");
        assertThat(tightrope.inventory().detail(archive).orElseThrow().sameContent()).isEmpty();
    }

    @Test
    void aForbiddenRegistryIsOneProblemAndNothingGoesGone() {
        addSource(Map.of());
        enqueueProject();
        answers.on(ENCODED + "/packages", json("[" + pkg(55, "credit-risk-xgb", "7.0.0", 1101) + "]"));
        answers.on(ENCODED + "/packages/55/package_files", json("[" + packageFile(801, 55, "model.joblib", "a".repeat(64), 1101) + "]"));
        assertThat(sync(true).status()).isEqualTo(SyncStatus.SUCCEEDED);

        enqueueProject();
        answers.on(ENCODED + "/packages", json(403, "{\"message\":\"403 Forbidden\"}"));
        SyncRun run = sync(true);

        assertThat(run.status()).isEqualTo(SyncStatus.SUCCEEDED_WITH_PROBLEMS);
        assertThat(run.mode()).as("the registry was not read: its files must not go gone").isEqualTo(SyncMode.INCREMENTAL);
        assertThat(tightrope.sources().problems(run.id(), 10)).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("(403)", "read_api", "packages=false"));
        assertThat(tightrope.inventory().find(file(55, 801)).orElseThrow().gone()).isFalse();
    }

    @Test
    void oneUnreadableRecordIsAProblemAndTheRestIsImported() {
        addSource(Map.of());
        answers.on(ENCODED + "/pipelines", json("[" + pipeline(1101, 42, "success", "push", "2026-10-29T10:00:00.000Z", "2026-10-29T10:40:00.000Z")
                + ",{\"id\":\"1100; DROP\",\"iid\":41,\"status\":\"success\"}]"));
        answers.on(ENCODED + "/pipelines/1101/jobs", json("[]"));

        SyncRun run = sync(true);

        assertThat(run.status()).isEqualTo(SyncStatus.SUCCEEDED_WITH_PROBLEMS);
        assertThat(tightrope.sources().problems(run.id(), 10)).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("a pipeline has no numeric id"));
        assertThat(tightrope.inventory().find(run(1101))).isPresent();
    }

    @Test
    void aJobListThatNeverEndsAndAHugeAnswerFailTheSourceAndKeepTheCache() {
        addSource(Map.of());
        enqueueProject();
        assertThat(sync(true).status()).isEqualTo(SyncStatus.SUCCEEDED);

        // every page full and naming the next one, for ever
        answers.on(ENCODED + "/pipelines", json("[" + pipeline(1101, 42, "success", "push", "2026-10-29T10:00:00.000Z", "2026-10-29T10:40:00.000Z") + "]"));
        for (int page = 1; page <= GitLabConnector.MAX_JOB_PAGES + 1; page++) {
            StringBuilder jobs = new StringBuilder("[");
            for (int i = 0; i < 100; i++) {
                jobs.append(i == 0 ? "" : ",").append(job(100_000L * page + i, "shard", "test", "success", "priya.natarajan", false));
            }
            answers.on(ENCODED + "/pipelines/1101/jobs", json(jobs + "]").newBuilder().setHeader("x-next-page", Integer.toString(page + 1)).build());
        }
        SyncRun endless = sync(true);
        assertThat(endless.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(endless.message()).contains("more than " + 100 * GitLabConnector.MAX_JOB_PAGES + " jobs in one pipeline");

        answers.on(ENCODED + "/pipelines", json("[" + " ".repeat((int) GitLabConnector.LIMITS.maxDocumentLength()) + "]"));
        SyncRun huge = sync(true);
        assertThat(huge.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(huge.message()).contains("more than the " + GitLabConnector.LIMITS.maxDocumentLength() + " allowed");

        assertThat(tightrope.inventory().find(run(1090)).orElseThrow().gone()).isFalse();
        assertThat(tightrope.inventory().find(run(1101)).orElseThrow().asset().properties()).containsEntry("jobs",
                "package [package]: success; train [train]: success");
    }

    @Test
    void testConnectionSaysWhatA404MeansOnGitLab() {
        addSource(Map.of());
        answers.on(ENCODED, json(404, "{\"message\":\"404 Project Not Found\"}"));
        var refused = tightrope.sources().check("gl", new Cancellation());
        assertThat(refused.ok()).isFalse();
        assertThat(refused.message()).contains("not found (404)", "cannot see it", "read_api", "Reporter");
    }

    @Test
    void testConnectionReadsTheProject() {
        addSource(Map.of());
        answers.on(ENCODED, json("{\"id\":278964,\"path_with_namespace\":\"kestrel/credit-risk\",\"default_branch\":\"main\"}"));
        assertThat(tightrope.sources().check("gl", new Cancellation()).message())
                .isEqualTo("GitLab at " + server.getHostName() + " answered; kestrel/credit-risk can be read (default branch main)");
    }

    @Test
    void offlineSavedAnswersReadTheSame() throws IOException {
        Path project = Files.createDirectories(dir.resolve("gl-export/kestrel/credit-risk/pipelines/1101"));
        Files.writeString(project.getParent().getParent().resolve("pipelines-1.json"),
                "[" + pipeline(1101, 42, "success", "push", "2026-10-29T10:00:00.000Z", "2026-10-29T10:40:00.000Z") + "]");
        Files.writeString(project.resolve("jobs.json"), "[" + job(9001, "package", "package", "success", "priya.natarajan", true) + "]");
        tightrope.sources().add(new SourceConfig("gl-export", "gitlab-ci", Map.of("path", dir.resolve("gl-export").toString())));

        SyncRun run = tightrope.sources().sync("gl-export", true, SyncListener.NONE, new Cancellation()).get(0);

        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        AssetRecord p = tightrope.inventory().find(Urn.of(AssetKind.PIPELINE_RUN, "gitlab-ci", "gitlab.com/kestrel/credit-risk/pipelines/1101"))
                .orElseThrow();
        assertThat(p.owners()).extracting(o -> o.owner()).containsExactly("priya.natarajan");
        assertThat(p.asset().sourceRef()).isEqualTo("https://gitlab.com/kestrel/credit-risk/-/pipelines/1101");
    }

    @Test
    void offlineAnswersNameTheirGitLabInTheirWebUrlAndCarryThePackageRegistry() throws IOException {
        Path project = Files.createDirectories(dir.resolve("gl-export/kestrel/credit-risk/pipelines/1101"));
        Path root = project.getParent().getParent();
        Files.writeString(root.resolve("pipelines-1.json"), "[" + pipeline(1101, 42, "success", "push", "2026-10-29T10:00:00.000Z",
                "2026-10-29T10:40:00.000Z").replace("https://gitlab.com/", "https://gitlab.kestrel.example/") + "]");
        Files.writeString(project.resolve("jobs.json"), "[]");
        Files.writeString(root.resolve("packages-1.json"), "[" + pkg(55, "credit-risk-xgb", "7.0.0", 1101) + "]");
        Files.createDirectories(root.resolve("packages/55"));
        Files.writeString(root.resolve("packages/55/package_files.json"), "[" + packageFile(801, 55, "model.joblib", "b".repeat(64), 1101) + "]");
        tightrope.sources().add(new SourceConfig("gl-export", "gitlab-ci", Map.of("path", dir.resolve("gl-export").toString())));

        SyncRun run = tightrope.sources().sync("gl-export", true, SyncListener.NONE, new Cancellation()).get(0);

        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        Urn file = Urn.of(AssetKind.BUILD_ARTIFACT, "gitlab-ci", "gitlab.kestrel.example/kestrel/credit-risk/packages/55/files/801");
        AssetDetail d = tightrope.inventory().detail(file).orElseThrow();
        assertThat(d.record().asset().digest()).hasToString("sha256:" + "b".repeat(64));
        assertThat(d.record().asset().sourceRef()).isEqualTo("https://gitlab.kestrel.example/kestrel/credit-risk/-/packages/55");
        assertThat(d.upstream()).extracting(n -> n.urn().toString())
                .containsExactly("tr:pipeline_run:gitlab-ci:gitlab.kestrel.example/kestrel/credit-risk/pipelines/1101");
    }
}
