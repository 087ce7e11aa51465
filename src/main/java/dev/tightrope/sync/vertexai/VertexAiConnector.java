package dev.tightrope.sync.vertexai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.BoundedRead;
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
import dev.tightrope.sync.gcp.ServiceAccountJwt;
import dev.tightrope.sync.gcp.ServiceAccountToken;
import dev.tightrope.sync.http.HttpSettings;
import dev.tightrope.sync.http.JsonApi;
import dev.tightrope.sync.http.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import okhttp3.HttpUrl;

/**
 * Google Vertex AI, live over its v1 REST API for one project and location, or offline from
 * saved {@code gcloud ai … --format=json} output. The listings cannot be filtered on update time,
 * so every sync reads everything (a full sync: what is no longer listed goes gone): the models and
 * each one's versions, the endpoints, the datasets, the training pipelines and the custom jobs.
 */
public final class VertexAiConnector implements Connector {

    static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    static final String KEY_FILE = "key-file";
    static final String TOKEN = "token";
    static final String CREDENTIALS_VARIABLE = "GOOGLE_APPLICATION_CREDENTIALS";
    static final String TOKEN_VARIABLE = "GOOGLE_OAUTH_ACCESS_TOKEN";
    /** A service-account key file is about 2.3 KB. */
    static final int MAX_KEY_FILE_BYTES = 64 * 1024;

    private final SourceConfig config;
    private final Map<String, String> env;
    private final RetryPolicy retry;
    private final Clock clock;
    private final Path path;

    private VertexAiConnector(SourceConfig config, Map<String, String> env, RetryPolicy retry, Clock clock, Path path) {
        this.config = config;
        this.env = env;
        this.retry = retry;
        this.clock = clock;
        this.path = path;
    }

    /** The factory reading default credentials from this process's environment. */
    public static ConnectorFactory factory() {
        return factory(System.getenv(), RetryPolicy.standard(), Clock.systemUTC());
    }

    /** The factory with its own environment (for {@code GOOGLE_APPLICATION_CREDENTIALS} and {@code GOOGLE_OAUTH_ACCESS_TOKEN}), retry policy and clock (tests). */
    public static ConnectorFactory factory(Map<String, String> env, RetryPolicy retry, Clock clock) {
        return new VertexAiConnectorFactory(env, retry, clock);
    }

    /** Checks the settings and creates the connector. */
    static VertexAiConnector create(SourceConfig config, Map<String, String> env, RetryPolicy retry, Clock clock) {
        String path = config.setting("path");
        if (path != null) {
            for (String live : List.of("project", "location", HttpSettings.URL, KEY_FILE, TOKEN)) {
                if (config.setting(live) != null) {
                    throw new IllegalArgumentException("a vertexai source reads either --set path=DIR (saved gcloud ai … --format=json output)"
                            + " or the live API (--set project=…, location, url, key-file, token), not both");
                }
            }
            return new VertexAiConnector(config, env, retry, clock, Path.of(path));
        }
        String project = config.setting("project");
        String location = config.setting("location");
        if (project == null || location == null) {
            throw new IllegalArgumentException("a vertexai source needs --set project=PROJECT and --set location=LOCATION (e.g. europe-west4),"
                    + " or --set path=DIR (saved gcloud ai … --format=json output)");
        }
        if (!project.strip().matches("(?:[a-z][a-z0-9.-]{0,62}:)?[a-z][a-z0-9-]{4,28}[a-z0-9]|\\d{1,20}")) {
            throw new IllegalArgumentException("project must be a Google Cloud project id such as kestrel-support (or its number): '" + project + "'");
        }
        if (!location.strip().matches("[a-z]+(?:-[a-z]+)*\\d*")) {
            throw new IllegalArgumentException("location must be a Google Cloud region such as europe-west4 or us-central1: '" + location + "'");
        }
        if (config.setting(HttpSettings.URL) != null) {
            HttpSettings.parseBase(config.setting(HttpSettings.URL).strip());
        }
        if (config.setting(KEY_FILE) != null && config.setting(TOKEN) != null) {
            throw new IllegalArgumentException("a vertexai source authenticates with either key-file (a service-account key) or token"
                    + " (an environment variable holding an access token), not both");
        }
        if (config.setting(TOKEN) != null && !config.setting(TOKEN).strip().matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
            throw new IllegalArgumentException("token names the environment variable holding the access token (e.g. GOOGLE_OAUTH_ACCESS_TOKEN),"
                    + " never the token itself");
        }
        return new VertexAiConnector(config, env, retry, clock, null);
    }

    @Override
    public SyncResult sync(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        return path != null ? syncFiles(context, sink) : syncLive(context, sink);
    }

    /** Test connection: one authenticated page of one model. */
    @Override
    public String check(SyncContext context) throws ConnectorException, InterruptedException {
        if (path != null) {
            return Connector.super.check(context);
        }
        VertexAiClient.Credential credential = credential(context);
        VertexAiClient client = connect(credential);
        JsonNode page = client.page(client.collection("models"), 1, "aiplatform.models.list");
        JsonNode first = page.path("models").path(0);
        return "Vertex AI at " + client.where() + " answered to " + credential.origin()
                + (first.isMissingNode() ? "; it lists no models" : "; the first model is " + first.path("displayName").asText(first.path("name").asText("?")));
    }

    private VertexAiClient connect(VertexAiClient.Credential credential) {
        String location = config.setting("location").strip();
        String url = config.setting(HttpSettings.URL);
        HttpUrl base = url != null ? HttpSettings.parseBase(url.strip())
                : HttpUrl.get(location.equals("global") ? "https://aiplatform.googleapis.com/" : "https://" + location + "-aiplatform.googleapis.com/");
        return new VertexAiClient(base, config.setting("project").strip(), location, credential, HttpSettings.client(config), retry);
    }

    /**
     * The credential, in this order: the {@code token} setting's variable, the {@code key-file}
     * setting, {@code GOOGLE_APPLICATION_CREDENTIALS}, {@code GOOGLE_OAUTH_ACCESS_TOKEN}.
     */
    private VertexAiClient.Credential credential(SyncContext context) throws ConnectorException {
        String where = config.name();
        String tokenName = config.setting(TOKEN);
        if (tokenName != null) {
            return bearer(context.secret(tokenName.strip()), tokenName.strip(), where);
        }
        String keyFile = config.setting(KEY_FILE) != null ? config.setting(KEY_FILE).strip() : env.get(CREDENTIALS_VARIABLE);
        if (keyFile != null && !keyFile.isBlank()) {
            String origin = config.setting(KEY_FILE) != null ? "key file " + keyFile : CREDENTIALS_VARIABLE + "=" + keyFile;
            ServiceAccountJwt account = ServiceAccountJwt.fromJson(readKey(Path.of(keyFile.strip()), origin), keyFile);
            ServiceAccountToken tokens = new ServiceAccountToken(account, SCOPE, HttpSettings.client(config), clock);
            return new VertexAiClient.Credential() {
                @Override
                public String accessToken() throws ConnectorException {
                    return tokens.accessToken();
                }

                @Override
                public String origin() {
                    return "the service account " + account.clientEmail() + " (" + origin + ")";
                }

                @Override
                public String whenRefused() {
                    return "its key may have been deleted or the account disabled";
                }
            };
        }
        if (env.get(TOKEN_VARIABLE) != null && !env.get(TOKEN_VARIABLE).isBlank()) {
            return bearer(env.get(TOKEN_VARIABLE), TOKEN_VARIABLE, where);
        }
        throw new ConnectorException(where, "no Google credentials: set --set key-file=KEY.json (a service-account key) or "
                + CREDENTIALS_VARIABLE + ", or --set token=VARIABLE naming an environment variable that holds an access token"
                + " (gcloud auth print-access-token), by default " + TOKEN_VARIABLE);
    }

    private static VertexAiClient.Credential bearer(String token, String variable, String where) throws ConnectorException {
        if (token == null || token.isBlank()) {
            throw new ConnectorException(where, "the access token's variable " + variable + " is not set (an environment variable or a line in credentials.properties)");
        }
        String t = token.strip();
        if (t.indexOf('\n') >= 0 || t.indexOf('\r') >= 0 || t.contains(" ")) {
            throw new ConnectorException(where, "the access token in " + variable + " must be one word (what gcloud auth print-access-token prints)");
        }
        return new VertexAiClient.Credential() {
            @Override
            public String accessToken() {
                return t;
            }

            @Override
            public String origin() {
                return "the access token in " + variable;
            }

            @Override
            public String whenRefused() {
                return "it has expired or is not valid (an access token lasts an hour): put a new one there (gcloud auth print-access-token)";
            }
        };
    }

    private static byte[] readKey(Path file, String origin) throws ConnectorException {
        try (InputStream in = Files.newInputStream(file)) {
            return BoundedRead.readAtMost(in, MAX_KEY_FILE_BYTES);
        } catch (BoundedRead.TooLargeException e) {
            throw new ConnectorException(origin, "the service-account key file is " + e.getMessage());
        } catch (IOException e) {
            throw new ConnectorException(origin, "cannot read the service-account key file: " + (Files.exists(file) ? e.getClass().getSimpleName() : "it does not exist"));
        }
    }

    private SyncResult syncLive(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        VertexAiClient client = connect(credential(context));
        VertexAiMapper mapper = new VertexAiMapper(sink, client.where());
        long[] done = {0};

        List<String> modelIds = new ArrayList<>();
        Map<String, JsonNode> versions = new LinkedHashMap<>();
        client.list(client.collection("models"), "models", "aiplatform.models.list", items -> {
            for (JsonNode m : items) {
                Matcher name = VertexAiMapper.resource(VertexAiMapper.text(m, "name"), "models");
                if (name == null) {
                    sink.problem(new Problem(client.where() + "/models", "a model without a valid name"));
                    continue;
                }
                modelIds.add(name.group(3));
                versions.put(key(m, name), m);
            }
            context.progress(modelIds.size(), -1, "listing models");
        });
        for (String id : modelIds) {
            context.checkCancelled();
            try {
                client.list(client.collection("models", id + ":listVersions"), "models", "aiplatform.models.list", items -> {
                    for (JsonNode v : items) {
                        Matcher name = VertexAiMapper.resource(VertexAiMapper.text(v, "name"), "models");
                        if (name != null) {
                            versions.put(key(v, name), v);
                        }
                    }
                });
            } catch (JsonApi.UnreadableAnswer gone) {
                if (gone.status() != 404) {
                    throw gone;
                }
                // deleted since it was listed: its listed default version is all there is to say
                sink.problem(new Problem(gone.location(), "the versions of model " + id + " could not be listed: " + gone.getMessage()));
            }
            context.progress(++done[0], modelIds.size(), "listing model versions");
        }
        mapper.models(versions.values());

        client.list(client.collection("endpoints"), "endpoints", "aiplatform.endpoints.list",
                items -> items.forEach(e -> SavedAnswers.emit(() -> mapper.endpoint(e), client.where() + "/endpoints", sink)));
        client.list(client.collection("datasets"), "datasets", "aiplatform.datasets.list",
                items -> items.forEach(d -> SavedAnswers.emit(() -> mapper.dataset(d), client.where() + "/datasets", sink)));
        client.list(client.collection("trainingPipelines"), "trainingPipelines", "aiplatform.trainingPipelines.list",
                items -> items.forEach(p -> SavedAnswers.emit(() -> mapper.trainingPipeline(p), client.where() + "/trainingPipelines", sink)));
        client.list(client.collection("customJobs"), "customJobs", "aiplatform.customJobs.list",
                items -> items.forEach(j -> SavedAnswers.emit(() -> mapper.customJob(j), client.where() + "/customJobs", sink)));
        context.progress(done[0], done[0], "read " + modelIds.size() + " models and " + versions.size() + " versions");
        return SyncResult.full(null);
    }

    /** A version's key: {@code name@versionId} (a listing's name may carry the version already). */
    private static String key(JsonNode model, Matcher name) {
        String version = VertexAiMapper.text(model, "versionId");
        return name.group(1) + "/models/" + name.group(3) + "@" + (version != null ? version : name.group(4));
    }

    /**
     * Offline: every {@code *.json} in the folder is one saved listing, known by its content (see
     * {@link VertexAiExport}). A file that cannot be read or recognised is a problem; the others
     * are imported, and then nothing is taken as deleted (the sync is not full).
     */
    private SyncResult syncFiles(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        List<Path> files = SavedAnswers.jsonFiles(path, "a Vertex AI export is a directory of gcloud ai … --format=json output",
                "no saved listings: expected *.json files (gcloud ai models list --region=L --format=json > models.json)");
        VertexAiExport export = new VertexAiExport();
        boolean complete = SavedAnswers.readAll(context, files, UntrustedJson.withLimits(VertexAiClient.LIMITS), VertexAiClient.MAX_BYTES, sink, export::add);
        VertexAiMapper mapper = new VertexAiMapper(sink, path.toString());
        String where = path.toString();
        mapper.models(export.models().values());
        export.endpoints().values().forEach(e -> SavedAnswers.emit(() -> mapper.endpoint(e), where, sink));
        export.datasets().values().forEach(d -> SavedAnswers.emit(() -> mapper.dataset(d), where, sink));
        export.trainingPipelines().values().forEach(p -> SavedAnswers.emit(() -> mapper.trainingPipeline(p), where, sink));
        export.customJobs().values().forEach(j -> SavedAnswers.emit(() -> mapper.customJob(j), where, sink));
        context.progress(files.size(), files.size(), "read " + files.size() + (files.size() == 1 ? " file" : " files"));
        return complete ? SyncResult.full(null) : SyncResult.incremental(null);
    }
}
