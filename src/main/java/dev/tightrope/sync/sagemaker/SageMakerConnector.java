package dev.tightrope.sync.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.base.UntrustedJson;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.port.RecordSink;
import dev.tightrope.sync.Connector;
import dev.tightrope.sync.ConnectorException;
import dev.tightrope.sync.ConnectorFactory;
import dev.tightrope.sync.SavedAnswers;
import dev.tightrope.sync.SyncContext;
import dev.tightrope.sync.SyncResult;
import dev.tightrope.sync.aws.AwsCredentialsSource;
import dev.tightrope.sync.aws.SigV4;
import dev.tightrope.sync.aws.SigV4Interceptor;
import dev.tightrope.sync.http.HttpSettings;
import dev.tightrope.sync.http.RetryPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Amazon SageMaker, live over its JSON 1.1 API or offline from the AWS CLI's JSON output. The
 * List operations cannot filter on modification time, so every sync reads everything (a full sync:
 * what is no longer listed goes gone): the model package groups and their versions (versioned and
 * not), the endpoints with their configs and models, the training jobs, and the tags of each.
 */
public final class SageMakerConnector implements Connector {

    static final int PAGE_SIZE = 100;

    private final SourceConfig config;
    private final AwsCredentialsSource credentials;
    private final RetryPolicy retry;
    private final Clock clock;
    private final Path path;

    private SageMakerConnector(SourceConfig config, AwsCredentialsSource credentials, RetryPolicy retry, Clock clock, Path path) {
        this.config = config;
        this.credentials = credentials;
        this.retry = retry;
        this.clock = clock;
        this.path = path;
    }

    /** The factory reading credentials from this process's environment and the user's {@code ~/.aws}. */
    public static ConnectorFactory factory() {
        return factory(new AwsCredentialsSource(System.getenv(), Path.of(System.getProperty("user.home"))), RetryPolicy.standard(), Clock.systemUTC());
    }

    /** The factory with its own credentials source, retry policy and clock (tests). */
    public static ConnectorFactory factory(AwsCredentialsSource credentials, RetryPolicy retry, Clock clock) {
        return new SageMakerConnectorFactory(credentials, retry, clock);
    }

    /** Checks the settings and creates the connector. */
    static SageMakerConnector create(SourceConfig config, AwsCredentialsSource credentials, RetryPolicy retry, Clock clock) {
        String path = config.setting("path");
        String region = config.setting("region");
        String url = config.setting(HttpSettings.URL);
        if (path != null) {
            if (url != null || region != null || config.setting("profile") != null) {
                throw new IllegalArgumentException("a sagemaker source reads either --set path=DIR (saved AWS CLI output) or the live API"
                        + " (--set region=…, profile, url), not both");
            }
            return new SageMakerConnector(config, null, null, null, Path.of(path));
        }
        if (region == null && url == null) {
            throw new IllegalArgumentException("a sagemaker source needs --set region=REGION (e.g. us-east-1), --set url=ENDPOINT,"
                    + " or --set path=DIR (saved AWS CLI output)");
        }
        if (region != null && !region.strip().matches("[a-z]{2}(-[a-z]+)+-\\d{1,2}")) {
            throw new IllegalArgumentException("region must be an AWS region such as us-east-1: '" + region + "'");
        }
        if (url != null) {
            HttpSettings.parseBase(url.strip());
        }
        String profile = config.setting("profile");
        if (profile != null && !profile.strip().matches("[A-Za-z0-9._@+-]{1,64}")) {
            throw new IllegalArgumentException("profile must be an AWS profile name (letters, digits, . _ @ + -): '" + profile + "'");
        }
        return new SageMakerConnector(config, credentials, retry, clock, null);
    }

    @Override
    public SyncResult sync(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        return path != null ? syncFiles(context, sink) : syncLive(context, sink);
    }

    /** Test connection: one signed ListModelPackageGroups. */
    @Override
    public String check(SyncContext context) throws ConnectorException, InterruptedException {
        if (path != null) {
            return Connector.super.check(context);
        }
        SageMakerClient client = connect();
        JsonNode page = client.call("ListModelPackageGroups", object().put("MaxResults", 1));
        return "SageMaker at " + client.where("").strip() + " answered to the credentials"
                + (page.path("ModelPackageGroupSummaryList").isEmpty() ? "; it lists no model package groups"
                : "; the first model package group is " + page.path("ModelPackageGroupSummaryList").get(0).path("ModelPackageGroupName").asText("?"));
    }

    private SageMakerClient connect() throws ConnectorException {
        String profile = config.setting("profile");
        AwsCredentialsSource.Resolved resolved = credentials.resolve(profile == null ? null : profile.strip());
        String region = config.setting("region") != null ? config.setting("region").strip() : resolved.region().orElse(null);
        String url = config.setting(HttpSettings.URL);
        if (region == null) {
            throw new ConnectorException(url, "which region signs the requests? Set --set region=REGION (the profile and AWS_REGION name none)");
        }
        HttpUrl endpoint = url != null ? HttpSettings.parseBase(url.strip())
                : HttpUrl.get("https://api.sagemaker." + region + ".amazonaws.com" + (region.startsWith("cn-") ? ".cn" : "") + "/");
        OkHttpClient http = HttpSettings.client(config).newBuilder()
                .addInterceptor(new SigV4Interceptor(new SigV4(region, "sagemaker"), resolved::credentials, clock)).build();
        return new SageMakerClient(endpoint, http, retry, resolved.origin());
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    private SyncResult syncLive(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        SageMakerClient client = connect();
        Map<String, List<Map.Entry<String, String>>> tags = new HashMap<>();
        SageMakerMapper mapper = new SageMakerMapper(sink, tags);
        long[] done = {0};

        List<String> groups = new ArrayList<>();
        client.list("ListModelPackageGroups", object().put("MaxResults", PAGE_SIZE), "ModelPackageGroupSummaryList", items -> {
            for (JsonNode g : items) {
                String name = SageMakerMapper.text(g, "ModelPackageGroupName");
                if (name == null) {
                    sink.problem(new Problem(client.where("ListModelPackageGroups"), "a model package group without ModelPackageGroupName"));
                    continue;
                }
                groups.add(name);
            }
        });
        for (String group : groups) {
            context.checkCancelled();
            JsonNode described = describe(client, "DescribeModelPackageGroup", object().put("ModelPackageGroupName", group), sink);
            if (described != null) {
                readTags(client, described, "ModelPackageGroupArn", tags);
                SavedAnswers.emit(() -> mapper.group(described), client.where("DescribeModelPackageGroup"), sink);
            }
            List<String> packages = new ArrayList<>();
            client.list("ListModelPackages", object().put("ModelPackageGroupName", group).put("ModelPackageType", "Both").put("MaxResults", PAGE_SIZE),
                    "ModelPackageSummaryList", items -> items.forEach(p -> {
                        String arn = SageMakerMapper.text(p, "ModelPackageArn");
                        if (arn != null) {
                            packages.add(arn);
                        }
                    }));
            for (String arn : packages) {
                context.checkCancelled();
                JsonNode p = describe(client, "DescribeModelPackage", object().put("ModelPackageName", arn), sink);
                if (p != null) {
                    readTags(client, p, "ModelPackageArn", tags);
                    SavedAnswers.emit(() -> mapper.modelPackage(p), client.where("DescribeModelPackage"), sink);
                }
                context.progress(++done[0], -1, "reading model package versions");
            }
        }

        Map<String, JsonNode> models = new HashMap<>();
        client.list("ListEndpoints", object().put("MaxResults", PAGE_SIZE), "Endpoints", items -> {
            for (JsonNode summary : items) {
                context.checkCancelled();
                String name = SageMakerMapper.text(summary, "EndpointName");
                JsonNode e = name == null ? null : describe(client, "DescribeEndpoint", object().put("EndpointName", name), sink);
                if (e == null) {
                    continue;
                }
                String configName = SageMakerMapper.text(e, "EndpointConfigName");
                JsonNode config = configName == null ? null
                        : describe(client, "DescribeEndpointConfig", object().put("EndpointConfigName", configName), sink);
                if (config != null) {
                    for (JsonNode v : config.path("ProductionVariants")) {
                        String model = SageMakerMapper.text(v, "ModelName");
                        if (model != null && !models.containsKey(model)) {
                            models.put(model, describe(client, "DescribeModel", object().put("ModelName", model), sink));
                        }
                    }
                }
                readTags(client, e, "EndpointArn", tags);
                SavedAnswers.emit(() -> mapper.endpoint(e, config, models), client.where("DescribeEndpoint"), sink);
                context.progress(++done[0], -1, "reading endpoints");
            }
        });

        client.list("ListTrainingJobs", object().put("MaxResults", PAGE_SIZE), "TrainingJobSummaries", items -> {
            for (JsonNode summary : items) {
                context.checkCancelled();
                String name = SageMakerMapper.text(summary, "TrainingJobName");
                JsonNode t = name == null ? null : describe(client, "DescribeTrainingJob", object().put("TrainingJobName", name), sink);
                if (t != null) {
                    readTags(client, t, "TrainingJobArn", tags);
                    SavedAnswers.emit(() -> mapper.trainingJob(t), client.where("DescribeTrainingJob"), sink);
                }
                context.progress(++done[0], -1, "reading training jobs");
            }
        });
        context.progress(done[0], done[0], "read " + groups.size() + " model package groups and " + done[0] + " versions, endpoints and training jobs");
        return SyncResult.full(null);
    }

    /** A Describe answer, or null (a problem) when the record was deleted since it was listed. */
    private static JsonNode describe(SageMakerClient client, String operation, ObjectNode input, RecordSink sink)
            throws ConnectorException, InterruptedException {
        try {
            return client.call(operation, input);
        } catch (SageMakerClient.NotFound gone) {
            sink.problem(new Problem(gone.location(), input.toString() + ": " + gone.getMessage()));
            return null;
        }
    }

    private static void readTags(SageMakerClient client, JsonNode record, String arnField, Map<String, List<Map.Entry<String, String>>> tags)
            throws ConnectorException, InterruptedException {
        String arn = SageMakerMapper.text(record, arnField);
        if (arn == null) {
            return;
        }
        List<Map.Entry<String, String>> found = new ArrayList<>();
        client.list("ListTags", object().put("ResourceArn", arn).put("MaxResults", PAGE_SIZE), "Tags", items -> items.forEach(t -> {
            String key = SageMakerMapper.text(t, "Key");
            if (key != null) {
                found.add(Map.entry(key, t.path("Value").asText("")));
            }
        }));
        tags.put(arn, found);
    }

    /**
     * Offline: every {@code *.json} in the folder is one answer the AWS CLI printed
     * ({@code aws sagemaker describe-model-package … --output json} and the like), known by its
     * shape; see {@link SageMakerExport}.
     */
    private SyncResult syncFiles(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        List<Path> files = SavedAnswers.jsonFiles(path, "a SageMaker export is a directory of AWS CLI answers", "no AWS CLI answers: expected *.json files (aws sagemaker … --output json)");
        SageMakerExport export = new SageMakerExport(UntrustedJson.withLimits(SageMakerClient.LIMITS));
        int read = 0;
        for (Path file : files) {
            context.checkCancelled();
            context.progress(read++, files.size(), "reading " + file.getFileName());
            export.add(file);
        }
        SageMakerMapper mapper = new SageMakerMapper(sink, export.tags());
        String where = path.toString();
        export.groups().values().forEach(g -> SavedAnswers.emit(() -> mapper.group(g), where, sink));
        export.packages().values().forEach(p -> SavedAnswers.emit(() -> mapper.modelPackage(p), where, sink));
        Map<String, JsonNode> models = new LinkedHashMap<>(export.models());
        export.endpoints().values().forEach(e -> SavedAnswers.emit(() -> mapper.endpoint(e,
                export.configs().get(String.valueOf(SageMakerMapper.text(e, "EndpointConfigName"))), models), where, sink));
        export.trainingJobs().values().forEach(t -> SavedAnswers.emit(() -> mapper.trainingJob(t), where, sink));
        context.progress(files.size(), files.size(), "read " + files.size() + (files.size() == 1 ? " file" : " files"));
        return SyncResult.full(null);
    }
}
