package dev.tightrope.sync.github;

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
import dev.tightrope.service.Tightrope;
import dev.tightrope.sync.ConnectorRegistry;
import dev.tightrope.sync.http.RetryPolicy;
import dev.tightrope.testing.PathAnswers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
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

/** The connector against a GitHub answering in the REST API's shapes (MockWebServer), into a real cache. */
class GitHubConnectorTest {

    static final String REPO = "kestrel/ml-deploy";
    static final String SAFETENSORS = "8899d9b87ab3ea0238da8434e669bf5bcdeb8611ef36c59a0dfe9fea133765ce";

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
        tightrope = Tightrope.open(dir.resolve("ws"), ConnectorRegistry.defaults().replacing(GitHubConnector.factory(policy)));
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
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json; charset=utf-8")
                .setHeader("x-ratelimit-limit", "5000").setHeader("x-ratelimit-remaining", "4990").body(body).build();
    }

    static String run(long id, int number, String workflow, String path, String status, String conclusion, String created, String actor) {
        return """
                {"id":%d,"name":"%s","node_id":"WFR_kw","head_branch":"main","head_sha":"4d1c9e0a7b3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d",
                 "path":"%s","display_title":"Package fraud-bert 3","run_number":%d,"event":"workflow_dispatch","status":"%s",
                 "conclusion":%s,"workflow_id":1234,"check_suite_id":5678,"url":"https://api.github.com/repos/kestrel/ml-deploy/actions/runs/%d",
                 "html_url":"https://github.com/kestrel/ml-deploy/actions/runs/%d","created_at":"%s","updated_at":"%s","run_attempt":1,
                 "run_started_at":"%s","actor":{"login":"%s","id":1,"type":"User"},"triggering_actor":{"login":"%s","id":1,"type":"User"},
                 "head_commit":{"id":"4d1c9e0a7b3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d","tree_id":"aa","message":"Package fraud-bert 3\\n\\nSigned-off-by: x",
                  "timestamp":"%s","author":{"name":"Sam Okafor","email":"sam.okafor@kestrel.example"}},
                 "repository":{"id":42,"full_name":"kestrel/ml-deploy"},"pull_requests":[]}"""
                .formatted(id, workflow, path, number, status, conclusion == null ? "null" : "\"" + conclusion + "\"", id, id, created, created,
                        created, actor, actor, created);
    }

    static String artifact(long id, long run, String name, String digest) {
        return """
                {"id":%d,"node_id":"MDg6QXJ0aWZhY3Q","name":"%s","size_in_bytes":40120,"url":"https://api.github.com/repos/kestrel/ml-deploy/actions/artifacts/%d",
                 "archive_download_url":"https://api.github.com/repos/kestrel/ml-deploy/actions/artifacts/%d/zip","expired":false,
                 "created_at":"2026-06-04T09:38:00Z","expires_at":"2026-09-02T09:38:00Z","updated_at":"2026-06-04T09:38:00Z",
                 "digest":%s,"workflow_run":{"id":%d,"repository_id":42,"head_repository_id":42,"head_branch":"main",
                 "head_sha":"4d1c9e0a7b3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d"}}"""
                .formatted(id, name, id, id, digest == null ? "null" : "\"" + digest + "\"", run);
    }

    static String attestation(String subjectName, String sha256) {
        String statement = """
                {"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"%s","digest":{"sha256":"%s"}}],
                 "predicateType":"https://slsa.dev/provenance/v1","predicate":{"buildDefinition":{"buildType":"https://actions.github.io/buildtypes/workflow/v1"},
                 "runDetails":{"builder":{"id":"https://github.com/actions/runner/github-hosted"},
                  "metadata":{"invocationId":"https://github.com/kestrel/ml-deploy/actions/runs/9001/attempts/1"}}}}"""
                .formatted(subjectName, sha256);
        String payload = Base64.getEncoder().encodeToString(statement.getBytes(StandardCharsets.UTF_8));
        return """
                {"attestations":[{"bundle":{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":{},
                 "dsseEnvelope":{"payload":"%s","payloadType":"application/vnd.in-toto+json","signatures":[{"sig":"MEUC"}]}},
                 "repository_id":42,"bundle_url":"https://example.invalid/bundle"}]}""".formatted(payload);
    }

    void addSource(Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("url", server.url("/").toString());
        settings.put("repositories", REPO);
        settings.putAll(extra);
        tightrope.sources().add(new SourceConfig("gha", "github-actions", settings));
    }

    SyncRun sync(boolean full) {
        return tightrope.sources().sync("gha", full, SyncListener.NONE, new Cancellation()).get(0);
    }

    String host() {
        return server.getHostName() + ":" + server.getPort();
    }

    Urn runUrn(long id) {
        return Urn.of(AssetKind.PIPELINE_RUN, "github-actions", host() + "/" + REPO + "/actions/runs/" + id);
    }

    Urn artifactUrn(long id) {
        return Urn.of(AssetKind.BUILD_ARTIFACT, "github-actions", host() + "/" + REPO + "/actions/artifacts/" + id);
    }

    /** Two pages of runs (Link), one run with a model file uploaded unzipped and attested, one failed run without artifacts. */
    void enqueueRepository() {
        String next = server.url("/repos/" + REPO + "/actions/runs?per_page=100&page=2").toString();
        answers.on("/repos/" + REPO + "/actions/runs",
                json("{\"total_count\":2,\"workflow_runs\":[" + run(9001, 17, "Package model", ".github/workflows/package-model.yml", "completed",
                        "success", "2026-06-04T09:31:45Z", "sam-okafor") + "]}").newBuilder()
                        .setHeader("Link", "<" + next + ">; rel=\"next\", <" + next + ">; rel=\"last\"").build(),
                json("{\"total_count\":2,\"workflow_runs\":[" + run(8990, 16, "Package model", ".github/workflows/package-model.yml", "completed",
                        "failure", "2026-05-19T06:00:05Z", "ana-ruiz") + "]}"));
        answers.on("/repos/" + REPO + "/actions/runs/9001/artifacts",
                json("{\"total_count\":2,\"artifacts\":[" + artifact(501, 9001, "model.safetensors", "sha256:" + SAFETENSORS) + ","
                        + artifact(502, 9001, "test-report", null) + "]}"));
        answers.on("/repos/" + REPO + "/actions/runs/8990/artifacts", json("{\"total_count\":0,\"artifacts\":[]}"));
        answers.on("/repos/" + REPO + "/attestations/sha256:" + SAFETENSORS, json(attestation("model.safetensors", SAFETENSORS)));
    }

    void writeCredentials(String text) throws IOException {
        Path file = tightrope.workspace().credentialsFile();
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void runsTheirWorkflowsArtifactsByDigestAndAttestationsAcrossPages() throws Exception {
        writeCredentials("GH_TEST_TOKEN=github_pat_11ABCDEFG\n");
        addSource(Map.of("token", "GH_TEST_TOKEN"));
        enqueueRepository();

        SyncRun run = sync(true);

        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(run.mode()).isEqualTo(SyncMode.FULL);
        List<RecordedRequest> requests = new ArrayList<>();
        for (int i = 0; i < server.getRequestCount(); i++) {
            requests.add(server.takeRequest());
        }
        assertThat(requests).extracting(r -> r.getUrl().encodedPath()).containsExactlyInAnyOrder(
                "/repos/kestrel/ml-deploy/actions/runs", "/repos/kestrel/ml-deploy/actions/runs",
                "/repos/kestrel/ml-deploy/actions/runs/9001/artifacts", "/repos/kestrel/ml-deploy/actions/runs/8990/artifacts",
                "/repos/kestrel/ml-deploy/attestations/sha256:" + SAFETENSORS);
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer github_pat_11ABCDEFG");
            assertThat(r.getHeaders().get("Accept")).isEqualTo("application/vnd.github+json");
            assertThat(r.getHeaders().get("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
        });

        AssetDetail r9001 = tightrope.inventory().detail(runUrn(9001)).orElseThrow();
        assertThat(r9001.record().asset().name()).isEqualTo("Package model #17");
        assertThat(r9001.record().asset().properties()).containsEntry("conclusion", "success").containsEntry("event", "workflow_dispatch")
                .containsEntry("commit", "4d1c9e0a7b3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d").containsEntry("branch", "main")
                .containsEntry("commit_message", "Package fraud-bert 3").containsEntry("repository", REPO);
        assertThat(r9001.record().owners()).extracting(o -> o.owner()).containsExactly("sam-okafor");
        // a run of the workflow the OpenLineage GitHub integration names github://kestrel/ml-deploy / package-model.yml
        assertThat(r9001.upstream()).extracting(n -> n.type() + " " + n.urn()).containsExactly(
                "INSTANCE_OF tr:pipeline:openlineage:github://kestrel/ml-deploy/package-model.yml");
        assertThat(r9001.downstream()).filteredOn(n -> n.type() == EdgeType.PRODUCED_BY).extracting(n -> n.name())
                .containsExactlyInAnyOrder("model.safetensors", "test-report");

        AssetRecord model = tightrope.inventory().find(artifactUrn(501)).orElseThrow();
        assertThat(model.asset().digest()).isEqualTo(Digest.sha256(SAFETENSORS));
        assertThat(model.asset().properties()).containsEntry("size", "40120")
                .containsEntry("attestations", "1 stored by GitHub, not verified here: https://slsa.dev/provenance/v1")
                .containsEntry("attestation.subjects", "model.safetensors@sha256:" + SAFETENSORS);
        assertThat(tightrope.inventory().find(artifactUrn(502)).orElseThrow().asset().digest()).isNull();
        assertThat(tightrope.inventory().find(runUrn(8990)).orElseThrow().asset().properties()).containsEntry("conclusion", "failure");

        for (Path p : (Iterable<Path>) Files.walk(dir.resolve("ws"))::iterator) {
            if (Files.isRegularFile(p) && !p.getFileName().toString().equals("credentials.properties")) {
                assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)).as(p.toString()).doesNotContain("github_pat_11ABCDEFG");
            }
        }
    }

    @Test
    void anArtifactUploadedAsTheFileItselfIsTheSameContentAsTheScannedFile() throws Exception {
        addSource(Map.of());
        enqueueRepository();
        Path models = Files.createDirectories(dir.resolve("models/fraud-bert-v3"));
        Files.copy(Path.of("sample-data/models/fraud-bert-v3/model.safetensors"), models.resolve("model.safetensors"));
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(models.resolve("model.safetensors")))))
                .isEqualTo(SAFETENSORS);
        tightrope.sources().add(new SourceConfig("store", "model-files", Map.of("path", dir.resolve("models").toString())));

        assertThat(sync(true).status()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(tightrope.sources().sync("store", true, SyncListener.NONE, new Cancellation()).get(0).status()).isEqualTo(SyncStatus.SUCCEEDED);

        assertThat(tightrope.inventory().detail(artifactUrn(501)).orElseThrow().sameContent()).extracting(s -> s.source()).contains("store");
    }

    @Test
    void laterSyncsAskOnlyForNewRunsAndAFullReReadMarksVanishedRunsGone() throws Exception {
        addSource(Map.of());
        enqueueRepository();
        assertThat(sync(true).mode()).isEqualTo(SyncMode.FULL);
        while (server.getRequestCount() > 0 && server.takeRequest(10, java.util.concurrent.TimeUnit.MILLISECONDS) != null) {
            // drain
        }

        // incremental: created since the newest run (all were completed)
        answers.on("/repos/" + REPO + "/actions/runs", json("{\"total_count\":0,\"workflow_runs\":[]}"));
        SyncRun second = sync(false);
        assertThat(second.mode()).isEqualTo(SyncMode.INCREMENTAL);
        RecordedRequest list = null;
        for (RecordedRequest r; (r = server.takeRequest(50, java.util.concurrent.TimeUnit.MILLISECONDS)) != null; ) {
            if (r.getUrl().encodedPath().endsWith("/actions/runs")) {
                list = r;
            }
        }
        assertThat(list).isNotNull();
        assertThat(list.getUrl().queryParameter("created")).isEqualTo(">=2026-06-04T09:31:45Z");
        assertThat(tightrope.inventory().find(runUrn(8990)).orElseThrow().gone()).isFalse();

        // full: run 8990 was deleted
        answers.on("/repos/" + REPO + "/actions/runs", json("{\"total_count\":1,\"workflow_runs\":[" + run(9001, 17, "Package model",
                ".github/workflows/package-model.yml", "completed", "success", "2026-06-04T09:31:45Z", "sam-okafor") + "]}"));
        answers.on("/repos/" + REPO + "/actions/runs/9001/artifacts", json("{\"total_count\":0,\"artifacts\":[]}"));
        SyncRun third = sync(true);
        assertThat(third.mode()).isEqualTo(SyncMode.FULL);
        assertThat(tightrope.inventory().find(runUrn(8990)).orElseThrow().gone()).isTrue();
        assertThat(tightrope.inventory().find(runUrn(9001)).orElseThrow().gone()).isFalse();
    }

    @Test
    void aRunListCutByMaxRunsMarksNothingGone() {
        addSource(Map.of("max-runs", "1"));
        enqueueRepository();
        SyncRun run = sync(true);
        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(run.mode()).as("older runs exist beyond the window: not gone").isEqualTo(SyncMode.INCREMENTAL);
        assertThat(tightrope.inventory().find(runUrn(9001))).isPresent();
        assertThat(tightrope.inventory().find(runUrn(8990))).isEmpty();
    }

    @Test
    void rateLimitsAreWaitedOutAsGitHubAsks() {
        addSource(Map.of());
        long reset = java.time.Instant.now().getEpochSecond() + 7;
        // the first answer for the run's artifacts: the primary rate limit is spent until reset
        answers.on("/repos/" + REPO + "/actions/runs/9001/artifacts",
                new MockResponse.Builder().code(403).setHeader("Content-Type", "application/json").setHeader("x-ratelimit-remaining", "0")
                        .setHeader("x-ratelimit-reset", Long.toString(reset))
                        .body("{\"message\":\"API rate limit exceeded for user ID 1.\",\"documentation_url\":\"https://docs.github.com/rest\"}").build());
        enqueueRepository();
        SyncRun run = sync(true);
        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(slept).singleElement().satisfies(d -> assertThat(d.toSeconds()).isBetween(4L, 8L));
        assertThat(tightrope.inventory().find(artifactUrn(501))).isPresent();
    }

    @Test
    void aSecondaryRateLimitWithRetryAfterIsRetried() {
        addSource(Map.of());
        answers.on("/repos/" + REPO + "/actions/runs",
                json(429, "{\"message\":\"You have exceeded a secondary rate limit.\"}").newBuilder().setHeader("Retry-After", "5").build(),
                json("{\"total_count\":0,\"workflow_runs\":[]}"));
        SyncRun run = sync(true);
        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(slept).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void anUnknownRepositoryOrARefusedTokenFailsTheSourceInWordsAndKeepsTheCache() throws Exception {
        addSource(Map.of());
        enqueueRepository();
        assertThat(sync(true).status()).isEqualTo(SyncStatus.SUCCEEDED);

        answers.on("/repos/" + REPO + "/actions/runs", json(404, "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"404\"}"));
        SyncRun missing = sync(true);
        assertThat(missing.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(missing.message()).contains("not found (404)", "it said: Not Found");
        answers.on("/repos/" + REPO + "/actions/runs", json(403, "{\"message\":\"Resource not accessible by personal access token\"}"));
        SyncRun forbidden = sync(true);
        assertThat(forbidden.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(forbidden.message()).contains("(403)", "Actions: read", "Resource not accessible by personal access token");
        assertThat(tightrope.inventory().find(runUrn(9001)).orElseThrow().gone()).isFalse();
    }

    @Test
    void hostileAnswersFailTheSourceSayingWhatWasWrong() {
        addSource(Map.of());
        enqueueRepository();
        assertThat(sync(true).status()).isEqualTo(SyncStatus.SUCCEEDED);

        answers.on("/repos/" + REPO + "/actions/runs", json("{\"total_count\":1,\"workflow_runs\":[]}").newBuilder()
                .setHeader("Link", "<https://evil.example/repos/kestrel/ml-deploy/actions/runs?page=2>; rel=\"next\"").build());
        SyncRun offsite = sync(true);
        assertThat(offsite.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(offsite.message()).contains("evil.example");

        answers.on("/repos/" + REPO + "/actions/runs", json("{\"total_count\":1,\"workflow_runs\":{\"id\":1}}"));
        SyncRun wrongType = sync(true);
        assertThat(wrongType.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(wrongType.message()).contains("\"workflow_runs\" is not a list");

        String huge = "{\"workflow_runs\":[],\"pad\":\"" + "x".repeat(17 * 1024 * 1024) + "\"}";
        answers.on("/repos/" + REPO + "/actions/runs", json(huge));
        SyncRun big = sync(true);
        assertThat(big.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(big.message()).contains("more than the");
        assertThat(tightrope.inventory().find(runUrn(9001)).orElseThrow().gone()).isFalse();
    }

    @Test
    void testConnectionCountsTheRuns() {
        addSource(Map.of());
        answers.on("/repos/" + REPO + "/actions/runs", json("{\"total_count\":57,\"workflow_runs\":[]}"));
        assertThat(tightrope.sources().check("gha", new Cancellation()).message())
                .isEqualTo("GitHub at " + server.getHostName() + " answered; kestrel/ml-deploy has 57 workflow runs");
    }

    @Test
    void offlineSavedAnswersGiveTheSameRecords() throws IOException {
        Path export = dir.resolve("gh-export/kestrel/ml-deploy");
        Files.createDirectories(export.resolve("runs/9001"));
        Files.createDirectories(export.resolve("attestations"));
        Files.writeString(export.resolve("runs-1.json"), "{\"total_count\":1,\"workflow_runs\":[" + run(9001, 17, "Package model",
                ".github/workflows/package-model.yml", "completed", "success", "2026-06-04T09:31:45Z", "sam-okafor") + "]}");
        Files.writeString(export.resolve("runs/9001/artifacts.json"), "{\"total_count\":1,\"artifacts\":["
                + artifact(501, 9001, "model.safetensors", "sha256:" + SAFETENSORS) + "]}");
        Files.writeString(export.resolve("attestations/sha256-" + SAFETENSORS + ".json"), attestation("model.safetensors", SAFETENSORS));
        Files.writeString(export.resolve("runs-2.json"), "{\"workflow_runs\": [");
        tightrope.sources().add(new SourceConfig("gh-export", "github-actions", Map.of("path", dir.resolve("gh-export").toString())));

        SyncRun run = tightrope.sources().sync("gh-export", true, SyncListener.NONE, new Cancellation()).get(0);

        assertThat(run.status()).isEqualTo(SyncStatus.SUCCEEDED_WITH_PROBLEMS);
        assertThat(tightrope.sources().problems(run.id(), 5)).singleElement().satisfies(p -> assertThat(p.location()).endsWith("runs-2.json"));
        AssetRecord model = tightrope.inventory().find(Urn.of(AssetKind.BUILD_ARTIFACT, "github-actions",
                "github.com/kestrel/ml-deploy/actions/artifacts/501")).orElseThrow();
        assertThat(model.asset().digest()).isEqualTo(Digest.sha256(SAFETENSORS));
        assertThat(model.asset().properties()).containsKey("attestations");
        assertThat(model.asset().sourceRef()).isEqualTo("https://github.com/kestrel/ml-deploy/actions/runs/9001/artifacts/501");
    }
}
