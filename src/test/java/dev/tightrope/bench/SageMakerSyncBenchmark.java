package dev.tightrope.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.Tightrope;
import dev.tightrope.sync.ConnectorRegistry;
import dev.tightrope.sync.aws.AwsCredentialsSource;
import dev.tightrope.sync.http.RetryPolicy;
import dev.tightrope.sync.sagemaker.SageMakerConnector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * Syncs a SageMaker account of {@code packages} model package versions (100 per group) and
 * {@code endpoints} endpoints, each with its config and model, plus a training job per group, from
 * a local MockWebServer that answers every operation in SageMaker's JSON 1.1 shapes, into a real
 * cache: every request signed with Signature V4, every record's tags read with ListTags, as a live
 * sync does. Issue 13's target: 10,000 packages and 1,000 endpoints in under 15 s on 2 cores.
 *
 * <p>The server sets TCP_NODELAY on its sockets, as real API servers do (see
 * {@link SyncConnectorsBenchmark.NoDelaySockets}).
 */
public final class SageMakerSyncBenchmark {

    static final int PACKAGES_PER_GROUP = 100;
    static final String ACCOUNT = "arn:aws:sagemaker:eu-west-1:123456789012:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SageMakerSyncBenchmark() {
    }

    public record Result(int packages, int endpoints, double seconds, long calls, long records, long assets) {
        double callsPerSecond() {
            return calls / seconds;
        }

        double recordsPerSecond() {
            return records / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int packages = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int endpoints = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("tightrope-bench-sagemaker-");
        run(1_000, 100, dir.resolve("warm-up"));
        print(run(packages, endpoints, dir.resolve("run")));
    }

    static void print(Result r) {
        System.out.printf(Locale.ROOT, "sagemaker-sync: %,d model packages + %,d endpoints: %.2f s; %,d signed calls (%,.0f calls/s); "
                        + "%,d records (%,.0f records/s); %,d assets in the cache%n", r.packages(), r.endpoints(), r.seconds(), r.calls(),
                r.callsPerSecond(), r.records(), r.recordsPerSecond(), r.assets());
        System.out.printf(Locale.ROOT, "  target: under 15 s on 2 cores — %s%n", r.seconds() < 15 ? "met" : "NOT met");
    }

    public static Result run(int packages, int endpoints, Path dir) throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            Answers answers = new Answers(packages, endpoints);
            server.setServerSocketFactory(new SyncConnectorsBenchmark.NoDelaySockets());
            server.setDispatcher(answers);
            server.start();
            AwsCredentialsSource keys = new AwsCredentialsSource(Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                    "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), dir.resolve("home"));
            ConnectorRegistry registry = ConnectorRegistry.defaults()
                    .replacing(SageMakerConnector.factory(keys, RetryPolicy.once(), Clock.systemUTC()));
            try (Tightrope t = Tightrope.open(dir.resolve("workspace"), registry)) {
                t.sources().add(new SourceConfig("aws", "sagemaker", Map.of("region", "eu-west-1", "url", server.url("/").toString())));
                long start = System.nanoTime();
                SyncRun run = t.sources().sync("aws", true, SyncListener.NONE, new Cancellation()).get(0);
                double seconds = (System.nanoTime() - start) / 1e9;
                if (run.status() != SyncStatus.SUCCEEDED || run.problems() > 0) {
                    throw new IllegalStateException("the sync did not succeed cleanly: " + run.status() + ", " + run.problems() + " problems, "
                            + run.message());
                }
                long assets = t.sources().list().get(0).assets();
                long expected = packages + (long) groups(packages) * 2 + endpoints;
                if (assets < expected) {
                    throw new IllegalStateException("the cache holds " + assets + " assets, expected at least " + expected);
                }
                return new Result(packages, endpoints, seconds, answers.calls.get(), run.assetsSeen() + run.edgesSeen(), assets);
            }
        }
    }

    static int groups(int packages) {
        return (packages + PACKAGES_PER_GROUP - 1) / PACKAGES_PER_GROUP;
    }

    static String packageArn(int i) {
        return ACCOUNT + "model-package/group-" + i / PACKAGES_PER_GROUP + "/" + (i % PACKAGES_PER_GROUP + 1);
    }

    static String digest(int i) {
        return String.format(Locale.ROOT, "sha256:%064x", 0xabc000000L + i);
    }

    /** SageMaker's answers, generated: tokens are offsets; endpoint {@code e} serves package {@code e * packages / endpoints}. */
    static final class Answers extends Dispatcher {
        private final int packages;
        private final int endpoints;
        final AtomicLong calls = new AtomicLong();

        Answers(int packages, int endpoints) {
            this.packages = packages;
            this.endpoints = endpoints;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            calls.incrementAndGet();
            String target = request.getHeaders().get("X-Amz-Target");
            JsonNode in;
            try {
                in = JSON.readTree(request.getBody() == null ? "{}" : request.getBody().utf8());
            } catch (IOException e) {
                return answer(400, "{\"__type\":\"SerializationException\",\"message\":\"not JSON\"}");
            }
            if (request.getHeaders().get("Authorization") == null || !request.getHeaders().get("Authorization").startsWith("AWS4-HMAC-SHA256 ")) {
                return answer(400, "{\"__type\":\"MissingAuthenticationTokenException\",\"message\":\"Missing Authentication Token\"}");
            }
            int from = in.has("NextToken") ? Integer.parseInt(in.get("NextToken").asText()) : 0;
            int max = in.path("MaxResults").asInt(100);
            String body = switch (target == null ? "" : target.substring("SageMaker.".length())) {
                case "ListModelPackageGroups" -> page("ModelPackageGroupSummaryList", from, max, groups(packages), (out, g) -> out
                        .append("{\"ModelPackageGroupName\":\"group-").append(g).append("\",\"ModelPackageGroupArn\":\"").append(ACCOUNT)
                        .append("model-package-group/group-").append(g).append("\",\"CreationTime\":1767225600.0,\"ModelPackageGroupStatus\":\"Completed\"}"));
                case "DescribeModelPackageGroup" -> {
                    String g = in.get("ModelPackageGroupName").asText();
                    yield "{\"ModelPackageGroupName\":\"" + g + "\",\"ModelPackageGroupArn\":\"" + ACCOUNT + "model-package-group/" + g
                            + "\",\"ModelPackageGroupDescription\":\"Scoring models\",\"CreationTime\":1767225600.0,"
                            + "\"CreatedBy\":{\"UserProfileName\":\"ana-ruiz\",\"DomainId\":\"d-abc\"},\"ModelPackageGroupStatus\":\"Completed\"}";
                }
                case "ListModelPackages" -> {
                    int g = Integer.parseInt(in.get("ModelPackageGroupName").asText().substring("group-".length()));
                    int first = g * PACKAGES_PER_GROUP;
                    int count = Math.min(PACKAGES_PER_GROUP, packages - first);
                    yield page("ModelPackageSummaryList", from, max, count, (out, k) -> out.append("{\"ModelPackageGroupName\":\"group-")
                            .append(g).append("\",\"ModelPackageVersion\":").append(k + 1).append(",\"ModelPackageArn\":\"")
                            .append(packageArn(first + k)).append("\",\"CreationTime\":1767225600.0,\"ModelPackageStatus\":\"Completed\","
                                    + "\"ModelApprovalStatus\":\"Approved\"}"));
                }
                case "DescribeModelPackage" -> describePackage(in.get("ModelPackageName").asText());
                case "ListEndpoints" -> page("Endpoints", from, max, endpoints, (out, e) -> out.append("{\"EndpointName\":\"endpoint-")
                        .append(e).append("\",\"EndpointArn\":\"").append(ACCOUNT).append("endpoint/endpoint-").append(e)
                        .append("\",\"CreationTime\":1767225600.0,\"LastModifiedTime\":1767312000.0,\"EndpointStatus\":\"InService\"}"));
                case "DescribeEndpoint" -> {
                    int e = Integer.parseInt(in.get("EndpointName").asText().substring("endpoint-".length()));
                    yield "{\"EndpointName\":\"endpoint-" + e + "\",\"EndpointArn\":\"" + ACCOUNT + "endpoint/endpoint-" + e
                            + "\",\"EndpointConfigName\":\"config-" + e + "\",\"EndpointStatus\":\"InService\",\"CreationTime\":1767225600.0,"
                            + "\"LastModifiedTime\":1767312000.0,\"ProductionVariants\":[{\"VariantName\":\"AllTraffic\",\"CurrentWeight\":1.0,"
                            + "\"DeployedImages\":[{\"SpecifiedImage\":\"123456789012.dkr.ecr.eu-west-1.amazonaws.com/scoring:2.0\","
                            + "\"ResolvedImage\":\"123456789012.dkr.ecr.eu-west-1.amazonaws.com/scoring@" + digest(served(e))
                            + "\",\"ResolutionTime\":1767225700.0}]}]}";
                }
                case "DescribeEndpointConfig" -> {
                    int e = Integer.parseInt(in.get("EndpointConfigName").asText().substring("config-".length()));
                    yield "{\"EndpointConfigName\":\"config-" + e + "\",\"EndpointConfigArn\":\"" + ACCOUNT + "endpoint-config/config-" + e
                            + "\",\"ProductionVariants\":[{\"VariantName\":\"AllTraffic\",\"ModelName\":\"model-" + e
                            + "\",\"InstanceType\":\"ml.m5.xlarge\",\"InitialInstanceCount\":2}],\"CreationTime\":1767225600.0}";
                }
                case "DescribeModel" -> {
                    int e = Integer.parseInt(in.get("ModelName").asText().substring("model-".length()));
                    yield "{\"ModelName\":\"model-" + e + "\",\"ModelArn\":\"" + ACCOUNT + "model/model-" + e + "\",\"PrimaryContainer\":{"
                            + "\"ModelPackageName\":\"" + packageArn(served(e)) + "\"},\"ExecutionRoleArn\":\"arn:aws:iam::123456789012:role/sm\","
                            + "\"CreationTime\":1767225600.0}";
                }
                case "ListTrainingJobs" -> page("TrainingJobSummaries", from, max, groups(packages), (out, g) -> out
                        .append("{\"TrainingJobName\":\"train-").append(g).append("\",\"TrainingJobArn\":\"").append(ACCOUNT)
                        .append("training-job/train-").append(g).append("\",\"CreationTime\":1767225600.0,\"TrainingJobStatus\":\"Completed\"}"));
                case "DescribeTrainingJob" -> {
                    int g = Integer.parseInt(in.get("TrainingJobName").asText().substring("train-".length()));
                    yield "{\"TrainingJobName\":\"train-" + g + "\",\"TrainingJobArn\":\"" + ACCOUNT + "training-job/train-" + g
                            + "\",\"TrainingJobStatus\":\"Completed\",\"ModelArtifacts\":{\"S3ModelArtifacts\":\"s3://models/train-" + g
                            + "/output/model.tar.gz\"},\"AlgorithmSpecification\":{\"TrainingImage\":\"763104351884.dkr.ecr.eu-west-1.amazonaws.com/"
                            + "pytorch-training:2.3\",\"TrainingInputMode\":\"File\"},\"RoleArn\":\"arn:aws:iam::123456789012:role/sm\","
                            + "\"InputDataConfig\":[{\"ChannelName\":\"train\",\"DataSource\":{\"S3DataSource\":{\"S3DataType\":\"S3Prefix\","
                            + "\"S3Uri\":\"s3://datalake/curated/group-" + g + "/\"}}}],\"OutputDataConfig\":{\"S3OutputPath\":\"s3://models/\"},"
                            + "\"HyperParameters\":{\"epochs\":\"3\"},\"CreationTime\":1767225600.0,\"TrainingEndTime\":1767229200.0,"
                            + "\"OutputModelPackageArn\":\"" + packageArn(Math.min(packages - 1, g * PACKAGES_PER_GROUP)) + "\"}";
                }
                case "ListTags" -> "{\"Tags\":[{\"Key\":\"team\",\"Value\":\"fraud-ml\"},{\"Key\":\"cost-center\",\"Value\":\"4711\"}]}";
                default -> null;
            };
            return body == null ? answer(400, "{\"__type\":\"UnknownOperationException\"}") : answer(200, body);
        }

        private int served(int endpoint) {
            return (int) ((long) endpoint * packages / endpoints);
        }

        private static String describePackage(String arn) {
            String rest = arn.substring((ACCOUNT + "model-package/group-").length());
            int g = Integer.parseInt(rest.substring(0, rest.indexOf('/')));
            int n = Integer.parseInt(rest.substring(rest.indexOf('/') + 1));
            int i = g * PACKAGES_PER_GROUP + n - 1;
            return "{\"ModelPackageGroupName\":\"group-" + g + "\",\"ModelPackageVersion\":" + n + ",\"ModelPackageArn\":\"" + arn
                    + "\",\"ModelPackageDescription\":\"scoring model\",\"CreationTime\":1767225600.0,\"InferenceSpecification\":{"
                    + "\"Containers\":[{\"Image\":\"123456789012.dkr.ecr.eu-west-1.amazonaws.com/scoring:2.0\",\"ImageDigest\":\"" + digest(i)
                    + "\",\"ModelDataUrl\":\"s3://models/group-" + g + "/" + n + "/model.tar.gz\",\"Framework\":\"PYTORCH\","
                    + "\"FrameworkVersion\":\"2.3\"}],\"SupportedContentTypes\":[\"application/json\"],"
                    + "\"SupportedResponseMIMETypes\":[\"application/json\"]},\"ModelPackageStatus\":\"Completed\","
                    + "\"ModelApprovalStatus\":\"" + (n % 3 == 0 ? "PendingManualApproval" : "Approved") + "\",\"CreatedBy\":{"
                    + "\"UserProfileName\":\"ana-ruiz\",\"DomainId\":\"d-abc\"},\"MetadataProperties\":{\"CommitId\":\"a1b2c3d\","
                    + "\"Repository\":\"https://github.com/acme/scoring\"},\"CertifyForMarketplace\":false}";
        }

        interface Item {
            void write(StringBuilder out, int i);
        }

        private static String page(String field, int from, int max, int total, Item item) {
            StringBuilder out = new StringBuilder(max * 300).append("{\"").append(field).append("\":[");
            int to = Math.min(total, from + max);
            for (int i = from; i < to; i++) {
                out.append(i > from ? "," : "");
                item.write(out, i);
            }
            out.append(']');
            if (to < total) {
                out.append(",\"NextToken\":\"").append(to).append('"');
            }
            return out.append('}').toString();
        }

        private static MockResponse answer(int code, String body) {
            return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/x-amz-json-1.1")
                    .setHeader("x-amzn-RequestId", "c0ffee00-0000-4000-8000-000000000001").body(body).build();
        }
    }
}
