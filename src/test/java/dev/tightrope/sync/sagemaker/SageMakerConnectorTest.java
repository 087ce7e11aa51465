package dev.tightrope.sync.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.tightrope.sync.aws.AwsCredentials;
import dev.tightrope.sync.aws.AwsCredentialsSource;
import dev.tightrope.sync.aws.SigV4;
import dev.tightrope.sync.http.RetryPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connector against a SageMaker answering in the JSON 1.1 API's shapes (MockWebServer), into a real cache. */
class SageMakerConnectorTest {

    static final String ACCOUNT = "arn:aws:sagemaker:us-east-1:123456789012:";
    static final String GROUP = ACCOUNT + "model-package-group/fraud-detector";
    static final String V1 = ACCOUNT + "model-package/fraud-detector/1";
    static final String V2 = ACCOUNT + "model-package/fraud-detector/2";
    static final String ENDPOINT = ACCOUNT + "endpoint/fraud-prod";
    static final String JOB = ACCOUNT + "training-job/fraud-train-2";
    static final String DIGEST = "sha256:" + "4f".repeat(32);
    static final String ECR = "123456789012.dkr.ecr.us-east-1.amazonaws.com/fraud";
    static final Instant NOW = Instant.parse("2026-12-07T15:00:00Z");
    static final AwsCredentials KEYS = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token-1");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    MockWebServer server = new MockWebServer();
    Answers answers = new Answers();
    List<Duration> slept = new ArrayList<>();
    Tightrope tightrope;

    /** Answers by operation and the record the request names (and its NextToken), as SageMaker does whatever the order. */
    static final class Answers extends Dispatcher {
        final Map<String, String> fixed = new ConcurrentHashMap<>();
        final Map<String, Deque<MockResponse>> once = new ConcurrentHashMap<>();

        void on(String key, String body) {
            fixed.put(key, body);
        }

        void once(String key, MockResponse answer) {
            once.computeIfAbsent(key, k -> new ArrayDeque<>()).add(answer);
        }

        static String key(RecordedRequest r) throws IOException {
            String target = r.getHeaders().get("X-Amz-Target");
            JsonNode body = JSON.readTree(r.getBody().utf8());
            StringBuilder key = new StringBuilder(target.substring("SageMaker.".length()));
            for (String field : List.of("ModelPackageGroupName", "ModelPackageName", "EndpointName", "EndpointConfigName", "ModelName",
                    "TrainingJobName", "ResourceArn")) {
                if (body.has(field)) {
                    key.append(' ').append(body.get(field).asText());
                }
            }
            if (body.has("NextToken")) {
                key.append(" @").append(body.get("NextToken").asText());
            }
            return key.toString();
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            try {
                String key = key(request);
                Deque<MockResponse> q = once.get(key);
                MockResponse queued = q == null ? null : q.poll();
                if (queued != null) {
                    return queued;
                }
                String body = fixed.get(key);
                return body != null ? amz(200, body) : amz(400, "{\"__type\":\"ValidationException\",\"message\":\"the test has no answer for " + key + "\"}");
            } catch (IOException e) {
                return amz(400, "{\"__type\":\"SerializationException\"}");
            }
        }
    }

    static MockResponse amz(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/x-amz-json-1.1")
                .setHeader("x-amzn-RequestId", "c0ffee00-0000-4000-8000-000000000001").body(body).build();
    }

    static String error(String type, String message) {
        return "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}";
    }

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(answers);
        server.start();
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(60), slept::add, new Random(3));
        AwsCredentialsSource credentials = new AwsCredentialsSource(Map.of("AWS_ACCESS_KEY_ID", KEYS.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", KEYS.secretAccessKey(), "AWS_SESSION_TOKEN", KEYS.sessionToken()), dir.resolve("home"));
        tightrope = Tightrope.open(dir.resolve("ws"), ConnectorRegistry.defaults()
                .replacing(SageMakerConnector.factory(credentials, policy, Clock.fixed(NOW, ZoneOffset.UTC))));
    }

    @AfterEach
    void stop() {
        tightrope.close();
        server.close();
    }

    // the answers, in the API's shapes (service-2.json); the CLI prints the same keys, times as ISO 8601

    static String groupDescribed(Object created) {
        return "{\"ModelPackageGroupName\":\"fraud-detector\",\"ModelPackageGroupArn\":\"" + GROUP + "\",\"ModelPackageGroupDescription\":"
                + "\"Card fraud scoring\",\"CreationTime\":" + created + ",\"ModelPackageGroupStatus\":\"Completed\","
                + "\"CreatedBy\":{\"UserProfileArn\":\"arn:aws:sagemaker:us-east-1:123456789012:user-profile/d-abc/priya\","
                + "\"UserProfileName\":\"priya\",\"DomainId\":\"d-abc\"}}";
    }

    static String packageV1(Object created) {
        return "{\"ModelPackageGroupName\":\"fraud-detector\",\"ModelPackageVersion\":1,\"ModelPackageArn\":\"" + V1 + "\",\"CreationTime\":" + created
                + ",\"ModelPackageStatus\":\"Completed\",\"ModelApprovalStatus\":\"PendingManualApproval\","
                + "\"InferenceSpecification\":{\"Containers\":[{\"Image\":\"" + ECR + ":1.0\",\"ModelDataUrl\":\"s3://models/fraud/v1/model.tar.gz\"}],"
                + "\"SupportedContentTypes\":[\"text/csv\"],\"SupportedResponseMIMETypes\":[\"text/csv\"]}}";
    }

    static String packageV2(Object created) {
        return "{\"ModelPackageGroupName\":\"fraud-detector\",\"ModelPackageVersion\":2,\"ModelPackageArn\":\"" + V2 + "\",\"CreationTime\":" + created
                + ",\"ModelPackageStatus\":\"Completed\",\"ModelApprovalStatus\":\"Approved\",\"ApprovalDescription\":\"AUC 0.94 on holdout\","
                + "\"InferenceSpecification\":{\"Containers\":[{\"Image\":\"" + ECR + ":2.0\",\"ImageDigest\":\"" + DIGEST + "\","
                + "\"ModelDataUrl\":\"s3://models/fraud/v2/model.tar.gz\",\"Framework\":\"XGBOOST\",\"FrameworkVersion\":\"1.7\"}]},"
                + "\"MetadataProperties\":{\"CommitId\":\"a91f3c2e\",\"Repository\":\"https://github.com/kestrel/fraud\"},"
                + "\"CreatedBy\":{\"IamIdentity\":{\"Arn\":\"arn:aws:sts::123456789012:assumed-role/ml-pipeline/run-77\",\"PrincipalId\":\"AROA1\"}}}";
    }

    static String endpointDescribed(Object created) {
        return "{\"EndpointName\":\"fraud-prod\",\"EndpointArn\":\"" + ENDPOINT + "\",\"EndpointConfigName\":\"fraud-prod-config\","
                + "\"ProductionVariants\":[{\"VariantName\":\"AllTraffic\",\"DeployedImages\":[{\"SpecifiedImage\":\"" + ECR + ":2.0\","
                + "\"ResolvedImage\":\"" + ECR + "@" + DIGEST + "\",\"ResolutionTime\":" + created + "}],\"CurrentWeight\":1.0}],"
                + "\"EndpointStatus\":\"InService\",\"CreationTime\":" + created + ",\"LastModifiedTime\":" + created + "}";
    }

    static final String CONFIG = "{\"EndpointConfigName\":\"fraud-prod-config\",\"EndpointConfigArn\":\"" + ACCOUNT
            + "endpoint-config/fraud-prod-config\",\"ProductionVariants\":[{\"VariantName\":\"AllTraffic\",\"ModelName\":\"fraud-model\","
            + "\"InitialInstanceCount\":1,\"InstanceType\":\"ml.m5.large\"}],\"CreationTime\":1764590400}";
    static final String MODEL = "{\"ModelName\":\"fraud-model\",\"ModelArn\":\"" + ACCOUNT + "model/fraud-model\","
            + "\"PrimaryContainer\":{\"ModelPackageName\":\"" + V2 + "\"},\"ExecutionRoleArn\":\"arn:aws:iam::123456789012:role/sm\",\"CreationTime\":1764590400}";

    static String jobDescribed(Object created) {
        return "{\"TrainingJobName\":\"fraud-train-2\",\"TrainingJobArn\":\"" + JOB + "\",\"ModelArtifacts\":{\"S3ModelArtifacts\":"
                + "\"s3://models/fraud/train-2/output/model.tar.gz\"},\"TrainingJobStatus\":\"Completed\",\"SecondaryStatus\":\"Completed\","
                + "\"HyperParameters\":{\"max_depth\":\"6\"},\"AlgorithmSpecification\":{\"TrainingImage\":\"" + ECR + "-train:1\",\"TrainingInputMode\":\"File\"},"
                + "\"RoleArn\":\"arn:aws:iam::123456789012:role/sm\",\"InputDataConfig\":[{\"ChannelName\":\"train\",\"DataSource\":{\"S3DataSource\":"
                + "{\"S3DataType\":\"S3Prefix\",\"S3Uri\":\"s3://data-lake/fraud/train/\"}}},{\"ChannelName\":\"validation\",\"DataSource\":"
                + "{\"S3DataSource\":{\"S3DataType\":\"S3Prefix\",\"S3Uri\":\"s3://data-lake/fraud/validation\"}}}],"
                + "\"OutputDataConfig\":{\"S3OutputPath\":\"s3://models/fraud/train-2/\"},\"CreationTime\":" + created + ",\"TrainingEndTime\":" + created
                + ",\"FinalMetricDataList\":[{\"MetricName\":\"validation:auc\",\"Value\":0.94,\"Timestamp\":" + created + "}],"
                + "\"OutputModelPackageArn\":\"" + V2 + "\"}";
    }

    static final String CREATED = "1764590400.123";
    static final String CLI_CREATED = "\"2025-12-01T12:00:00.123000+00:00\"";

    /** Two pages of groups, two pages of versions, one endpoint, one training job, their tags. */
    void answerAccount() {
        answers.on("ListModelPackageGroups", "{\"ModelPackageGroupSummaryList\":[{\"ModelPackageGroupName\":\"fraud-detector\",\"ModelPackageGroupArn\":\""
                + GROUP + "\",\"CreationTime\":" + CREATED + ",\"ModelPackageGroupStatus\":\"Completed\"}],\"NextToken\":\"g2\"}");
        answers.on("ListModelPackageGroups @g2", "{\"ModelPackageGroupSummaryList\":[{\"ModelPackageGroupName\":\"churn\",\"ModelPackageGroupArn\":\""
                + ACCOUNT + "model-package-group/churn\",\"CreationTime\":" + CREATED + ",\"ModelPackageGroupStatus\":\"Completed\"}]}");
        answers.on("DescribeModelPackageGroup fraud-detector", groupDescribed(CREATED));
        answers.on("DescribeModelPackageGroup churn", groupDescribed(CREATED).replace("fraud-detector", "churn").replace("Card fraud scoring", "Churn"));
        answers.on("ListModelPackages fraud-detector", "{\"ModelPackageSummaryList\":[{\"ModelPackageGroupName\":\"fraud-detector\",\"ModelPackageVersion\":2,"
                + "\"ModelPackageArn\":\"" + V2 + "\",\"CreationTime\":" + CREATED + ",\"ModelPackageStatus\":\"Completed\",\"ModelApprovalStatus\":\"Approved\"}],"
                + "\"NextToken\":\"p2\"}");
        answers.on("ListModelPackages fraud-detector @p2", "{\"ModelPackageSummaryList\":[{\"ModelPackageGroupName\":\"fraud-detector\",\"ModelPackageVersion\":1,"
                + "\"ModelPackageArn\":\"" + V1 + "\",\"CreationTime\":" + CREATED + ",\"ModelPackageStatus\":\"Completed\",\"ModelApprovalStatus\":\"PendingManualApproval\"}]}");
        answers.on("ListModelPackages churn", "{\"ModelPackageSummaryList\":[]}");
        answers.on("DescribeModelPackage " + V1, packageV1(CREATED));
        answers.on("DescribeModelPackage " + V2, packageV2(CREATED));
        answers.on("ListEndpoints", "{\"Endpoints\":[{\"EndpointName\":\"fraud-prod\",\"EndpointArn\":\"" + ENDPOINT + "\",\"CreationTime\":" + CREATED
                + ",\"LastModifiedTime\":" + CREATED + ",\"EndpointStatus\":\"InService\"}]}");
        answers.on("DescribeEndpoint fraud-prod", endpointDescribed(CREATED));
        answers.on("DescribeEndpointConfig fraud-prod-config", CONFIG);
        answers.on("DescribeModel fraud-model", MODEL);
        answers.on("ListTrainingJobs", "{\"TrainingJobSummaries\":[{\"TrainingJobName\":\"fraud-train-2\",\"TrainingJobArn\":\"" + JOB + "\",\"CreationTime\":"
                + CREATED + ",\"TrainingJobStatus\":\"Completed\"}]}");
        answers.on("DescribeTrainingJob fraud-train-2", jobDescribed(CREATED));
        answers.on("ListTags " + GROUP, "{\"Tags\":[{\"Key\":\"owner\",\"Value\":\"ml-platform@kestrel.example\"},{\"Key\":\"cost-center\",\"Value\":\"42\"}]}");
        answers.on("ListTags " + ACCOUNT + "model-package-group/churn", "{\"Tags\":[]}");
        answers.on("ListTags " + V1, "{\"Tags\":[]}");
        answers.on("ListTags " + V2, "{\"Tags\":[{\"Key\":\"team\",\"Value\":\"fraud\"}]}");
        answers.on("ListTags " + ENDPOINT, "{\"Tags\":[{\"Key\":\"Owner\",\"Value\":\"sre@kestrel.example\"}]}");
        answers.on("ListTags " + JOB, "{\"Tags\":[]}");
    }

    void addSource() {
        tightrope.sources().add(new SourceConfig("sm", "sagemaker", Map.of("region", "us-east-1", "url", server.url("/").toString())));
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

    static Urn image() {
        return Urn.of(AssetKind.CONTAINER_IMAGE, "oci", ECR + "@" + DIGEST);
    }

    @Test
    void registryEndpointsAndTrainingJobsAcrossPagesEverySignedRequest() throws Exception {
        addSource();
        answerAccount();

        SyncRun sync = sync("sm");

        assertThat(sync.status()).as(sync.message()).isEqualTo(SyncStatus.SUCCEEDED);
        List<RecordedRequest> requests = drain();
        assertThat(requests).extracting(r -> Answers.key(r)).contains("ListModelPackageGroups @g2", "ListModelPackages fraud-detector @p2");
        assertThat(requests).filteredOn(r -> r.getHeaders().get("X-Amz-Target").equals("SageMaker.ListModelPackages"))
                .allSatisfy(r -> assertThat(r.getBody().utf8()).contains("\"ModelPackageType\":\"Both\""));
        for (RecordedRequest r : requests) {
            assertThat(r.getMethod()).isEqualTo("POST");
            assertThat(r.getHeaders().get("Content-Type")).isEqualTo("application/x-amz-json-1.1");
            assertThat(r.getHeaders().get("X-Amz-Security-Token")).isEqualTo("session-token-1");
            // the signature a correct SigV4 gives this very request
            Headers signed = Headers.of("Content-Type", r.getHeaders().get("Content-Type"), "Host", r.getHeaders().get("Host"),
                    "X-Amz-Target", r.getHeaders().get("X-Amz-Target"));
            String expected = new SigV4("us-east-1", "sagemaker").sign("POST", r.getUrl(), signed, SigV4.sha256Hex(r.getBody().toByteArray()),
                    KEYS, NOW).authorization();
            assertThat(r.getHeaders().get("Authorization")).isEqualTo(expected)
                    .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261207/us-east-1/sagemaker/aws4_request, "
                            + "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, ");
        }

        AssetDetail group = tightrope.inventory().detail(Urn.of(AssetKind.MODEL, "sagemaker", GROUP)).orElseThrow();
        assertThat(group.record().asset().name()).isEqualTo("fraud-detector");
        assertThat(group.record().owners()).extracting(o -> o.owner()).containsExactlyInAnyOrder("ml-platform@kestrel.example", "priya");
        assertThat(group.downstream()).filteredOn(n -> n.type() == EdgeType.VERSION_OF).extracting(n -> n.name())
                .containsExactlyInAnyOrder("fraud-detector v1", "fraud-detector v2");
        assertThat(tightrope.inventory().find(Urn.of(AssetKind.MODEL, "sagemaker", ACCOUNT + "model-package-group/churn"))).isPresent();

        AssetDetail v2 = tightrope.inventory().detail(Urn.of(AssetKind.MODEL_VERSION, "sagemaker", V2)).orElseThrow();
        assertThat(v2.record().asset().properties()).containsEntry("ModelApprovalStatus", "Approved")
                .containsEntry("ApprovalDescription", "AUC 0.94 on holdout").containsEntry("image_digest", DIGEST)
                .containsEntry("model_data_url", "s3://models/fraud/v2/model.tar.gz").containsEntry("framework", "XGBOOST 1.7")
                .containsEntry("commit", "a91f3c2e").containsEntry("created", "2025-12-01T12:00:00.123Z");
        assertThat(v2.record().asset().digest()).as("the version is not its image: it carries the digest as a property").isNull();
        assertThat(v2.record().owners()).extracting(o -> o.type() + " " + o.owner())
                .containsExactlyInAnyOrder("TEAM fraud", "UNKNOWN arn:aws:sts::123456789012:assumed-role/ml-pipeline/run-77");
        assertThat(v2.upstream()).extracting(n -> n.type() + " " + n.name())
                .containsExactlyInAnyOrder("VERSION_OF fraud-detector", "PRODUCED_BY fraud-train-2");
        assertThat(v2.downstream()).extracting(n -> n.type() + " " + n.urn())
                .containsExactlyInAnyOrder("DEPLOYED_AS " + Urn.of(AssetKind.DEPLOYMENT, "sagemaker", ENDPOINT), "PACKAGED_AS " + image());
        AssetRecord v1 = tightrope.inventory().find(Urn.of(AssetKind.MODEL_VERSION, "sagemaker", V1)).orElseThrow();
        assertThat(v1.asset().properties()).containsEntry("ModelApprovalStatus", "PendingManualApproval").doesNotContainKey("image_digest");

        AssetRecord image = tightrope.inventory().find(image()).orElseThrow();
        assertThat(image.asset().digest()).isEqualTo(Digest.parse(DIGEST));

        AssetDetail endpoint = tightrope.inventory().detail(Urn.of(AssetKind.DEPLOYMENT, "sagemaker", ENDPOINT)).orElseThrow();
        assertThat(endpoint.record().asset().properties()).containsEntry("status", "InService")
                .containsEntry("variants", "AllTraffic: fraud-model on ml.m5.large").containsEntry("resolved_images", ECR + "@" + DIGEST);
        assertThat(endpoint.upstream()).extracting(n -> n.type() + " " + n.urn()).containsExactlyInAnyOrder(
                "DEPLOYED_AS " + Urn.of(AssetKind.MODEL_VERSION, "sagemaker", V2), "DEPLOYED_AS " + image());
        assertThat(endpoint.record().owners()).extracting(o -> o.owner()).containsExactly("sre@kestrel.example");

        AssetDetail job = tightrope.inventory().detail(Urn.of(AssetKind.TRAINING_RUN, "sagemaker", JOB)).orElseThrow();
        assertThat(job.record().asset().properties()).containsEntry("model_data_url", "s3://models/fraud/train-2/output/model.tar.gz")
                .containsEntry("hyperparameter.max_depth", "6").containsEntry("metric.validation:auc", "0.94");
        assertThat(job.upstream()).filteredOn(n -> n.type() == EdgeType.TRAINED_ON).extracting(n -> n.urn()).containsExactlyInAnyOrder(
                "tr:dataset:openlineage:s3://data-lake/fraud/train", "tr:dataset:openlineage:s3://data-lake/fraud/validation");

        // neither the secret key nor the session token is anywhere in the workspace (cache, its journal, the audit log)
        for (Path p : (Iterable<Path>) Files.walk(dir.resolve("ws"))::iterator) {
            if (Files.isRegularFile(p)) {
                assertThat(new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1)).as(p.toString())
                        .doesNotContain(KEYS.secretAccessKey()).doesNotContain(KEYS.sessionToken());
            }
        }
    }

    @Test
    void throttlingIsRetriedWithBackoff() {
        addSource();
        answerAccount();
        answers.once("ListEndpoints", amz(400, error("ThrottlingException", "Rate exceeded")));
        answers.once("DescribeTrainingJob fraud-train-2", amz(503, "{\"__type\":\"ServiceUnavailable\"}"));
        SyncRun run = sync("sm");
        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(slept).hasSize(2).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void refusalsNameThePermissionOrTheExpiryAndKeepTheCache() {
        addSource();
        answerAccount();
        assertThat(sync("sm").status()).isEqualTo(SyncStatus.SUCCEEDED);

        answers.once("ListEndpoints", amz(400, error("AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/ro/x is not authorized"
                + " to perform: sagemaker:ListEndpoints on resource: arn:aws:sagemaker:us-east-1:123456789012:endpoint/*")));
        SyncRun denied = sync("sm");
        assertThat(denied.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(denied.message()).contains("must allow sagemaker:ListEndpoints", "the environment", "not authorized to perform");

        answers.once("ListModelPackageGroups", amz(400, "{\"__type\":\"com.amazon.coral.service#ExpiredTokenException:http://internal.amazon.com/coral/\","
                + "\"Message\":\"The security token included in the request is expired\"}"));
        SyncRun expired = sync("sm");
        assertThat(expired.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(expired.message()).contains("credentials from the environment have expired", "ExpiredTokenException");
        assertThat(tightrope.inventory().find(Urn.of(AssetKind.DEPLOYMENT, "sagemaker", ENDPOINT)).orElseThrow().gone()).isFalse();
    }

    @Test
    void malformedAndOversizedAnswersFailInWordsAndKeepTheCache() {
        addSource();
        answerAccount();
        assertThat(sync("sm").status()).isEqualTo(SyncStatus.SUCCEEDED);

        answers.once("ListTrainingJobs", amz(200, "{\"TrainingJobSummaries\":[{\"TrainingJobName\":"));
        SyncRun malformed = sync("sm");
        assertThat(malformed.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(malformed.message()).contains("ListTrainingJobs", "not valid JSON");

        answers.once("ListEndpoints", amz(200, "{\"Endpoints\":[],\"pad\":\"" + "x".repeat((int) SageMakerClient.MAX_BYTES) + "\"}"));
        SyncRun oversized = sync("sm");
        assertThat(oversized.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(oversized.message()).contains("ListEndpoints", "more than the " + SageMakerClient.MAX_BYTES + " allowed");

        assertThat(tightrope.inventory().find(Urn.of(AssetKind.TRAINING_RUN, "sagemaker", JOB)).orElseThrow().gone()).isFalse();
        assertThat(tightrope.inventory().find(Urn.of(AssetKind.DEPLOYMENT, "sagemaker", ENDPOINT)).orElseThrow().gone()).isFalse();
    }

    @Test
    void theAwsCliOutputGivesTheSameAssets() throws Exception {
        addSource();
        answerAccount();
        assertThat(sync("sm").status()).isEqualTo(SyncStatus.SUCCEEDED);

        Path export = Files.createDirectories(dir.resolve("export"));
        Files.writeString(export.resolve("describe-model-package-group.json"), groupDescribed(CLI_CREATED));
        Files.writeString(export.resolve("list-model-packages.json"), "{\"ModelPackageSummaryList\":[{\"ModelPackageGroupName\":\"fraud-detector\","
                + "\"ModelPackageVersion\":1,\"ModelPackageArn\":\"" + V1 + "\",\"ModelApprovalStatus\":\"PendingManualApproval\"}]}");
        Files.writeString(export.resolve("describe-model-package-1.json"), packageV1(CLI_CREATED));
        Files.writeString(export.resolve("describe-model-package-2.json"), packageV2(CLI_CREATED));
        Files.writeString(export.resolve("describe-endpoint.json"), endpointDescribed(CLI_CREATED));
        Files.writeString(export.resolve("describe-endpoint-config.json"), CONFIG);
        Files.writeString(export.resolve("describe-model.json"), MODEL);
        Files.writeString(export.resolve("describe-training-job.json"), jobDescribed(CLI_CREATED));
        try (Tightrope offline = Tightrope.open(dir.resolve("ws-offline"), ConnectorRegistry.defaults())) {
            offline.sources().add(new SourceConfig("sm-export", "sagemaker", Map.of("path", export.toString())));
            SyncRun run = offline.sources().sync("sm-export", true, SyncListener.NONE, new Cancellation()).get(0);
            assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
            for (Urn urn : List.of(Urn.of(AssetKind.MODEL, "sagemaker", GROUP), Urn.of(AssetKind.MODEL_VERSION, "sagemaker", V1),
                    Urn.of(AssetKind.MODEL_VERSION, "sagemaker", V2), Urn.of(AssetKind.DEPLOYMENT, "sagemaker", ENDPOINT),
                    Urn.of(AssetKind.TRAINING_RUN, "sagemaker", JOB), image(), Urn.parse("tr:dataset:openlineage:s3://data-lake/fraud/train"))) {
                AssetDetail live = tightrope.inventory().detail(urn).orElseThrow();
                AssetDetail saved = offline.inventory().detail(urn).orElseThrow(() -> new AssertionError("offline lacks " + urn));
                assertThat(saved.record().asset()).as(urn.toString()).isEqualTo(live.record().asset());
                assertThat(saved.upstream()).extracting(n -> n.type() + " " + n.urn())
                        .containsExactlyInAnyOrderElementsOf(live.upstream().stream().map(n -> n.type() + " " + n.urn()).toList());
            }

            Files.writeString(export.resolve("describe-model.json"), "{\"ModelName\":\"fraud-model\",");
            SyncRun broken = offline.sources().sync("sm-export", true, SyncListener.NONE, new Cancellation()).get(0);
            assertThat(broken.status()).isEqualTo(SyncStatus.FAILED);
            assertThat(broken.message()).contains("describe-model.json", "not valid JSON");
            assertThat(offline.inventory().find(Urn.of(AssetKind.DEPLOYMENT, "sagemaker", ENDPOINT)).orElseThrow().gone()).isFalse();
        }
    }

    @Test
    void searchResultsCarryTheTagsSoAnExportHasTheLiveOwners() throws Exception {
        addSource();
        answerAccount();
        assertThat(sync("sm").status()).isEqualTo(SyncStatus.SUCCEEDED);

        Path export = Files.createDirectories(dir.resolve("search-export"));
        Files.writeString(export.resolve("search-groups.json"), search("ModelPackageGroup", groupDescribed(CLI_CREATED),
                "[{\"Key\":\"owner\",\"Value\":\"ml-platform@kestrel.example\"},{\"Key\":\"cost-center\",\"Value\":\"42\"}]"));
        Files.writeString(export.resolve("search-packages.json"), search("ModelPackage", packageV2(CLI_CREATED),
                "[{\"Key\":\"team\",\"Value\":\"fraud\"}]"));
        Files.writeString(export.resolve("search-endpoints.json"), search("Endpoint", endpointDescribed(CLI_CREATED),
                "[{\"Key\":\"Owner\",\"Value\":\"sre@kestrel.example\"}]"));
        try (Tightrope offline = Tightrope.open(dir.resolve("ws-search"), ConnectorRegistry.defaults())) {
            offline.sources().add(new SourceConfig("sm-search", "sagemaker", Map.of("path", export.toString())));
            SyncRun run = offline.sources().sync("sm-search", true, SyncListener.NONE, new Cancellation()).get(0);
            assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
            for (Urn urn : List.of(Urn.of(AssetKind.MODEL, "sagemaker", GROUP), Urn.of(AssetKind.MODEL_VERSION, "sagemaker", V2),
                    Urn.of(AssetKind.DEPLOYMENT, "sagemaker", ENDPOINT))) {
                AssetDetail saved = offline.inventory().detail(urn).orElseThrow(() -> new AssertionError("offline lacks " + urn));
                assertThat(saved.record().owners()).as(urn.toString()).extracting(o -> o.owner()).isNotEmpty()
                        .containsExactlyInAnyOrderElementsOf(tightrope.inventory().detail(urn).orElseThrow().record().owners().stream()
                                .map(o -> o.owner()).toList());
            }
        }
    }

    /** What {@code aws sagemaker search --resource R} prints: the record under its resource's name, with its tags. */
    static String search(String resource, String described, String tags) {
        String record = described.strip();
        return "{\"Results\":[{\"" + resource + "\":" + record.substring(0, record.length() - 1) + ",\"Tags\":" + tags + "}}]}";
    }

    @Test
    void settingsAreCheckedWhenTheSourceIsAdded() {
        SageMakerConnectorFactory factory = new SageMakerConnectorFactory(new AwsCredentialsSource(Map.of(), dir), RetryPolicy.once(), Clock.systemUTC());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> factory.create(new SourceConfig("s", "sagemaker", Map.of())))
                .hasMessageContaining("region");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> factory.create(new SourceConfig("s", "sagemaker", Map.of("region", "US East"))))
                .hasMessageContaining("us-east-1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> factory.create(new SourceConfig("s", "sagemaker",
                Map.of("region", "us-east-1", "url", "http://sagemaker.example.com/")))).hasMessageContaining("https");
        assertThat(factory.create(new SourceConfig("s", "sagemaker", Map.of("region", "eu-west-1")))).isNotNull();
    }
}
