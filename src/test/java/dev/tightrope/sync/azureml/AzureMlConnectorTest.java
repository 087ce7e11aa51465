package dev.tightrope.sync.azureml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetKind;
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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connector against Azure Resource Manager and Entra ID answering in their shapes (MockWebServer), into a real cache. */
class AzureMlConnectorTest {

    static final String SUB = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static final String CLIENT = "0f3c2a1b-4d5e-6f70-8192-a3b4c5d6e7f8";
    static final String W = "/subscriptions/" + SUB + "/resourceGroups/kestrel-ml-rg/providers/Microsoft.MachineLearningServices/workspaces/kestrel-ml";
    static final String DIGEST = "sha256:8fd646fb53b232ae072e1bbebc0113040fe6a179d9b08556c3b0945ed512ce73";
    static final String IMAGE = "registry.kestrel.example/kestrel/credit-decision-api@" + DIGEST;
    static final String CREATED = "2026-06-20T09:00:00.1234567Z";
    static final Instant NOW = Instant.parse("2026-12-07T15:00:00Z");

    @TempDir
    Path dir;

    MockWebServer server = new MockWebServer();
    Answers answers = new Answers();
    List<Duration> slept = new ArrayList<>();
    Map<String, String> environment = new HashMap<>();
    Tightrope tightrope;

    /** ARM answers by path (and $skipToken); the token endpoint by its path. */
    static final class Answers extends Dispatcher {
        final Map<String, String> fixed = new ConcurrentHashMap<>();
        final Map<String, Deque<MockResponse>> once = new ConcurrentHashMap<>();
        volatile int tokensIssued;

        void on(String key, String body) {
            fixed.put(key, body);
        }

        void once(String key, MockResponse answer) {
            once.computeIfAbsent(key, k -> new ArrayDeque<>()).add(answer);
        }

        static String key(RecordedRequest r) {
            String skip = r.getUrl().queryParameter("$skipToken");
            return r.getUrl().encodedPath() + (skip == null ? "" : " @" + skip);
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String key = key(request);
            Deque<MockResponse> q = once.get(key);
            MockResponse queued = q == null ? null : q.poll();
            if (queued != null) {
                return queued;
            }
            if (key.equals("/" + TENANT + "/oauth2/v2.0/token")) {
                int n = ++tokensIssued;
                return json(200, "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\"eyJ0eXAi.token-" + n + "\"}");
            }
            String body = fixed.get(key);
            return body != null ? json(200, body) : json(404, error("ResourceNotFound", "The test has no answer for " + key));
        }
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json; charset=utf-8")
                .setHeader("x-ms-request-id", "0d3c5f6a-1b2c-4d5e-8f90-a1b2c3d4e5f6").body(body).build();
    }

    static String error(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
    }

    static String system(String by) {
        return "\"systemData\":{\"createdAt\":\"" + CREATED + "\",\"createdBy\":\"" + by + "\",\"createdByType\":\"User\","
                + "\"lastModifiedAt\":\"" + CREATED + "\",\"lastModifiedBy\":\"" + by + "\",\"lastModifiedByType\":\"User\"}";
    }

    // the ARM resources, in the shapes of mfe.json 2024-10-01

    static final String MODEL = "{\"id\":\"" + W + "/models/credit-risk-xgb\",\"name\":\"credit-risk-xgb\",\"type\":\"Microsoft.MachineLearningServices/workspaces/models\","
            + "\"properties\":{\"description\":\"Probability of default\",\"tags\":{\"team\":\"credit-risk\"},\"properties\":{},\"isArchived\":false,"
            + "\"latestVersion\":\"7\"}," + system("priya.natarajan@kestrel.example") + "}";
    static final String OTHER_MODEL = "{\"id\":\"" + W + "/models/churn-xgb\",\"name\":\"churn-xgb\",\"type\":\"Microsoft.MachineLearningServices/workspaces/models\","
            + "\"properties\":{\"tags\":{},\"isArchived\":true,\"latestVersion\":\"1\"}," + system("ines.duarte@kestrel.example") + "}";

    static String version(int v, String stage) {
        return "{\"id\":\"" + W + "/models/credit-risk-xgb/versions/" + v + "\",\"name\":\"" + v + "\",\"type\":\"Microsoft.MachineLearningServices/workspaces/models/versions\","
                + "\"properties\":{\"description\":null,\"tags\":{\"stage\":\"" + stage + "\"},\"properties\":{\"auc\":\"0.9" + v + "\"},\"isArchived\":false,"
                + "\"isAnonymous\":false,\"flavors\":{\"python_function\":{\"data\":{\"loader_module\":\"mlflow.xgboost\"}},\"xgboost\":{\"data\":{\"xgb_version\":\"2.0.3\"}}},"
                + "\"jobName\":\"credit-train-" + v + "\",\"modelType\":\"mlflow_model\",\"modelUri\":\"azureml://subscriptions/" + SUB
                + "/resourcegroups/kestrel-ml-rg/workspaces/kestrel-ml/datastores/workspaceartifactstore/paths/ExperimentRun/dcid.credit-train-" + v + "/model\","
                + "\"stage\":\"" + stage + "\"}," + system("tom.becker@kestrel.example") + "}";
    }

    static final String DATA = "{\"id\":\"" + W + "/data/credit-features\",\"name\":\"credit-features\",\"type\":\"Microsoft.MachineLearningServices/workspaces/data\","
            + "\"properties\":{\"dataType\":\"uri_folder\",\"latestVersion\":\"3\",\"tags\":{},\"isArchived\":false}," + system("priya.natarajan@kestrel.example") + "}";
    static final String DATA_URI = "azureml://subscriptions/" + SUB + "/resourcegroups/kestrel-ml-rg/workspaces/kestrel-ml/datastores/kestrel_lake/paths/features/credit_features/";
    static final String DATA_V3 = "{\"id\":\"" + W + "/data/credit-features/versions/3\",\"name\":\"3\",\"type\":\"Microsoft.MachineLearningServices/workspaces/data/versions\","
            + "\"properties\":{\"dataType\":\"uri_folder\",\"dataUri\":\"" + DATA_URI + "\",\"description\":\"Monthly credit features\",\"tags\":{\"team\":\"credit-risk\"},"
            + "\"properties\":{},\"isArchived\":false,\"isAnonymous\":false}," + system("priya.natarajan@kestrel.example") + "}";

    static String job(int v, String dataRef) {
        return "{\"id\":\"" + W + "/jobs/credit-train-" + v + "\",\"name\":\"credit-train-" + v + "\",\"type\":\"Microsoft.MachineLearningServices/workspaces/jobs\","
                + "\"properties\":{\"jobType\":\"Command\",\"status\":\"Completed\",\"displayName\":\"credit-train-" + v + "\",\"experimentName\":\"credit-risk-xgb\","
                + "\"computeId\":\"" + W + "/computes/cpu-cluster\",\"environmentId\":\"" + W + "/environments/credit-train/versions/2\","
                + "\"command\":\"python train.py\",\"tags\":{\"owner\":\"tom.becker@kestrel.example\"},\"properties\":{},"
                + "\"inputs\":{\"training_data\":{\"jobInputType\":\"uri_folder\",\"uri\":\"" + dataRef + "\",\"mode\":\"ReadOnlyMount\"},"
                + "\"bureau\":{\"jobInputType\":\"uri_file\",\"uri\":\"https://kestrelmldata.blob.core.windows.net/bureau/2026-06/reports.parquet\",\"mode\":\"Download\"},"
                + "\"max_depth\":{\"jobInputType\":\"literal\",\"value\":\"6\"}},"
                + "\"outputs\":{\"model\":{\"jobOutputType\":\"mlflow_model\",\"uri\":\"azureml://datastores/workspaceartifactstore/ExperimentRun/dcid.credit-train-" + v
                + "/model\",\"mode\":\"ReadWriteMount\"}}}," + system("tom.becker@kestrel.example") + "}";
    }

    static final String ENDPOINT = "{\"id\":\"" + W + "/onlineEndpoints/credit-decision\",\"name\":\"credit-decision\","
            + "\"type\":\"Microsoft.MachineLearningServices/workspaces/onlineEndpoints\",\"location\":\"westeurope\",\"tags\":{\"team\":\"credit-risk\"},"
            + "\"identity\":{\"type\":\"SystemAssigned\"},\"kind\":\"Managed\",\"properties\":{\"authMode\":\"Key\","
            + "\"scoringUri\":\"https://credit-decision.westeurope.inference.ml.azure.com/score\",\"traffic\":{\"blue\":100},\"provisioningState\":\"Succeeded\"},"
            + system("sam.okafor@kestrel.example") + "}";
    static final String DEPLOYMENT = "{\"id\":\"" + W + "/onlineEndpoints/credit-decision/deployments/blue\",\"name\":\"blue\","
            + "\"type\":\"Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments\",\"location\":\"westeurope\",\"tags\":{},"
            + "\"sku\":{\"name\":\"Default\",\"tier\":\"Standard\",\"capacity\":2},\"kind\":\"Managed\",\"properties\":{\"endpointComputeType\":\"Managed\","
            + "\"model\":\"" + W + "/models/credit-risk-xgb/versions/6\",\"environmentId\":\"" + W + "/environments/credit-serving/versions/6\","
            + "\"instanceType\":\"Standard_DS3_v2\",\"provisioningState\":\"Succeeded\"}," + system("sam.okafor@kestrel.example") + "}";
    static final String ENVIRONMENT = "{\"id\":\"" + W + "/environments/credit-serving/versions/6\",\"name\":\"6\","
            + "\"type\":\"Microsoft.MachineLearningServices/workspaces/environments/versions\",\"properties\":{\"image\":\"" + IMAGE + "\",\"osType\":\"Linux\","
            + "\"tags\":{}}," + system("sam.okafor@kestrel.example") + "}";

    String page(String... items) {
        return "{\"value\":[" + String.join(",", items) + "]}";
    }

    /** Models in two pages (the second by nextLink), a model's versions, a data asset, two jobs, an endpoint with its deployment and environment. */
    void answerWorkspace() {
        String next = server.url(W + "/models?api-version=2024-10-01&listViewType=All&$skipToken=p2").toString();
        answers.on(W + "/models", "{\"value\":[" + MODEL + "],\"nextLink\":\"" + next + "\"}");
        answers.on(W + "/models @p2", page(OTHER_MODEL));
        answers.on(W + "/models/credit-risk-xgb/versions", page(version(7, "Staging"), version(6, "Production")));
        answers.on(W + "/models/churn-xgb/versions", page());
        answers.on(W + "/data", page(DATA));
        answers.on(W + "/data/credit-features/versions", page(DATA_V3));
        answers.on(W + "/jobs", page(job(7, "azureml:credit-features:3"), job(6, W + "/data/credit-features/versions/3")));
        answers.on(W + "/onlineEndpoints", page(ENDPOINT));
        answers.on(W + "/onlineEndpoints/credit-decision/deployments", page(DEPLOYMENT));
        answers.on(W + "/environments/credit-serving/versions/6", ENVIRONMENT);
    }

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(answers);
        server.start();
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(60), slept::add, new Random(3));
        String authority = server.url("/").toString();
        tightrope = Tightrope.open(dir.resolve("ws"), ConnectorRegistry.defaults().replacing(AzureMlConnector.factory(environment::get,
                authority.substring(0, authority.length() - 1), policy, Clock.fixed(NOW, ZoneOffset.UTC))));
    }

    @AfterEach
    void stop() {
        tightrope.close();
        server.close();
    }

    void addSource(Map<String, String> more) {
        Map<String, String> settings = new LinkedHashMap<>(Map.of("subscription", SUB, "resource-group", "kestrel-ml-rg", "workspace", "kestrel-ml",
                "url", server.url("/").toString()));
        settings.putAll(more);
        tightrope.sources().add(new SourceConfig("aml", "azureml", settings));
    }

    void servicePrincipal() {
        environment.put("AZURE_TENANT_ID", TENANT);
        environment.put("AZURE_CLIENT_ID", CLIENT);
        environment.put("AZURE_CLIENT_SECRET", "Xy8Q~s3cr3t.v4lue");
    }

    SyncRun sync() {
        return tightrope.sources().sync("aml", true, SyncListener.NONE, new Cancellation()).get(0);
    }

    List<RecordedRequest> drain() throws InterruptedException {
        List<RecordedRequest> out = new ArrayList<>();
        for (RecordedRequest r; (r = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null; ) {
            out.add(r);
        }
        return out;
    }

    static Urn urn(AssetKind kind, String path) {
        return Urn.of(kind, "azureml", W + path);
    }

    static Urn image() {
        return Urn.of(AssetKind.CONTAINER_IMAGE, "oci", IMAGE);
    }

    static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void modelsDataJobsAndEndpointsAcrossPagesWithAServicePrincipalsToken() throws Exception {
        servicePrincipal();
        addSource(Map.of());
        answerWorkspace();

        SyncRun run = sync();

        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        List<RecordedRequest> requests = drain();
        RecordedRequest token = requests.get(0);
        assertThat(token.getMethod()).isEqualTo("POST");
        assertThat(form(token.getBody().utf8())).containsEntry("grant_type", "client_credentials").containsEntry("client_id", CLIENT)
                .containsEntry("client_secret", "Xy8Q~s3cr3t.v4lue").containsEntry("scope", "https://management.azure.com/.default");
        assertThat(answers.tokensIssued).as("one token for the whole sync").isEqualTo(1);
        List<RecordedRequest> arm = requests.subList(1, requests.size());
        assertThat(arm).extracting(Answers::key).contains(W + "/models @p2", W + "/environments/credit-serving/versions/6");
        assertThat(arm).allSatisfy(r -> {
            assertThat(r.getMethod()).isEqualTo("GET");
            assertThat(r.getUrl().queryParameter("api-version")).isEqualTo("2024-10-01");
            assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer eyJ0eXAi.token-1");
        });
        assertThat(arm).filteredOn(r -> r.getUrl().encodedPath().endsWith("/versions") || r.getUrl().encodedPath().endsWith("/models"))
                .allSatisfy(r -> assertThat(r.getUrl().queryParameter("listViewType")).isEqualTo("All"));

        AssetDetail model = tightrope.inventory().detail(urn(AssetKind.MODEL, "/models/credit-risk-xgb")).orElseThrow();
        assertThat(model.record().asset().name()).isEqualTo("credit-risk-xgb");
        assertThat(model.record().asset().properties()).containsEntry("latest_version", "7").containsEntry("workspace", "kestrel-ml");
        assertThat(model.record().owners()).extracting(o -> o.type() + " " + o.owner())
                .containsExactlyInAnyOrder("TEAM credit-risk", "PERSON priya.natarajan@kestrel.example");
        assertThat(model.downstream()).filteredOn(n -> n.type() == EdgeType.VERSION_OF).extracting(n -> n.name())
                .containsExactlyInAnyOrder("credit-risk-xgb v6", "credit-risk-xgb v7");
        assertThat(tightrope.inventory().find(urn(AssetKind.MODEL, "/models/churn-xgb")).orElseThrow().asset().properties())
                .containsEntry("archived", "true");

        Urn v6 = urn(AssetKind.MODEL_VERSION, "/models/credit-risk-xgb/versions/6");
        AssetDetail version = tightrope.inventory().detail(v6).orElseThrow();
        assertThat(version.record().asset().properties()).containsEntry("stage", "Production").containsEntry("model_type", "mlflow_model")
                .containsEntry("flavors", "python_function, xgboost").containsEntry("job_name", "credit-train-6")
                .containsEntry("property.auc", "0.96").containsEntry("created", "2026-06-20T09:00:00.123456700Z");
        assertThat(version.record().asset().tags()).containsExactly("stage:Production");
        assertThat(version.upstream()).extracting(n -> n.type() + " " + n.urn()).containsExactlyInAnyOrder(
                "VERSION_OF " + urn(AssetKind.MODEL, "/models/credit-risk-xgb"), "PRODUCED_BY " + urn(AssetKind.TRAINING_RUN, "/jobs/credit-train-6"));
        Urn blue = urn(AssetKind.DEPLOYMENT, "/onlineEndpoints/credit-decision/deployments/blue");
        assertThat(version.downstream()).extracting(n -> n.type() + " " + n.urn())
                .containsExactlyInAnyOrder("DEPLOYED_AS " + blue, "PACKAGED_AS " + image());

        AssetDetail deployment = tightrope.inventory().detail(blue).orElseThrow();
        assertThat(deployment.record().asset().name()).isEqualTo("credit-decision/blue");
        assertThat(deployment.record().asset().properties()).containsEntry("traffic", "100%").containsEntry("instance_count", "2")
                .containsEntry("instance_type", "Standard_DS3_v2").containsEntry("image", IMAGE);
        assertThat(deployment.upstream()).extracting(n -> n.type() + " " + n.urn()).containsExactlyInAnyOrder("DEPLOYED_AS " + v6,
                "DEPLOYED_AS " + image(), "PART_OF " + urn(AssetKind.DEPLOYMENT, "/onlineEndpoints/credit-decision"));
        assertThat(tightrope.inventory().find(image()).orElseThrow().asset().digest()).isEqualTo(Digest.parse(DIGEST));
        assertThat(tightrope.inventory().find(urn(AssetKind.DEPLOYMENT, "/onlineEndpoints/credit-decision")).orElseThrow().asset().properties())
                .containsEntry("traffic", "blue 100%").containsEntry("scoring_uri", "https://credit-decision.westeurope.inference.ml.azure.com/score");

        Urn data = urn(AssetKind.DATASET, "/data/credit-features/versions/3");
        for (int v : new int[] {6, 7}) {
            AssetDetail job = tightrope.inventory().detail(urn(AssetKind.TRAINING_RUN, "/jobs/credit-train-" + v)).orElseThrow();
            assertThat(job.record().asset().properties()).containsEntry("status", "Completed").containsEntry("job_type", "Command")
                    .containsKey("output.model").doesNotContainKey("input.max_depth");
            assertThat(job.record().owners()).extracting(o -> o.owner()).containsExactly("tom.becker@kestrel.example");
            // azureml:name:version and the ARM id name the same data asset version; the blob URL is named as OpenLineage names it
            assertThat(job.upstream()).filteredOn(n -> n.type() == EdgeType.TRAINED_ON).extracting(n -> n.urn()).containsExactlyInAnyOrder(
                    data.toString(), "tr:dataset:openlineage:wasbs://bureau@kestrelmldata.blob.core.windows.net/2026-06/reports.parquet");
        }
        AssetDetail dataVersion = tightrope.inventory().detail(data).orElseThrow();
        assertThat(dataVersion.record().asset().properties()).containsEntry("data_uri", DATA_URI).containsEntry("data_type", "uri_folder");
        assertThat(dataVersion.upstream()).extracting(n -> n.type() + " " + n.name()).containsExactly("VERSION_OF credit-features");

        // neither the client secret nor the token it was exchanged for is in any file of the workspace
        for (Path p : (Iterable<Path>) java.nio.file.Files.walk(dir.resolve("ws"))::iterator) {
            if (java.nio.file.Files.isRegularFile(p)) {
                assertThat(new String(java.nio.file.Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1)).as(p.toString())
                        .doesNotContain("s3cr3t.v4lue").doesNotContain("eyJ0eXAi.token-");
            }
        }
    }

    @Test
    void throttlingIsRetriedAfterTheWaitAzureAsks() {
        servicePrincipal();
        addSource(Map.of());
        answerWorkspace();
        answers.once(W + "/jobs", new MockResponse.Builder().code(429).setHeader("Retry-After", "7")
                .body(error("TooManyRequests", "The request is being throttled.")).build());
        answers.once(W + "/data", json(503, error("ServiceUnavailable", "try again")));
        SyncRun run = sync();
        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(slept).hasSize(2).contains(Duration.ofSeconds(7));
    }

    @Test
    void aMintedTokenRefusedBeforeItsExpiryIsRenewedOnce() {
        servicePrincipal();
        addSource(Map.of());
        answerWorkspace();
        answers.once(W + "/models", json(401, error("InvalidAuthenticationToken", "The access token is invalid.")));
        SyncRun run = sync();
        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(answers.tokensIssued).isEqualTo(2);
    }

    @Test
    void refusalsNameTheTokenOrTheRoleAndTheActionAndKeepTheCache() {
        environment.put("AZURE_ACCESS_TOKEN", "eyJ0eXAi.from-az-cli");
        addSource(Map.of());
        answerWorkspace();
        assertThat(sync().status()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(answers.tokensIssued).as("a bearer token from the environment needs no token endpoint").isZero();

        answers.once(W + "/onlineEndpoints", json(403, error("AuthorizationFailed", "The client 'a1b2' with object id 'a1b2' does not have"
                + " authorization to perform action 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/read' over scope '" + W + "'")));
        SyncRun denied = sync();
        assertThat(denied.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(denied.message()).contains("(403)", "Reader role on the workspace or its resource group",
                "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/read", "AZURE_ACCESS_TOKEN", "does not have authorization");

        answers.once(W + "/models", json(401, error("ExpiredAuthenticationToken", "The access token expiry UTC time '12/7/2026 2:00:00 PM'"
                + " is earlier than current UTC time '12/7/2026 3:00:00 PM'.")));
        SyncRun expired = sync();
        assertThat(expired.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(expired.message()).contains("refused the bearer token in AZURE_ACCESS_TOKEN (401)", "expired", "is earlier than current UTC time");
        assertThat(tightrope.inventory().find(urn(AssetKind.DEPLOYMENT, "/onlineEndpoints/credit-decision")).orElseThrow().gone()).isFalse();
    }

    @Test
    void aServicePrincipalTheTokenEndpointRefusesFailsInItsWords() {
        servicePrincipal();
        addSource(Map.of());
        answers.once("/" + TENANT + "/oauth2/v2.0/token", json(401, "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215:"
                + " Invalid client secret provided.\",\"error_codes\":[7000215]}"));
        SyncRun run = sync();
        assertThat(run.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(run.message()).contains("refused the client credentials of client " + CLIENT, "AADSTS7000215").doesNotContain("s3cr3t");
    }

    @Test
    void malformedAndOversizedAnswersFailInWordsAndKeepTheCache() {
        servicePrincipal();
        addSource(Map.of());
        answerWorkspace();
        assertThat(sync().status()).isEqualTo(SyncStatus.SUCCEEDED);

        answers.once(W + "/jobs", json(200, "{\"value\":[{\"id\":"));
        SyncRun malformed = sync();
        assertThat(malformed.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(malformed.message()).contains("/jobs", "not valid JSON");

        answers.once(W + "/onlineEndpoints", json(200, "{\"value\":[],\"pad\":\"" + "x".repeat((int) AzureMlClient.MAX_BYTES) + "\"}"));
        SyncRun oversized = sync();
        assertThat(oversized.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(oversized.message()).contains("/onlineEndpoints", "more than the " + AzureMlClient.MAX_BYTES + " allowed");

        answers.once(W + "/data", json(200, "{\"items\":[]}"));
        SyncRun shapeless = sync();
        assertThat(shapeless.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(shapeless.message()).contains("{\"value\":[…]}");

        assertThat(tightrope.inventory().find(urn(AssetKind.TRAINING_RUN, "/jobs/credit-train-6")).orElseThrow().gone()).isFalse();
        assertThat(tightrope.inventory().find(urn(AssetKind.DEPLOYMENT, "/onlineEndpoints/credit-decision")).orElseThrow().gone()).isFalse();
    }

    @Test
    void aNextLinkToAnotherHostIsRefused() {
        servicePrincipal();
        addSource(Map.of());
        answerWorkspace();
        answers.once(W + "/models", json(200, "{\"value\":[],\"nextLink\":\"https://attacker.example/steal?api-version=2024-10-01\"}"));
        SyncRun run = sync();
        assertThat(run.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(run.message()).contains("another host (attacker.example)");
    }

    @Test
    void testConnectionMakesOneCallAndSaysWhatItFound() throws Exception {
        servicePrincipal();
        addSource(Map.of());
        answers.on(W + "/models", page(MODEL));
        var check = tightrope.sources().check("aml", new Cancellation());
        assertThat(check.ok()).as(check.message()).isTrue();
        assertThat(check.message()).contains("kestrel-ml", "client " + CLIENT, "credit-risk-xgb");
        assertThat(drain()).extracting(r -> r.getUrl().encodedPath()).containsExactly("/" + TENANT + "/oauth2/v2.0/token", W + "/models");
    }

    @Test
    void withoutCredentialsTheSyncSaysWhatToSet() {
        addSource(Map.of("client-id", CLIENT));
        SyncRun run = sync();
        assertThat(run.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(run.message()).contains("AZURE_TENANT_ID", "AZURE_CLIENT_SECRET", "AZURE_ACCESS_TOKEN");
    }

    // the same records as az ml prints them (snake_case, creation_context, azureml: prefixed ids)

    static String cliContext(String by) {
        return "\"creation_context\":{\"created_at\":\"2026-06-20T09:00:00.123456+00:00\",\"created_by\":\"" + by + "\",\"created_by_type\":\"User\","
                + "\"last_modified_at\":\"2026-06-20T09:00:00.123456+00:00\"}";
    }

    @Test
    void theAzCliOutputGivesTheSameAssets() throws Exception {
        servicePrincipal();
        addSource(Map.of());
        answerWorkspace();
        assertThat(sync().status()).isEqualTo(SyncStatus.SUCCEEDED);

        Path export = Files.createDirectories(dir.resolve("export"));
        Files.writeString(export.resolve("model-list.json"), "[{\"name\":\"credit-risk-xgb\",\"id\":\"azureml:" + W + "/models/credit-risk-xgb\","
                + "\"description\":\"Probability of default\",\"tags\":{\"team\":\"credit-risk\"},\"properties\":{},\"latest_version\":\"7\","
                + cliContext("priya.natarajan@kestrel.example") + "}]");
        StringBuilder versions = new StringBuilder("[");
        for (int v : new int[] {7, 6}) {
            String stage = v == 6 ? "Production" : "Staging";
            versions.append(v == 7 ? "" : ",").append("{\"name\":\"credit-risk-xgb\",\"version\":\"").append(v).append("\",\"id\":\"azureml:").append(W)
                    .append("/models/credit-risk-xgb/versions/").append(v).append("\",\"path\":\"azureml://subscriptions/").append(SUB)
                    .append("/resourcegroups/kestrel-ml-rg/workspaces/kestrel-ml/datastores/workspaceartifactstore/paths/ExperimentRun/dcid.credit-train-")
                    .append(v).append("/model\",\"type\":\"mlflow_model\",\"tags\":{\"stage\":\"").append(stage).append("\"},\"properties\":{\"auc\":\"0.9")
                    .append(v).append("\"},\"flavors\":{\"python_function\":{\"loader_module\":\"mlflow.xgboost\"},\"xgboost\":{\"xgb_version\":\"2.0.3\"}},")
                    .append("\"stage\":\"").append(stage).append("\",\"job_name\":\"credit-train-").append(v).append("\",")
                    .append(cliContext("tom.becker@kestrel.example")).append("}");
        }
        Files.writeString(export.resolve("model-versions.json"), versions.append("]").toString());
        Files.writeString(export.resolve("data-versions.json"), "[{\"name\":\"credit-features\",\"version\":\"3\",\"id\":\"azureml:" + W
                + "/data/credit-features/versions/3\",\"path\":\"" + DATA_URI + "\",\"type\":\"uri_folder\",\"description\":\"Monthly credit features\","
                + "\"tags\":{\"team\":\"credit-risk\"}," + cliContext("priya.natarajan@kestrel.example") + "}]");
        StringBuilder jobs = new StringBuilder("[");
        for (int v : new int[] {7, 6}) {
            jobs.append(v == 7 ? "" : ",").append("{\"name\":\"credit-train-").append(v).append("\",\"display_name\":\"credit-train-").append(v)
                    .append("\",\"type\":\"command\",\"status\":\"Completed\",\"experiment_name\":\"credit-risk-xgb\",\"compute\":\"azureml:cpu-cluster\",")
                    .append("\"environment\":\"azureml:credit-train:2\",\"tags\":{\"owner\":\"tom.becker@kestrel.example\"},\"id\":\"azureml:").append(W)
                    .append("/jobs/credit-train-").append(v).append("\",\"inputs\":{\"training_data\":{\"type\":\"uri_folder\",\"path\":\"")
                    .append(v == 7 ? "azureml:credit-features:3" : "azureml:" + W + "/data/credit-features/versions/3")
                    .append("\",\"mode\":\"ro_mount\"},\"bureau\":{\"type\":\"uri_file\",\"path\":\"https://kestrelmldata.blob.core.windows.net/bureau/2026-06/reports.parquet\"},")
                    .append("\"max_depth\":\"6\"},\"outputs\":{\"model\":{\"type\":\"mlflow_model\",\"path\":\"azureml://datastores/workspaceartifactstore/ExperimentRun/dcid.credit-train-")
                    .append(v).append("/model\",\"mode\":\"rw_mount\"}},").append(cliContext("tom.becker@kestrel.example")).append("}");
        }
        Files.writeString(export.resolve("job-list.json"), jobs.append("]").toString());
        Files.writeString(export.resolve("online-endpoint-list.json"), "[{\"name\":\"credit-decision\",\"id\":\"" + W + "/onlineEndpoints/credit-decision\","
                + "\"auth_mode\":\"key\",\"scoring_uri\":\"https://credit-decision.westeurope.inference.ml.azure.com/score\",\"traffic\":{\"blue\":100},"
                + "\"provisioning_state\":\"Succeeded\",\"location\":\"westeurope\",\"tags\":{\"team\":\"credit-risk\"},\"properties\":{}}]");
        Files.writeString(export.resolve("online-deployment-list.json"), "[{\"name\":\"blue\",\"endpoint_name\":\"credit-decision\",\"id\":\"" + W
                + "/onlineEndpoints/credit-decision/deployments/blue\",\"model\":\"azureml:credit-risk-xgb:6\",\"environment\":\"azureml:" + W
                + "/environments/credit-serving/versions/6\",\"instance_type\":\"Standard_DS3_v2\",\"instance_count\":2,\"type\":\"Managed\","
                + "\"provisioning_state\":\"Succeeded\",\"tags\":{}}]");
        // a raw REST answer saved beside them
        Files.writeString(export.resolve("environment.json"), ENVIRONMENT);
        Files.writeString(export.resolve("notes.json"), "{\"exported_by\":\"priya\"}");
        try (Tightrope offline = Tightrope.open(dir.resolve("ws-offline"), ConnectorRegistry.defaults())) {
            offline.sources().add(new SourceConfig("aml-export", "azureml", Map.of("path", export.toString())));
            SyncRun run = offline.sources().sync("aml-export", true, SyncListener.NONE, new Cancellation()).get(0);
            assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED_WITH_PROBLEMS);
            assertThat(run.problems()).isEqualTo(1);
            assertThat(offline.sources().problems(run.id(), 5).get(0).location()).endsWith("notes.json");
            for (Urn urn : List.of(urn(AssetKind.MODEL, "/models/credit-risk-xgb"), urn(AssetKind.MODEL_VERSION, "/models/credit-risk-xgb/versions/6"),
                    urn(AssetKind.MODEL_VERSION, "/models/credit-risk-xgb/versions/7"), urn(AssetKind.DATASET, "/data/credit-features/versions/3"),
                    urn(AssetKind.TRAINING_RUN, "/jobs/credit-train-6"), urn(AssetKind.TRAINING_RUN, "/jobs/credit-train-7"),
                    urn(AssetKind.DEPLOYMENT, "/onlineEndpoints/credit-decision/deployments/blue"), image())) {
                AssetDetail live = tightrope.inventory().detail(urn).orElseThrow();
                AssetDetail saved = offline.inventory().detail(urn).orElseThrow(() -> new AssertionError("offline lacks " + urn));
                assertThat(saved.record().asset().urn()).isEqualTo(live.record().asset().urn());
                assertThat(saved.record().asset().name()).isEqualTo(live.record().asset().name());
                assertThat(saved.upstream()).as(urn.toString()).extracting(n -> n.type() + " " + n.urn())
                        .containsExactlyInAnyOrderElementsOf(live.upstream().stream().map(n -> n.type() + " " + n.urn()).toList());
                if (urn.kind() != AssetKind.DEPLOYMENT) {
                    // the saved deployment carries no creation_context, so its creator is the one owner only the live answer names
                    assertThat(saved.record().owners()).as(urn.toString()).extracting(o -> o.owner())
                            .containsExactlyInAnyOrderElementsOf(live.record().owners().stream().map(o -> o.owner()).toList());
                }
            }
            assertThat(offline.inventory().find(urn(AssetKind.MODEL_VERSION, "/models/credit-risk-xgb/versions/6")).orElseThrow().asset().properties())
                    .containsEntry("stage", "Production").containsEntry("model_type", "mlflow_model").containsEntry("flavors", "python_function, xgboost");

            Files.writeString(export.resolve("job-list.json"), "[{\"name\":\"credit-train-7\",");
            SyncRun broken = offline.sources().sync("aml-export", true, SyncListener.NONE, new Cancellation()).get(0);
            assertThat(broken.problems()).isEqualTo(2);
            assertThat(offline.sources().problems(broken.id(), 5)).anySatisfy(p -> assertThat(p.location()).endsWith("job-list.json"));
            assertThat(offline.inventory().find(urn(AssetKind.TRAINING_RUN, "/jobs/credit-train-7")).orElseThrow().gone())
                    .as("an unreadable file marks nothing gone").isFalse();
        }
    }

    @Test
    void settingsAreCheckedWhenTheSourceIsAdded() {
        AzureMlConnectorFactory factory = new AzureMlConnectorFactory(environment::get, "https://login.microsoftonline.com", RetryPolicy.once(), Clock.systemUTC());
        Map<String, String> ok = Map.of("subscription", SUB, "resource-group", "kestrel-ml-rg", "workspace", "kestrel-ml");
        assertThatThrownBy(() -> factory.create(new SourceConfig("a", "azureml", Map.of("workspace", "kestrel-ml")))).hasMessageContaining("subscription");
        Map<String, String> badSub = new HashMap<>(ok);
        badSub.put("subscription", "my-subscription");
        assertThatThrownBy(() -> factory.create(new SourceConfig("a", "azureml", badSub))).hasMessageContaining("GUID");
        Map<String, String> secretValue = new HashMap<>(ok);
        secretValue.put("client-secret", "Xy8Q~s3cr3t.v4lue");
        assertThatThrownBy(() -> factory.create(new SourceConfig("a", "azureml", secretValue))).hasMessageContaining("environment variable");
        Map<String, String> plainHttp = new HashMap<>(ok);
        plainHttp.put("url", "http://management.example.com/");
        assertThatThrownBy(() -> factory.create(new SourceConfig("a", "azureml", plainHttp))).hasMessageContaining("https");
        assertThatThrownBy(() -> factory.create(new SourceConfig("a", "azureml", Map.of("path", "/tmp", "workspace", "w")))).hasMessageContaining("not both");
        assertThat(factory.create(new SourceConfig("a", "azureml", ok))).isNotNull();
    }
}
