package dev.tightrope.sync.azureml;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.tightrope.sync.azure.AzureClientCredentials;
import dev.tightrope.sync.http.HttpSettings;
import dev.tightrope.sync.http.JsonApi;
import dev.tightrope.sync.http.RetryPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Azure Machine Learning, live over Azure Resource Manager (api-version {@value AzureMlClient#API_VERSION})
 * or offline from saved {@code az ml … -o json} output. The lists cannot filter on modification
 * time, so every sync reads everything: registered models and their versions, data assets and
 * their versions, jobs, online endpoints with their deployments, and the environment versions
 * those deployments run (for their image).
 *
 * <p>Credentials, the way Azure's own tools take them from the environment: a service principal
 * (tenant, client id, and the secret in an environment variable, by default those of azure-identity's
 * {@code EnvironmentCredential}) exchanged for a token by {@link AzureClientCredentials}, or a bearer
 * token in an environment variable ({@code az account get-access-token}). Tokens live in memory only.
 */
public final class AzureMlConnector implements Connector {

    static final String DEFAULT_URL = "https://management.azure.com";
    static final String TENANT_ENV = "AZURE_TENANT_ID";
    static final String CLIENT_ID_ENV = "AZURE_CLIENT_ID";
    static final String CLIENT_SECRET_ENV = "AZURE_CLIENT_SECRET";
    static final String TOKEN_ENV = "AZURE_ACCESS_TOKEN";

    private final SourceConfig config;
    private final Function<String, String> environment;
    private final String authority;
    private final RetryPolicy retry;
    private final Clock clock;
    private final Path path;

    private AzureMlConnector(SourceConfig config, Function<String, String> environment, String authority, RetryPolicy retry, Clock clock, Path path) {
        this.config = config;
        this.environment = environment;
        this.authority = authority;
        this.retry = retry;
        this.clock = clock;
        this.path = path;
    }

    /** The factory reading default credentials from this process's environment, tokens from Microsoft Entra ID. */
    public static ConnectorFactory factory() {
        return factory(System::getenv, AzureClientCredentials.PUBLIC_CLOUD_AUTHORITY, RetryPolicy.standard(), Clock.systemUTC());
    }

    /** The factory with its own environment (for the default variables), token authority, retry policy and clock (tests). */
    public static ConnectorFactory factory(Function<String, String> environment, String authority, RetryPolicy retry, Clock clock) {
        return new AzureMlConnectorFactory(environment, authority, retry, clock);
    }

    /** Checks the settings and creates the connector. */
    static AzureMlConnector create(SourceConfig config, Function<String, String> environment, String authority, RetryPolicy retry, Clock clock) {
        String path = config.setting("path");
        List<String> live = List.of("subscription", "resource-group", "workspace", HttpSettings.URL, "tenant", "client-id", "client-secret", "token");
        if (path != null) {
            if (live.stream().anyMatch(k -> config.setting(k) != null)) {
                throw new IllegalArgumentException("an azureml source reads either --set path=DIR (saved az ml output) or the live API"
                        + " (subscription, resource-group, workspace, credentials), not both");
            }
            return new AzureMlConnector(config, environment, authority, retry, clock, Path.of(path));
        }
        for (String key : List.of("subscription", "resource-group", "workspace")) {
            if (config.setting(key) == null) {
                throw new IllegalArgumentException("an azureml source needs --subscription S --resource-group G --workspace W (the workspace's"
                        + " ARM coordinates), or --set path=DIR (saved az ml output); " + key + " is missing");
            }
        }
        check("subscription", "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}", "a subscription id (a GUID)", config);
        check("resource-group", "[-\\w._()]{0,89}[-\\w_()]", "a resource group name (letters, digits, - _ . ( ), up to 90)", config);
        check("workspace", "[A-Za-z0-9][A-Za-z0-9_-]{2,32}", "a workspace name (3 to 33 letters, digits, - _)", config);
        for (String secret : List.of("client-secret", "token")) {
            String name = config.setting(secret);
            if (name != null && !name.strip().matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
                throw new IllegalArgumentException(secret + " names the environment variable that holds it (e.g. " + (secret.equals("token")
                        ? TOKEN_ENV : CLIENT_SECRET_ENV) + "), not the value itself");
            }
        }
        HttpSettings.baseUrl(config, DEFAULT_URL);
        return new AzureMlConnector(config, environment, authority, retry, clock, null);
    }

    private static void check(String key, String pattern, String what, SourceConfig config) {
        if (!config.setting(key).strip().matches(pattern)) {
            throw new IllegalArgumentException(key + " must be " + what + ": '" + config.setting(key) + "'");
        }
    }

    @Override
    public SyncResult sync(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        return path != null ? syncFiles(context, sink) : syncLive(context, sink);
    }

    /** Test connection: one GET of the workspace's first registered model. */
    @Override
    public String check(SyncContext context) throws ConnectorException, InterruptedException {
        if (path != null) {
            return Connector.super.check(context);
        }
        Connection c = connect(context);
        JsonNode page = c.client().get(c.client().url("models").newBuilder().addQueryParameter("$top", "1").build(), "models/read");
        JsonNode first = page.path("value").path(0);
        return "Azure Machine Learning workspace " + c.workspace().workspace() + " answered to " + c.tokens().origin()
                + (first.isMissingNode() ? "; it has no registered models" : "; the first registered model is " + first.path("name").asText("?"));
    }

    private record Connection(AzureMlClient client, ArmId workspace, AzureMlClient.Tokens tokens) {
    }

    private Connection connect(SyncContext context) throws ConnectorException {
        ArmId workspace = ArmId.parse("/subscriptions/" + config.setting("subscription").strip() + "/resourceGroups/"
                + config.setting("resource-group").strip() + "/providers/Microsoft.MachineLearningServices/workspaces/" + config.setting("workspace").strip());
        OkHttpClient http = HttpSettings.client(config);
        AzureMlClient.Tokens tokens = tokens(context, http);
        return new Connection(new AzureMlClient(HttpSettings.baseUrl(config, DEFAULT_URL), workspace, tokens, http, retry), workspace, tokens);
    }

    /**
     * The token setting's variable if set; else a service principal (settings or AZURE_TENANT_ID,
     * AZURE_CLIENT_ID, and the secret's variable, AZURE_CLIENT_SECRET by default); else AZURE_ACCESS_TOKEN.
     */
    private AzureMlClient.Tokens tokens(SyncContext context, OkHttpClient http) throws ConnectorException {
        String where = config.setting(HttpSettings.URL) == null ? DEFAULT_URL : config.setting(HttpSettings.URL).strip();
        String tokenName = config.setting("token");
        if (tokenName != null) {
            return fixed(tokenName.strip(), context.secret(tokenName.strip()), where);
        }
        String tenant = config.setting("tenant") != null ? config.setting("tenant").strip() : environment.apply(TENANT_ENV);
        String clientId = config.setting("client-id") != null ? config.setting("client-id").strip() : environment.apply(CLIENT_ID_ENV);
        String secretName = config.setting("client-secret") == null ? CLIENT_SECRET_ENV : config.setting("client-secret").strip();
        String secret = config.setting("client-secret") == null ? environment.apply(CLIENT_SECRET_ENV) : context.secret(secretName);
        if (tenant != null && clientId != null && secret != null) {
            AzureClientCredentials credentials;
            try {
                credentials = new AzureClientCredentials(authority, tenant.strip(), clientId.strip(), secret, http, clock);
            } catch (IllegalArgumentException e) {
                throw new ConnectorException(where, e.getMessage());
            }
            String origin = "client " + clientId.strip() + " in tenant " + tenant.strip() + " (secret in " + secretName + ")";
            return new AzureMlClient.Tokens() {
                @Override
                public String token() throws ConnectorException {
                    return credentials.accessToken();
                }

                @Override
                public boolean renew() {
                    credentials.invalidate();
                    return true;
                }

                @Override
                public String origin() {
                    return origin;
                }
            };
        }
        if (config.setting("tenant") == null && config.setting("client-id") == null && config.setting("client-secret") == null) {
            String token = environment.apply(TOKEN_ENV);
            if (token != null) {
                return fixed(TOKEN_ENV, token, where);
            }
        }
        List<String> missing = new ArrayList<>();
        if (tenant == null) {
            missing.add("the tenant (--set tenant=… or " + TENANT_ENV + ")");
        }
        if (clientId == null) {
            missing.add("the client id (--set client-id=… or " + CLIENT_ID_ENV + ")");
        }
        if (secret == null) {
            missing.add("the client secret (in the environment variable " + secretName + ")");
        }
        throw new ConnectorException(where, "no Azure credentials: missing " + String.join(", ", missing) + "; or give a bearer token in "
                + TOKEN_ENV + " or the variable --set token=NAME names (az account get-access-token --resource https://management.azure.com)");
    }

    private static AzureMlClient.Tokens fixed(String name, String token, String where) throws ConnectorException {
        if (token == null || token.isBlank() || token.strip().indexOf('\n') >= 0 || token.strip().indexOf('\r') >= 0) {
            throw new ConnectorException(where, "the environment variable " + name + " holds no bearer token (one line)");
        }
        String value = token.strip();
        String origin = "the bearer token in " + name;
        return new AzureMlClient.Tokens() {
            @Override
            public String token() {
                return value;
            }

            @Override
            public boolean renew() {
                return false;
            }

            @Override
            public String origin() {
                return origin;
            }
        };
    }

    private SyncResult syncLive(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        Connection c = connect(context);
        AzureMlClient client = c.client();
        long[] done = {0};
        List<JsonNode> models = new ArrayList<>();
        client.list(client.url("models").newBuilder().addQueryParameter("listViewType", "All").build(), "models/read", models::add);
        List<JsonNode> modelVersions = new ArrayList<>();
        for (JsonNode m : models) {
            context.checkCancelled();
            String name = AzureMlMapper.text(m, "name");
            if (name == null) {
                continue;
            }
            versions(client, client.url("models", name, "versions").newBuilder().addQueryParameter("listViewType", "All").build(), "models/versions/read",
                    modelVersions, sink);
            context.progress(++done[0], -1, "reading model versions");
        }
        List<JsonNode> data = new ArrayList<>();
        client.list(client.url("data").newBuilder().addQueryParameter("listViewType", "All").build(), "data/read", data::add);
        List<JsonNode> dataVersions = new ArrayList<>();
        for (JsonNode d : data) {
            context.checkCancelled();
            String name = AzureMlMapper.text(d, "name");
            if (name != null) {
                versions(client, client.url("data", name, "versions").newBuilder().addQueryParameter("listViewType", "All").build(), "data/versions/read",
                        dataVersions, sink);
            }
            context.progress(++done[0], -1, "reading data asset versions");
        }
        List<JsonNode> jobs = new ArrayList<>();
        client.list(client.url("jobs").newBuilder().addQueryParameter("listViewType", "All").build(), "jobs/read", jobs::add);
        Map<JsonNode, List<JsonNode>> endpoints = new LinkedHashMap<>();
        client.list(client.url("onlineEndpoints"), "onlineEndpoints/read", e -> endpoints.put(e, new ArrayList<>()));
        Map<String, String> images = new HashMap<>();
        for (Map.Entry<JsonNode, List<JsonNode>> e : endpoints.entrySet()) {
            context.checkCancelled();
            String name = AzureMlMapper.text(e.getKey(), "name");
            if (name == null) {
                continue;
            }
            versions(client, client.url("onlineEndpoints", name, "deployments"), "onlineEndpoints/deployments/read", e.getValue(), sink);
            for (JsonNode d : e.getValue()) {
                readImage(client, d, images, sink);
            }
            context.progress(++done[0], -1, "reading online endpoints");
        }

        Map<String, String> latest = new HashMap<>();
        for (List<JsonNode> containers : List.of(models, data)) {
            for (JsonNode container : containers) {
                ArmId id = ArmId.parse(AzureMlMapper.text(container, "id"));
                String version = AzureMlMapper.text(container.path("properties"), "latestVersion");
                if (id != null && version != null) {
                    latest.put(id.canonical(), version);
                }
            }
        }
        AzureMlMapper mapper = new AzureMlMapper(sink, images, latest);
        String where = JsonApi.where(client.url());
        models.forEach(m -> SavedAnswers.emit(() -> mapper.model(m), where, sink));
        modelVersions.forEach(v -> SavedAnswers.emit(() -> mapper.modelVersion(v), where, sink));
        data.forEach(d -> SavedAnswers.emit(() -> mapper.data(d), where, sink));
        dataVersions.forEach(v -> SavedAnswers.emit(() -> mapper.dataVersion(v), where, sink));
        jobs.forEach(j -> SavedAnswers.emit(() -> mapper.job(j), where, sink));
        endpoints.forEach((e, deployments) -> SavedAnswers.emit(() -> mapper.endpoint(e, deployments), where, sink));
        context.progress(done[0], done[0], "read " + models.size() + " models with " + modelVersions.size() + " versions, " + data.size()
                + " data assets, " + jobs.size() + " jobs and " + endpoints.size() + " online endpoints");
        return SyncResult.full(null);
    }

    /** A container's versions (or an endpoint's deployments); a container deleted since it was listed is that record's problem. */
    private static void versions(AzureMlClient client, HttpUrl url, String action, List<JsonNode> into, RecordSink sink)
            throws ConnectorException, InterruptedException {
        try {
            client.list(url, action, into::add);
        } catch (JsonApi.UnreadableAnswer gone) {
            if (gone.status() != 404) {
                throw gone;
            }
            sink.problem(new Problem(gone.location(), gone.getMessage()));
        }
    }

    /** The image of the environment version a deployment runs, read once per environment; a registry's curated environment is not read. */
    private static void readImage(AzureMlClient client, JsonNode deployment, Map<String, String> images, RecordSink sink)
            throws ConnectorException, InterruptedException {
        ArmId deploymentId = ArmId.parse(AzureMlMapper.text(deployment, "id"));
        String ref = AzureMlMapper.text(deployment.path("properties"), "environmentId");
        if (deploymentId == null || ref == null) {
            return;
        }
        ArmId env = ArmId.parse(AzureMlMapper.environmentKey(ref, deploymentId));
        if (env == null || !env.is("environments", "versions") || images.containsKey(env.canonical())) {
            return;
        }
        try {
            String image = AzureMlMapper.text(client.get(client.resource(env), "environments/versions/read").path("properties"), "image");
            if (image != null) {
                images.put(env.canonical(), image);
            }
        } catch (JsonApi.UnreadableAnswer gone) {
            sink.problem(new Problem(gone.location(), "the environment of " + deploymentId.name(0) + "/" + deploymentId.name(1) + ": " + gone.getMessage()));
        }
    }

    /**
     * Offline: every {@code *.json} in the folder is one saved answer ({@code az ml model list -o json}
     * and the like, or a REST answer), known by its content; see {@link AzureMlExport}. A file that
     * cannot be used is a problem, and then nothing this source had before is marked gone.
     */
    private SyncResult syncFiles(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        List<Path> files = SavedAnswers.jsonFiles(path, "an Azure ML export is a directory of az ml answers",
                "no saved answers: expected *.json files (az ml model list -o json, …)");
        AzureMlExport export = new AzureMlExport();
        boolean complete = SavedAnswers.readAll(context, files, UntrustedJson.withLimits(AzureMlClient.LIMITS), AzureMlClient.MAX_BYTES, sink, export::add);
        AzureMlMapper mapper = new AzureMlMapper(sink, export.environmentImages, export.latestVersions());
        String where = path.toString();
        export.models.values().forEach(m -> SavedAnswers.emit(() -> mapper.model(m), where, sink));
        export.modelVersions.values().forEach(v -> SavedAnswers.emit(() -> mapper.modelVersion(v), where, sink));
        export.data.values().forEach(d -> SavedAnswers.emit(() -> mapper.data(d), where, sink));
        export.dataVersions.values().forEach(v -> SavedAnswers.emit(() -> mapper.dataVersion(v), where, sink));
        export.jobs.values().forEach(j -> SavedAnswers.emit(() -> mapper.job(j), where, sink));
        export.endpoints.forEach((id, e) -> SavedAnswers.emit(() -> mapper.endpoint(e, export.deployments.getOrDefault(id, List.of())), where, sink));
        context.progress(files.size(), files.size(), "read " + files.size() + (files.size() == 1 ? " file" : " files"));
        return complete ? SyncResult.full(null) : SyncResult.incremental(null);
    }
}
