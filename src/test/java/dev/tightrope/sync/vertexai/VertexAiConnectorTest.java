package dev.tightrope.sync.vertexai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetRecord;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.Digest;
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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connector against a Vertex AI answering in the v1 REST shapes (MockWebServer), with a real service-account key, into a real cache. */
class VertexAiConnectorTest {

    static final String P = "projects/318203754918/locations/europe-west4";
    static final String API = "/v1/projects/kestrel-support/locations/europe-west4/";
    static final String CHAT = P + "/models/5126398201723817984";
    static final String TRIAGE = P + "/models/88231";
    static final String ENDPOINT = P + "/endpoints/4410";
    static final String DATASET = P + "/datasets/330";
    static final String PIPELINE = P + "/trainingPipelines/6021";
    static final String JOB = P + "/customJobs/9001";
    static final String SERVING = "europe-west4-docker.pkg.dev/kestrel-support/serving/support-chat";
    static final String SERVING_DIGEST = "sha256:" + "5e".repeat(32);
    static final String TRAINER = "europe-west4-docker.pkg.dev/kestrel-support/training/chat-trainer";
    static final String TRAINER_DIGEST = "sha256:" + "7a".repeat(32);
    static final String EMAIL = "tightrope-reader@kestrel-support.iam.gserviceaccount.com";
    static final String ACCESS_TOKEN = "ya29.c.vertex-test-token";
    static final Instant NOW = Instant.parse("2026-12-07T15:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();
    static KeyPair keys;

    @TempDir
    Path dir;

    MockWebServer server = new MockWebServer();
    Answers answers = new Answers();
    List<Duration> slept = new ArrayList<>();
    Map<String, String> env = new HashMap<>();
    Tightrope tightrope;

    /** Answers by path and page token, as the API does whatever the order; the token endpoint at /token. */
    static final class Answers extends Dispatcher {
        final Map<String, String> fixed = new ConcurrentHashMap<>();
        final Map<String, Deque<MockResponse>> once = new ConcurrentHashMap<>();

        void on(String key, String body) {
            fixed.put(key, body);
        }

        void once(String key, MockResponse answer) {
            once.computeIfAbsent(key, k -> new ArrayDeque<>()).add(answer);
        }

        static String key(RecordedRequest r) {
            String path = r.getUrl().encodedPath();
            String key = path.startsWith(API) ? path.substring(API.length()) : path;
            String page = r.getUrl().queryParameter("pageToken");
            return page == null ? key : key + " @" + page;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String key = key(request);
            Deque<MockResponse> q = once.get(key);
            MockResponse queued = q == null ? null : q.poll();
            if (queued != null) {
                return queued;
            }
            if (key.equals("/token")) {
                return json(200, "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
            }
            String body = fixed.get(key);
            return body != null ? json(200, body) : json(404, error(404, "NOT_FOUND", "the test has no answer for " + key));
        }
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json; charset=UTF-8").body(body).build();
    }

    static String error(int code, String status, String message) {
        return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\"" + status + "\"}}";
    }

    @BeforeAll
    static void generateKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
    }

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(answers);
        server.start();
        tightrope = open(dir.resolve("ws"));
    }

    Tightrope open(Path workspace) {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(60), slept::add, new Random(3));
        return Tightrope.open(workspace, ConnectorRegistry.defaults().replacing(VertexAiConnector.factory(env, policy, Clock.fixed(NOW, ZoneOffset.UTC))));
    }

    @AfterEach
    void stop() {
        tightrope.close();
        server.close();
    }

    /** A service-account key as gcloud iam service-accounts keys create writes it, its token_uri at the local server. */
    Path keyFile() throws IOException {
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        Path file = dir.resolve("kestrel-support-2b9e0c4f.json");
        Files.write(file, JSON.writeValueAsBytes(JSON.createObjectNode().put("type", "service_account").put("project_id", "kestrel-support")
                .put("private_key_id", "2b9e0c4f1d7a").put("private_key", pem).put("client_email", EMAIL).put("client_id", "109876543210987654321")
                .put("auth_uri", "https://accounts.google.com/o/oauth2/auth").put("token_uri", server.url("/token").toString())
                .put("universe_domain", "googleapis.com")));
        return file;
    }

    // the answers, in the REST shapes (google/cloud/aiplatform/v1/*.proto as JSON); gcloud prints the same objects in arrays

    static String chatV1() {
        return "{\"name\":\"" + CHAT + "\",\"displayName\":\"support-chat\",\"description\":\"Website support assistant\","
                + "\"versionId\":\"1\",\"versionAliases\":[\"canary\"],\"versionCreateTime\":\"2026-07-09T16:20:00.123456Z\","
                + "\"createTime\":\"2026-07-09T16:20:00.123456Z\",\"updateTime\":\"2026-07-09T16:25:00Z\","
                + "\"containerSpec\":{\"imageUri\":\"" + SERVING + ":1.0.0\",\"ports\":[{\"containerPort\":8080}]},"
                + "\"artifactUri\":\"gs://kestrel-support-models/support-chat/1/\",\"labels\":{\"team\":\"support-ai\"},"
                + "\"modelSourceInfo\":{\"sourceType\":\"CUSTOM\"},\"etag\":\"AMEw9yO\"}";
    }

    static String chatV2() {
        return "{\"name\":\"" + CHAT + "\",\"displayName\":\"support-chat\",\"description\":\"Website support assistant\","
                + "\"versionId\":\"2\",\"versionAliases\":[\"default\",\"prod\"],\"versionDescription\":\"LoRA rank 16, redacted tickets\","
                + "\"versionCreateTime\":\"2026-08-01T09:00:00Z\",\"versionUpdateTime\":\"2026-08-01T09:05:00Z\","
                + "\"createTime\":\"2026-07-09T16:20:00.123456Z\",\"updateTime\":\"2026-08-01T09:05:00Z\","
                + "\"containerSpec\":{\"imageUri\":\"" + SERVING + "@" + SERVING_DIGEST + "\"},"
                + "\"artifactUri\":\"gs://kestrel-support-models/support-chat/2/\",\"trainingPipeline\":\"" + PIPELINE + "\","
                + "\"labels\":{\"team\":\"support-ai\",\"owner\":\"lena-hoffmann\",\"env\":\"prod\"},"
                + "\"deployedModels\":[{\"endpoint\":\"" + ENDPOINT + "\",\"deployedModelId\":\"771\"}],"
                + "\"modelSourceInfo\":{\"sourceType\":\"CUSTOM\"},\"etag\":\"AMEw9yP\"}";
    }

    static final String TRIAGE_V1 = "{\"name\":\"" + TRIAGE + "\",\"displayName\":\"ticket-triage\",\"versionId\":\"1\","
            + "\"versionAliases\":[\"default\"],\"versionCreateTime\":\"2026-05-02T08:00:00Z\",\"createTime\":\"2026-05-02T08:00:00Z\","
            + "\"modelSourceInfo\":{\"sourceType\":\"AUTOML\"}}";

    static final String ENDPOINT_JSON = "{\"name\":\"" + ENDPOINT + "\",\"displayName\":\"support-chat-euw4\","
            + "\"deployedModels\":[{\"id\":\"771\",\"model\":\"" + CHAT + "\",\"modelVersionId\":\"2\",\"displayName\":\"support-chat-prod\","
            + "\"createTime\":\"2026-08-01T10:00:00Z\",\"dedicatedResources\":{\"machineSpec\":{\"machineType\":\"g2-standard-8\"},\"minReplicaCount\":1}},"
            + "{\"id\":\"772\",\"model\":\"" + CHAT + "@canary\",\"displayName\":\"support-chat-canary\",\"createTime\":\"2026-07-10T10:00:00Z\"}],"
            + "\"trafficSplit\":{\"771\":90,\"772\":10},\"etag\":\"AMEw9yQ\",\"labels\":{\"team\":\"support-ai\"},"
            + "\"createTime\":\"2026-07-10T09:00:00Z\",\"updateTime\":\"2026-08-01T10:00:00Z\"}";

    static final String DATASET_JSON = "{\"name\":\"" + DATASET + "\",\"displayName\":\"support-tickets-redacted\","
            + "\"metadataSchemaUri\":\"gs://google-cloud-aiplatform/schema/dataset/metadata/text_1.0.0.yaml\",\"dataItemCount\":\"48213\","
            + "\"metadata\":{\"inputConfig\":{\"gcsSource\":{\"uri\":[\"gs://kestrel-support-data/tickets/redacted/\"]}}},"
            + "\"labels\":{\"team\":\"support-ai\"},\"createTime\":\"2026-06-30T12:00:00Z\",\"updateTime\":\"2026-06-30T12:10:00Z\"}";

    static final String PIPELINE_JSON = "{\"name\":\"" + PIPELINE + "\",\"displayName\":\"support-chat-lora-2026-08\","
            + "\"trainingTaskDefinition\":\"gs://google-cloud-aiplatform/schema/trainingjob/definition/custom_task_1.0.0.yaml\","
            + "\"trainingTaskInputs\":{\"workerPoolSpecs\":[{\"machineSpec\":{\"machineType\":\"a2-highgpu-1g\"},\"replicaCount\":\"1\","
            + "\"containerSpec\":{\"imageUri\":\"" + TRAINER + "@" + TRAINER_DIGEST + "\"}}]},"
            + "\"inputDataConfig\":{\"datasetId\":\"330\"},\"modelToUpload\":{\"name\":\"" + CHAT + "\",\"versionId\":\"2\",\"displayName\":\"support-chat\"},"
            + "\"state\":\"PIPELINE_STATE_SUCCEEDED\",\"createTime\":\"2026-08-01T06:00:00Z\",\"startTime\":\"2026-08-01T06:01:00Z\","
            + "\"endTime\":\"2026-08-01T08:55:00Z\",\"trainingTaskMetadata\":{\"backingCustomJob\":\"" + JOB + "\"},"
            + "\"labels\":{\"team\":\"support-ai\"}}";

    static final String JOB_JSON = "{\"name\":\"" + JOB + "\",\"displayName\":\"support-chat-lora-2026-08-job\","
            + "\"jobSpec\":{\"workerPoolSpecs\":[{\"machineSpec\":{\"machineType\":\"a2-highgpu-1g\",\"acceleratorType\":\"NVIDIA_TESLA_A100\","
            + "\"acceleratorCount\":1},\"replicaCount\":\"1\",\"diskSpec\":{\"bootDiskType\":\"pd-ssd\",\"bootDiskSizeGb\":100},"
            + "\"containerSpec\":{\"imageUri\":\"" + TRAINER + "@" + TRAINER_DIGEST + "\",\"args\":[\"--rank=16\"]}}],"
            + "\"serviceAccount\":\"trainer@kestrel-support.iam.gserviceaccount.com\","
            + "\"baseOutputDirectory\":{\"outputUriPrefix\":\"gs://kestrel-support-models/support-chat/2/\"}},"
            + "\"state\":\"JOB_STATE_SUCCEEDED\",\"createTime\":\"2026-08-01T06:01:00Z\",\"startTime\":\"2026-08-01T06:03:00Z\","
            + "\"endTime\":\"2026-08-01T08:50:00Z\",\"labels\":{\"owner\":\"omar-haddad\"}}";

    /** Two pages of models, each model's versions, one endpoint, one dataset, one pipeline, one custom job. */
    void answerProject() {
        answers.on("models", "{\"models\":[" + chatV2() + "],\"nextPageToken\":\"Cg5tb2RlbHMtcGFnZS0y\"}");
        answers.on("models @Cg5tb2RlbHMtcGFnZS0y", "{\"models\":[" + TRIAGE_V1 + "]}");
        answers.on("models/5126398201723817984:listVersions", "{\"models\":[" + chatV1() + "],\"nextPageToken\":\"v2\"}");
        answers.on("models/5126398201723817984:listVersions @v2", "{\"models\":[" + chatV2() + "],\"nextPageToken\":\"\"}");
        answers.on("models/88231:listVersions", "{\"models\":[" + TRIAGE_V1 + "]}");
        answers.on("endpoints", "{\"endpoints\":[" + ENDPOINT_JSON + "]}");
        answers.on("datasets", "{\"datasets\":[" + DATASET_JSON + "]}");
        answers.on("trainingPipelines", "{\"trainingPipelines\":[" + PIPELINE_JSON + "]}");
        answers.on("customJobs", "{\"customJobs\":[" + JOB_JSON + "]}");
    }

    void addSource(Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of("project", "kestrel-support", "location", "europe-west4", "url", server.url("/").toString()));
        settings.putAll(more);
        tightrope.sources().add(new SourceConfig("vertex", "vertexai", settings));
    }

    void addSource() throws IOException {
        addSource(Map.of("key-file", keyFile().toString()));
    }

    SyncRun sync(String source) {
        return tightrope.sources().sync(source, true, SyncListener.NONE, new Cancellation()).get(0);
    }

    List<RecordedRequest> drain() throws InterruptedException {
        List<RecordedRequest> out = new ArrayList<>();
        for (RecordedRequest r; (r = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null; ) {
            out.add(r);
        }
        return out;
    }

    static Urn version(String model, String id) {
        return Urn.of(AssetKind.MODEL_VERSION, "vertexai", model + "@" + id);
    }

    static Urn image(String repository, String digest) {
        return Urn.of(AssetKind.CONTAINER_IMAGE, "oci", repository + "@" + digest);
    }

    @Test
    void modelsVersionsEndpointsDataAndTrainingAcrossPagesWithOneSignedTokenExchange() throws Exception {
        addSource();
        answerProject();

        SyncRun sync = sync("vertex");

        assertThat(sync.status()).as(sync.message()).isEqualTo(SyncStatus.SUCCEEDED);
        List<RecordedRequest> requests = drain();
        List<RecordedRequest> exchanges = requests.stream().filter(r -> r.getUrl().encodedPath().equals("/token")).toList();
        assertThat(exchanges).as("the token is cached for the whole sync").hasSize(1);
        String jwt = URLDecoder.decode(exchanges.get(0).getBody().utf8().split("&assertion=")[1], StandardCharsets.UTF_8);
        String[] parts = jwt.split("\\.");
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(keys.getPublic());
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rsa.verify(Base64.getUrlDecoder().decode(parts[2]))).as("the assertion is signed with the key file's key").isTrue();
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.path("iss").asText()).isEqualTo(EMAIL);
        assertThat(claims.path("scope").asText()).isEqualTo("https://www.googleapis.com/auth/cloud-platform");
        List<RecordedRequest> api = requests.stream().filter(r -> !r.getUrl().encodedPath().equals("/token")).toList();
        assertThat(api).extracting(Answers::key).containsExactly("models", "models @Cg5tb2RlbHMtcGFnZS0y",
                "models/5126398201723817984:listVersions", "models/5126398201723817984:listVersions @v2", "models/88231:listVersions",
                "endpoints", "datasets", "trainingPipelines", "customJobs");
        assertThat(api).allSatisfy(r -> {
            assertThat(r.getMethod()).isEqualTo("GET");
            assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + ACCESS_TOKEN);
            assertThat(r.getUrl().queryParameter("pageSize")).isEqualTo("100");
        });

        AssetDetail chat = tightrope.inventory().detail(Urn.of(AssetKind.MODEL, "vertexai", CHAT)).orElseThrow();
        assertThat(chat.record().asset().name()).isEqualTo("support-chat");
        assertThat(chat.record().asset().properties()).containsEntry("default_version", "2").containsEntry("created", "2026-07-09T16:20:00.123456Z");
        assertThat(chat.record().owners()).extracting(o -> o.type() + " " + o.owner())
                .containsExactlyInAnyOrder("UNKNOWN lena-hoffmann", "TEAM support-ai");
        assertThat(chat.downstream()).filteredOn(n -> n.type() == EdgeType.VERSION_OF).extracting(n -> n.name())
                .containsExactlyInAnyOrder("support-chat v1", "support-chat v2");
        assertThat(tightrope.inventory().find(version(TRIAGE, "1")).orElseThrow().asset().properties()).containsEntry("source_type", "AUTOML");

        AssetDetail v2 = tightrope.inventory().detail(version(CHAT, "2")).orElseThrow();
        assertThat(v2.record().asset().description()).isEqualTo("LoRA rank 16, redacted tickets");
        assertThat(v2.record().asset().properties()).containsEntry("aliases", "default, prod").containsEntry("image_digest", SERVING_DIGEST)
                .containsEntry("artifact_uri", "gs://kestrel-support-models/support-chat/2/").containsEntry("created", "2026-08-01T09:00:00Z");
        assertThat(v2.record().asset().tags()).contains("alias:default", "alias:prod", "team:support-ai", "env:prod");
        assertThat(v2.upstream()).extracting(n -> n.type() + " " + n.urn()).containsExactlyInAnyOrder(
                "VERSION_OF " + Urn.of(AssetKind.MODEL, "vertexai", CHAT), "PRODUCED_BY " + Urn.of(AssetKind.TRAINING_RUN, "vertexai", PIPELINE));
        assertThat(v2.downstream()).extracting(n -> n.type() + " " + n.urn()).containsExactlyInAnyOrder(
                "PACKAGED_AS " + image(SERVING, SERVING_DIGEST), "DEPLOYED_AS " + Urn.of(AssetKind.DEPLOYMENT, "vertexai", ENDPOINT));
        AssetRecord v1 = tightrope.inventory().find(version(CHAT, "1")).orElseThrow();
        assertThat(v1.asset().properties()).as("a tag is not a digest").containsEntry("image", SERVING + ":1.0.0").doesNotContainKey("image_digest");
        assertThat(tightrope.inventory().find(image(SERVING, SERVING_DIGEST)).orElseThrow().asset().digest()).isEqualTo(Digest.parse(SERVING_DIGEST));

        AssetDetail endpoint = tightrope.inventory().detail(Urn.of(AssetKind.DEPLOYMENT, "vertexai", ENDPOINT)).orElseThrow();
        assertThat(endpoint.record().asset().name()).isEqualTo("support-chat-euw4");
        assertThat(endpoint.record().asset().properties()).containsEntry("deployed_models",
                "support-chat-prod: support-chat v2 90% on g2-standard-8; support-chat-canary: support-chat v1 10%");
        assertThat(endpoint.upstream()).as("the canary alias resolves to version 1; the pinned image of v2 is deployed too")
                .extracting(n -> n.type() + " " + n.urn()).containsExactlyInAnyOrder(
                        "DEPLOYED_AS " + version(CHAT, "2"), "DEPLOYED_AS " + version(CHAT, "1"), "DEPLOYED_AS " + image(SERVING, SERVING_DIGEST));
        assertThat(endpoint.record().owners()).extracting(o -> o.type() + " " + o.owner()).containsExactly("TEAM support-ai");

        AssetDetail dataset = tightrope.inventory().detail(Urn.of(AssetKind.DATASET, "vertexai", DATASET)).orElseThrow();
        assertThat(dataset.record().asset().properties()).containsEntry("data_item_count", "48213");
        assertThat(dataset.upstream()).extracting(n -> n.type() + " " + n.urn())
                .containsExactly("DERIVED_FROM tr:dataset:openlineage:gs://kestrel-support-data/tickets/redacted");

        AssetDetail pipeline = tightrope.inventory().detail(Urn.of(AssetKind.TRAINING_RUN, "vertexai", PIPELINE)).orElseThrow();
        assertThat(pipeline.record().asset().properties()).containsEntry("state", "PIPELINE_STATE_SUCCEEDED")
                .containsEntry("backing_custom_job", JOB).containsEntry("ended", "2026-08-01T08:55:00Z");
        assertThat(pipeline.upstream()).extracting(n -> n.type() + " " + n.urn()).containsExactlyInAnyOrder(
                "TRAINED_ON " + Urn.of(AssetKind.DATASET, "vertexai", DATASET), "USES " + image(TRAINER, TRAINER_DIGEST));

        AssetDetail job = tightrope.inventory().detail(Urn.of(AssetKind.TRAINING_RUN, "vertexai", JOB)).orElseThrow();
        assertThat(job.record().asset().properties()).containsEntry("training_image", TRAINER + "@" + TRAINER_DIGEST)
                .containsEntry("machines", "a2-highgpu-1g × 1").containsEntry("output_uri", "gs://kestrel-support-models/support-chat/2/")
                .containsEntry("state", "JOB_STATE_SUCCEEDED");
        assertThat(job.record().owners()).extracting(o -> o.owner()).containsExactly("omar-haddad");

        // neither the token nor the key is anywhere in the cache
        String pemBody = Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()).substring(0, 40);
        for (Path p : (Iterable<Path>) Files.walk(dir.resolve("ws"))::iterator) {
            if (Files.isRegularFile(p)) {
                String bytes = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                assertThat(bytes).as(p.toString()).doesNotContain(ACCESS_TOKEN).doesNotContain(pemBody);
            }
        }
    }

    @Test
    void resourceExhaustedAndUnavailableAreRetriedAsTheServerAsks() throws Exception {
        addSource();
        answerProject();
        answers.once("endpoints", json(429, error(429, "RESOURCE_EXHAUSTED",
                "Quota exceeded for aiplatform.googleapis.com/read_requests with base model: europe-west4")).newBuilder().setHeader("Retry-After", "2").build());
        answers.once("datasets", json(503, error(503, "UNAVAILABLE", "The service is currently unavailable.")));

        SyncRun run = sync("vertex");

        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(slept).hasSize(2);
        assertThat(slept.get(0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(slept.get(1)).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aMissingPermissionIsNamedWithItsRoleAndTheCacheIsKept() throws Exception {
        addSource();
        answerProject();
        assertThat(sync("vertex").status()).isEqualTo(SyncStatus.SUCCEEDED);

        answers.once("customJobs", json(403, "{\"error\":{\"code\":403,\"message\":\"Permission 'aiplatform.customJobs.list' denied on resource"
                + " '//aiplatform.googleapis.com/projects/kestrel-support/locations/europe-west4' (or it may not exist).\",\"status\":\"PERMISSION_DENIED\","
                + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"IAM_PERMISSION_DENIED\",\"domain\":\"aiplatform.googleapis.com\","
                + "\"metadata\":{\"permission\":\"aiplatform.customJobs.list\",\"resource\":\"projects/kestrel-support/locations/europe-west4\"}}]}}"));
        SyncRun denied = sync("vertex");

        assertThat(denied.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(denied.message()).contains("the service account " + EMAIL, "needs the permission aiplatform.customJobs.list",
                "roles/aiplatform.viewer", "Permission 'aiplatform.customJobs.list' denied");
        assertThat(tightrope.inventory().find(Urn.of(AssetKind.TRAINING_RUN, "vertexai", JOB)).orElseThrow().gone()).isFalse();
        assertThat(tightrope.inventory().find(version(CHAT, "2")).orElseThrow().gone()).isFalse();
    }

    @Test
    void anExpiredTokenAndARevokedKeyAreToldInWords() throws Exception {
        addSource(Map.of("token", "VERTEX_TOKEN"));
        Path credentials = tightrope.workspace().credentialsFile();
        Files.createDirectories(credentials.getParent());
        Files.writeString(credentials, "VERTEX_TOKEN=ya29.expired-one\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
        answers.once("models", json(401, "{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication credentials. Expected OAuth 2"
                + " access token, login cookie or other valid authentication credential.\",\"status\":\"UNAUTHENTICATED\",\"details\":[{\"@type\":"
                + "\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"ACCESS_TOKEN_EXPIRED\",\"domain\":\"googleapis.com\"}]}}"));

        SyncRun expired = sync("vertex");

        assertThat(expired.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(expired.message()).contains("(401)", "the access token in VERTEX_TOKEN", "gcloud auth print-access-token", "invalid authentication credentials")
                .doesNotContain("ya29.expired-one");
        assertThat(drain()).filteredOn(r -> !r.getUrl().encodedPath().equals("/token")).first()
                .satisfies(r -> assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer ya29.expired-one"));

        tightrope.sources().add(new SourceConfig("vertex-sa", "vertexai", Map.of("project", "kestrel-support", "location", "europe-west4",
                "url", server.url("/").toString(), "key-file", keyFile().toString())));
        answers.once("/token", json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}"));
        SyncRun revoked = sync("vertex-sa");
        assertThat(revoked.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(revoked.message()).contains("refused the service account " + EMAIL, "invalid_grant", "Invalid JWT Signature.");
    }

    @Test
    void malformedAndOversizedAnswersFailInWordsAndKeepTheCache() throws Exception {
        addSource();
        answerProject();
        assertThat(sync("vertex").status()).isEqualTo(SyncStatus.SUCCEEDED);

        answers.once("trainingPipelines", json(200, "{\"trainingPipelines\":[{\"name\":"));
        SyncRun malformed = sync("vertex");
        assertThat(malformed.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(malformed.message()).contains("trainingPipelines", "not valid JSON");

        answers.once("endpoints", json(200, "{\"endpoints\":[],\"pad\":\"" + "x".repeat((int) VertexAiClient.MAX_BYTES) + "\"}"));
        SyncRun oversized = sync("vertex");
        assertThat(oversized.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(oversized.message()).contains("endpoints", "more than the " + VertexAiClient.MAX_BYTES + " allowed");

        assertThat(tightrope.inventory().find(Urn.of(AssetKind.TRAINING_RUN, "vertexai", PIPELINE)).orElseThrow().gone()).isFalse();
        assertThat(tightrope.inventory().find(Urn.of(AssetKind.DEPLOYMENT, "vertexai", ENDPOINT)).orElseThrow().gone()).isFalse();
    }

    @Test
    void aModelDeletedBetweenTheListingAndItsVersionsIsAProblem() throws Exception {
        addSource();
        answerProject();
        answers.once("models/88231:listVersions", json(404, error(404, "NOT_FOUND", "The Model does not exist.")));

        SyncRun run = sync("vertex");

        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED_WITH_PROBLEMS);
        assertThat(tightrope.sources().problems(run.id(), 5).get(0).message()).contains("the versions of model 88231", "404");
        assertThat(tightrope.inventory().find(version(TRIAGE, "1"))).as("its listed default version stays").isPresent();
    }

    @Test
    void testConnectionAsksForOneModel() throws Exception {
        addSource();
        answers.on("models", "{\"models\":[" + chatV2() + "],\"nextPageToken\":\"more\"}");

        var said = tightrope.sources().check("vertex", new Cancellation());

        assertThat(said.ok()).as(said.toString()).isTrue();
        assertThat(said.message()).contains("the service account " + EMAIL, "the first model is support-chat");
        assertThat(drain()).filteredOn(r -> !r.getUrl().encodedPath().equals("/token")).singleElement()
                .satisfies(r -> assertThat(r.getUrl().queryParameter("pageSize")).isEqualTo("1"));
    }

    @Test
    void theDefaultVariablesAreTheKeyFileThenTheAccessToken() throws Exception {
        tightrope.sources().add(new SourceConfig("vertex", "vertexai", Map.of("project", "kestrel-support", "location", "europe-west4",
                "url", server.url("/").toString())));
        answerProject();
        assertThat(sync("vertex").message()).contains("no Google credentials", "GOOGLE_APPLICATION_CREDENTIALS", "GOOGLE_OAUTH_ACCESS_TOKEN");

        env.put("GOOGLE_OAUTH_ACCESS_TOKEN", "ya29.from-the-environment");
        tightrope.close();
        tightrope = open(dir.resolve("ws"));
        assertThat(sync("vertex").status()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(drain()).filteredOn(r -> r.getUrl().encodedPath().startsWith("/v1/")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer ya29.from-the-environment"));

        env.put("GOOGLE_APPLICATION_CREDENTIALS", keyFile().toString());
        tightrope.close();
        tightrope = open(dir.resolve("ws"));
        assertThat(sync("vertex").status()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(drain()).filteredOn(r -> r.getUrl().encodedPath().startsWith("/v1/")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + ACCESS_TOKEN));
    }

    @Test
    void gcloudOutputGivesTheSameAssetsAndAnUnknownFileIsAProblem() throws Exception {
        addSource();
        answerProject();
        assertThat(sync("vertex").status()).isEqualTo(SyncStatus.SUCCEEDED);

        Path export = Files.createDirectories(dir.resolve("export"));
        Files.writeString(export.resolve("models.json"), "[" + chatV2() + "," + TRIAGE_V1 + "]");
        Files.writeString(export.resolve("support-chat-versions.json"), "[" + chatV1() + "," + chatV2() + "]");
        Files.writeString(export.resolve("endpoints.json"), "[" + ENDPOINT_JSON + "]");
        Files.writeString(export.resolve("datasets-rest.json"), "{\"datasets\":[" + DATASET_JSON + "]}");
        Files.writeString(export.resolve("training-pipelines.json"), "[" + PIPELINE_JSON + "]");
        Files.writeString(export.resolve("custom-jobs.json"), "[" + JOB_JSON + "]");
        try (Tightrope offline = Tightrope.open(dir.resolve("ws-offline"), ConnectorRegistry.defaults())) {
            offline.sources().add(new SourceConfig("vertex-export", "vertexai", Map.of("path", export.toString())));
            SyncRun run = offline.sources().sync("vertex-export", true, SyncListener.NONE, new Cancellation()).get(0);
            assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
            for (Urn urn : List.of(Urn.of(AssetKind.MODEL, "vertexai", CHAT), version(CHAT, "1"), version(CHAT, "2"), version(TRIAGE, "1"),
                    Urn.of(AssetKind.DEPLOYMENT, "vertexai", ENDPOINT), Urn.of(AssetKind.DATASET, "vertexai", DATASET),
                    Urn.of(AssetKind.TRAINING_RUN, "vertexai", PIPELINE), Urn.of(AssetKind.TRAINING_RUN, "vertexai", JOB),
                    image(SERVING, SERVING_DIGEST), image(TRAINER, TRAINER_DIGEST))) {
                AssetDetail live = tightrope.inventory().detail(urn).orElseThrow();
                AssetDetail saved = offline.inventory().detail(urn).orElseThrow(() -> new AssertionError("offline lacks " + urn));
                assertThat(saved.record().asset()).as(urn.toString()).isEqualTo(live.record().asset());
                assertThat(saved.upstream()).extracting(n -> n.type() + " " + n.urn())
                        .containsExactlyInAnyOrderElementsOf(live.upstream().stream().map(n -> n.type() + " " + n.urn()).toList());
                assertThat(saved.record().owners()).extracting(o -> o.owner())
                        .containsExactlyInAnyOrderElementsOf(live.record().owners().stream().map(o -> o.owner()).toList());
            }

            Files.writeString(export.resolve("gcloud-config.json"), "{\"core\":{\"project\":\"kestrel-support\"}}");
            Files.writeString(export.resolve("custom-jobs.json"), "[" + JOB_JSON);
            SyncRun partial = offline.sources().sync("vertex-export", true, SyncListener.NONE, new Cancellation()).get(0);
            assertThat(partial.status()).isEqualTo(SyncStatus.SUCCEEDED_WITH_PROBLEMS);
            assertThat(offline.sources().problems(partial.id(), 5)).extracting(p -> p.location() + ": " + p.message()).anySatisfy(p ->
                    assertThat(p).contains("gcloud-config.json", "not a Vertex AI listing")).anySatisfy(p ->
                    assertThat(p).contains("custom-jobs.json", "not valid JSON"));
            assertThat(offline.inventory().find(Urn.of(AssetKind.TRAINING_RUN, "vertexai", JOB)).orElseThrow().gone())
                    .as("an unreadable file takes nothing away").isFalse();
        }
    }

    @Test
    void settingsAreCheckedWhenTheSourceIsAdded() {
        VertexAiConnectorFactory factory = new VertexAiConnectorFactory(Map.of(), RetryPolicy.once(), Clock.systemUTC());
        assertThatThrownBy(() -> factory.create(new SourceConfig("v", "vertexai", Map.of()))).hasMessageContaining("project");
        assertThatThrownBy(() -> factory.create(new SourceConfig("v", "vertexai", Map.of("project", "Kestrel Support", "location", "europe-west4"))))
                .hasMessageContaining("project id");
        assertThatThrownBy(() -> factory.create(new SourceConfig("v", "vertexai", Map.of("project", "kestrel-support", "location", "EU West"))))
                .hasMessageContaining("europe-west4");
        assertThatThrownBy(() -> factory.create(new SourceConfig("v", "vertexai", Map.of("project", "kestrel-support", "location", "europe-west4",
                "url", "http://aiplatform.example.com/")))).hasMessageContaining("https");
        assertThatThrownBy(() -> factory.create(new SourceConfig("v", "vertexai", Map.of("project", "kestrel-support", "location", "europe-west4",
                "token", "ya29.a0AfB_byC-the-token-itself")))).hasMessageContaining("never the token itself");
        assertThatThrownBy(() -> factory.create(new SourceConfig("v", "vertexai", Map.of("path", "/tmp/x", "project", "kestrel-support"))))
                .hasMessageContaining("not both");
        assertThat(factory.create(new SourceConfig("v", "vertexai", Map.of("project", "318203754918", "location", "us-central1")))).isNotNull();
        assertThat(factory.settings()).extracting(s -> s.key()).contains("project", "location", "url", "key-file", "token", "path");
    }
}
