package dev.tightrope.sync.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.JsonLimits;
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
import dev.tightrope.sync.http.HttpSettings;
import dev.tightrope.sync.http.JsonApi;
import dev.tightrope.sync.http.Prefetch;
import dev.tightrope.sync.http.RetryPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * An MLflow tracking server's model registry, live over the REST API 2.0 or offline from saved
 * answers in the same shapes. MLflow's search endpoints cannot filter on
 * {@code last_updated_timestamp} and have no change feed, so every sync reads the whole registry
 * (a full sync: what is no longer listed goes gone); each version's run is read with
 * {@code runs/get}, once per run.
 */
public final class MlflowConnector implements Connector {

    /** Saved answers can be whole pages of 1,000 records: bounded like a live page, with room to spare. */
    static final JsonLimits FILE_LIMITS = new JsonLimits(64, 1024 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER, 64L * 1024 * 1024);
    static final int PAGE_SIZE = 1000;
    /** Experiments per logged-models search: MLflow takes a list; 100 keeps the request small. */
    static final int EXPERIMENTS_PER_SEARCH = 100;
    /** Run ids per {@code runs/search … attributes.run_id IN (…)}: a filter of about 3.5 KB. */
    static final int RUNS_PER_SEARCH = 100;
    /** The offline folders, in the order they are read (versions need their models' aliases; runs their versions). */
    static final List<String> FOLDERS = List.of("registered-models", "model-versions", "runs", "logged-models");
    static final String EXPORT_FILE = "export.json";

    private final HttpUrl base;
    private final String tokenName;
    private final OkHttpClient http;
    private final RetryPolicy retry;
    private final String filter;
    private final List<String> experiments;
    private final Path path;
    private final String host;
    private MlflowClient client;

    private MlflowConnector(HttpUrl base, String tokenName, OkHttpClient http, RetryPolicy retry, String filter, List<String> experiments,
                            Path path, String host) {
        this.base = base;
        this.tokenName = tokenName;
        this.http = http;
        this.retry = retry;
        this.filter = filter;
        this.experiments = experiments;
        this.path = path;
        this.host = host;
    }

    public static ConnectorFactory factory() {
        return factory(RetryPolicy.standard());
    }

    /** The factory with its own retry policy (tests: one that does not sleep). */
    public static ConnectorFactory factory(RetryPolicy retry) {
        return new MlflowConnectorFactory(retry);
    }

    static String hostOf(HttpUrl url) {
        return url.host() + (url.port() == HttpUrl.defaultPort(url.scheme()) ? "" : ":" + url.port());
    }

    @Override
    public SyncResult sync(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        return path != null ? syncFiles(context, sink) : syncLive(context, sink);
    }

    /** Test connection: the first registered model (one authenticated call). */
    @Override
    public String check(SyncContext context) throws ConnectorException, InterruptedException {
        if (path != null) {
            return Connector.super.check(context);
        }
        connect(context);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("max_results", "1");
        if (filter != null) {
            params.put("filter", filter);
        }
        MlflowClient.Page page = client.get("registered-models/search", "registered_models", params, null);
        return "MLflow at " + hostOf(base) + " answered" + (tokenName == null ? "" : " to the token")
                + (page.items().isEmpty() ? "; it shows no registered models" + (filter == null ? "" : " matching the filter")
                : "; the first registered model is " + page.items().get(0).path("name").asText("?"));
    }

    private void connect(SyncContext context) throws ConnectorException {
        String token = null;
        if (tokenName != null) {
            token = context.secret(tokenName);
            if (token == null || token.isBlank()) {
                throw new ConnectorException(JsonApi.where(base), "the token's secret " + tokenName
                        + " is not set (an environment variable or a line in credentials.properties)");
            }
        }
        client = new MlflowClient(base, token == null ? null : token.strip(), http, retry);
    }

    /** What one page of a search does with its records. */
    @FunctionalInterface
    private interface PageHandler {
        void accept(List<JsonNode> items) throws ConnectorException, InterruptedException;
    }

    /** One search endpoint read to its end, by {@code next_page_token}; a token repeated or pages without end fail the sync. */
    private interface PageReader {
        MlflowClient.Page read(String token) throws ConnectorException, InterruptedException;
    }

    private static void paged(PageReader reader, String where, SyncContext context, PageHandler handler)
            throws ConnectorException, InterruptedException {
        Set<String> tokens = new HashSet<>();
        String token = null;
        for (int pages = 0; ; pages++) {
            if (pages >= MlflowClient.MAX_PAGES) {
                throw new ConnectorException(where, "the search did not end after " + MlflowClient.MAX_PAGES + " pages");
            }
            context.checkCancelled();
            MlflowClient.Page page = reader.read(token);
            handler.accept(page.items());
            token = page.nextToken();
            if (token == null) {
                return;
            }
            if (!tokens.add(token)) {
                throw new ConnectorException(where, "the server returned a page token it had returned before: the search would never end");
            }
        }
    }

    private SyncResult syncLive(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        connect(context);
        MlflowMapper mapper = new MlflowMapper(hostOf(base), ui(base));
        String api = JsonApi.where(base) + (JsonApi.where(base).endsWith("/") ? "" : "/") + MlflowClient.API;
        long[] count = new long[1];

        List<String> models = new ArrayList<>();
        Map<String, String> modelParams = new LinkedHashMap<>();
        modelParams.put("max_results", String.valueOf(PAGE_SIZE));
        if (filter != null) {
            modelParams.put("filter", filter);
        }
        String modelsAt = api + "registered-models/search";
        paged(t -> client.get("registered-models/search", "registered_models", modelParams, t), modelsAt, context, items -> {
            for (JsonNode rm : items) {
                if (SavedAnswers.emit(() -> mapper.emitModel(rm, sink), modelsAt, sink)) {
                    models.add(rm.get("name").asText());
                }
            }
            context.progress(models.size(), -1, "listing registered models");
        });

        String versionsAt = api + "model-versions/search";
        PageHandler versions = items -> {
            for (JsonNode mv : items) {
                SavedAnswers.emit(() -> mapper.emitVersion(mv, sink, versionsAt), versionsAt, sink);
            }
            count[0] += items.size();
            context.progress(count[0], -1, "listing model versions");
        };
        if (filter == null) {
            Map<String, String> params = Map.of("max_results", String.valueOf(PAGE_SIZE));
            paged(t -> client.get("model-versions/search", "model_versions", params, t), versionsAt, context, versions);
        } else {
            // the filter chose registered models: their versions, model by model
            for (String name : models) {
                String quoted = quote(name);
                if (quoted == null) {
                    sink.problem(new Problem(versionsAt, "the versions of " + MlflowMapper.abbreviate(name)
                            + " cannot be searched: its name holds both kinds of quote"));
                    continue;
                }
                Map<String, String> params = Map.of("filter", "name=" + quoted, "max_results", String.valueOf(PAGE_SIZE));
                paged(t -> client.get("model-versions/search", "model_versions", params, t), versionsAt, context, versions);
            }
        }

        String runsAt = api + "runs/search";
        for (int i = 0; i < experiments.size(); i += EXPERIMENTS_PER_SEARCH) {
            Map<String, Object> body = Map.of("experiment_ids", experiments.subList(i, Math.min(experiments.size(), i + EXPERIMENTS_PER_SEARCH)),
                    "max_results", PAGE_SIZE);
            paged(t -> client.post("runs/search", "runs", body, t), runsAt, context, items -> {
                for (JsonNode run : items) {
                    SavedAnswers.emit(() -> mapper.emitRun(run, sink), runsAt, sink);
                }
            });
        }

        readRunsInBatches(mapper, api, context, sink);
        List<String> runIds = mapper.runsOfVersions().stream().filter(r -> !mapper.runEmitted(r)).toList();
        int[] done = {0};
        Prefetch.inOrder(runIds, Prefetch.DEFAULT_CONCURRENCY, client::run, (runId, answer) -> {
            context.checkCancelled();
            if (done[0]++ % 100 == 0) {
                context.progress(done[0], runIds.size(), "reading the versions' runs");
            }
            JsonNode run;
            try {
                run = answer.get();
            } catch (JsonApi.UnreadableAnswer e) {
                // a deleted run (RESOURCE_DOES_NOT_EXIST) or an unreadable answer: the version stays, without its run's details
                sink.problem(new Problem(e.location(), "run " + runId + ": " + e.getMessage()));
                return;
            }
            SavedAnswers.emit(() -> mapper.emitRun(run, sink), api + "runs/get", sink);
        });

        Set<String> wanted = mapper.loggedModelsOfVersions();
        List<String> exps = new ArrayList<>(mapper.experimentsOfRuns());
        String loggedAt = api + "logged-models/search";
        for (int i = 0; !wanted.isEmpty() && i < exps.size(); i += EXPERIMENTS_PER_SEARCH) {
            Map<String, Object> body = Map.of("experiment_ids", exps.subList(i, Math.min(exps.size(), i + EXPERIMENTS_PER_SEARCH)),
                    "max_results", 100);
            paged(t -> client.post("logged-models/search", "models", body, t), loggedAt, context, items -> {
                for (JsonNode lm : items) {
                    SavedAnswers.emit(() -> {
                        if (wanted.contains(MlflowMapper.loggedModelId(lm))) {
                            mapper.emitLoggedModel(lm, sink);
                        }
                    }, loggedAt, sink);
                }
            });
        }
        context.progress(count[0], count[0], "read " + models.size() + " registered models and " + count[0] + " versions");
        return SyncResult.full(null);
    }

    /**
     * The versions' runs, a hundred a request: {@code runs/search} in the experiment the version's
     * source names, filtered by {@code attributes.run_id IN (…)}, instead of a {@code runs/get} per
     * version. A run a search did not return (its source named no experiment, or another one) is
     * read on its own afterwards; a server that refuses the filter (MLflow before 2.x) is read run
     * by run from then on.
     */
    private void readRunsInBatches(MlflowMapper mapper, String api, SyncContext context, RecordSink sink)
            throws ConnectorException, InterruptedException {
        Map<String, List<String>> byExperiment = new TreeMap<>();
        mapper.experimentsOfVersionRuns().forEach((run, experiment) -> {
            if (!mapper.runEmitted(run) && run.matches("[0-9A-Za-z._-]{1,128}")) {
                byExperiment.computeIfAbsent(experiment, e -> new ArrayList<>()).add(run);
            }
        });
        List<Map<String, Object>> searches = new ArrayList<>();
        byExperiment.forEach((experiment, runs) -> {
            for (int i = 0; i < runs.size(); i += RUNS_PER_SEARCH) {
                List<String> batch = runs.subList(i, Math.min(runs.size(), i + RUNS_PER_SEARCH));
                searches.add(Map.of("experiment_ids", List.of(experiment), "max_results", PAGE_SIZE,
                        "filter", "attributes.run_id IN (" + String.join(",", batch.stream().map(r -> "'" + r + "'").toList()) + ")"));
            }
        });
        String runsAt = api + "runs/search";
        boolean[] refused = {false};
        int[] done = {0};
        Prefetch.inOrder(searches, Prefetch.DEFAULT_CONCURRENCY, body -> {
            if (refused[0]) {
                return List.<JsonNode>of();
            }
            List<JsonNode> found = new ArrayList<>();
            paged(t -> client.post("runs/search", "runs", body, t), runsAt, SyncContext.interruptible(), found::addAll);
            return found;
        }, (body, answer) -> {
            context.checkCancelled();
            if (done[0]++ % 20 == 0) {
                context.progress(done[0], searches.size(), "reading the versions' runs");
            }
            List<JsonNode> found;
            try {
                found = answer.get();
            } catch (JsonApi.UnreadableAnswer e) {
                refused[0] = true; // the filter is not understood here: the runs are read one by one below
                return;
            }
            for (JsonNode run : found) {
                SavedAnswers.emit(() -> mapper.emitRun(run, sink), runsAt, sink);
            }
        });
    }


    /** A model name as a filter string literal, or null when it holds both quote characters. */
    static String quote(String name) {
        if (!name.contains("'")) {
            return "'" + name + "'";
        }
        return name.contains("\"") ? null : "\"" + name + "\"";
    }

    private static String ui(HttpUrl base) {
        String s = base.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private SyncResult syncFiles(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        if (!Files.isDirectory(path)) {
            throw new ConnectorException(path.toString(), Files.exists(path) ? "not a directory: an MLflow export is a directory of saved answers"
                    : "the directory does not exist (moved or unmounted?)");
        }
        UntrustedJson json = UntrustedJson.withLimits(FILE_LIMITS);
        String exportHost = host;
        if (exportHost == null) {
            exportHost = exportHost(json);
        }
        MlflowMapper mapper = new MlflowMapper(exportHost, "https://" + exportHost);
        int files = 0;
        for (String folder : FOLDERS) {
            Path dir = path.resolve(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> answers;
            try (Stream<Path> list = Files.list(dir)) {
                answers = list.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json")).sorted().toList();
            } catch (IOException e) {
                throw new ConnectorException(dir.toString(), "cannot list the directory: " + e.getMessage(), e);
            }
            for (Path file : answers) {
                context.checkCancelled();
                context.progress(files++, -1, "reading " + folder + "/" + file.getFileName());
                JsonNode doc = read(json, file);
                String where = file.toString();
                switch (folder) {
                    case "registered-models" -> list(doc, "registered_models", "registered_model", file)
                            .forEach(rm -> SavedAnswers.emit(() -> mapper.emitModel(rm, sink), where, sink));
                    case "model-versions" -> list(doc, "model_versions", "model_version", file)
                            .forEach(mv -> SavedAnswers.emit(() -> mapper.emitVersion(mv, sink, where), where, sink));
                    case "runs" -> list(doc, "runs", "run", file).forEach(run -> SavedAnswers.emit(() -> mapper.emitRun(run, sink), where, sink));
                    default -> list(doc, "models", "model", file).forEach(lm -> SavedAnswers.emit(() -> mapper.emitLoggedModel(lm, sink), where, sink));
                }
            }
        }
        if (files == 0) {
            throw new ConnectorException(path.toString(), "no saved answers: expected JSON files in " + String.join("/, ", FOLDERS) + "/");
        }
        context.progress(files, files, "read " + files + (files == 1 ? " file" : " files"));
        return SyncResult.full(null);
    }

    /** The host the answers came from: {@code export.json}'s {@code tracking_uri}. */
    private String exportHost(UntrustedJson json) throws ConnectorException {
        Path export = path.resolve(EXPORT_FILE);
        if (!Files.isRegularFile(export)) {
            throw new ConnectorException(path.toString(), "which tracking server were these answers saved from? Add "
                    + EXPORT_FILE + " {\"tracking_uri\": \"https://…\"} or --set host=HOST: the host names the models");
        }
        JsonNode doc = read(json, export);
        HttpUrl uri = doc.path("tracking_uri").isTextual() ? HttpUrl.parse(doc.get("tracking_uri").asText()) : null;
        if (uri == null) {
            throw new ConnectorException(export.toString(), "\"tracking_uri\" is not an http(s) URL");
        }
        return hostOf(uri);
    }

    /** A saved answer: a search page ({@code plural} holds a list) or a get answer ({@code singular} holds one record). */
    private static List<JsonNode> list(JsonNode doc, String plural, String singular, Path file) throws ConnectorException {
        if (doc.has(singular) && doc.get(singular).isObject()) {
            return List.of(doc.get(singular));
        }
        JsonNode items = doc.get(plural);
        if (items != null && !items.isArray()) {
            throw new ConnectorException(file.toString(), "\"" + plural + "\" is " + MlflowClient.kind(items) + ", not a list");
        }
        if (!doc.isObject() || (items == null && doc.size() > 1)) {
            throw new ConnectorException(file.toString(), "expected a saved answer with \"" + plural + "\" (a search page) or \""
                    + singular + "\" (one record)");
        }
        List<JsonNode> out = new ArrayList<>();
        if (items != null) {
            items.forEach(out::add);
        }
        return out;
    }

    /**
     * One saved answer. A file that cannot be read fails the source: a lost page would make its
     * records look deleted, so the previous state is kept instead.
     */
    private static JsonNode read(UntrustedJson json, Path file) throws ConnectorException {
        try {
            if (Files.size(file) > FILE_LIMITS.maxDocumentLength()) {
                throw new ConnectorException(file.toString(), "larger than the " + FILE_LIMITS.maxDocumentLength() + " bytes allowed");
            }
            return json.read(Files.readAllBytes(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            String line = e.getLocation() == null || e.getLocation().getLineNr() < 1 ? "" : ":" + e.getLocation().getLineNr();
            throw new ConnectorException(file + line, UntrustedJson.isDuplicateKey(e) ? "not valid JSON: a key appears twice"
                    : UntrustedJson.exceedsLimit(e) ? "the JSON exceeds the limits (depth, string or number length)" : "not valid JSON");
        } catch (IOException e) {
            throw new ConnectorException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
    }

    /** Checks the settings (live or offline) and creates the connector. */
    static MlflowConnector create(SourceConfig config, RetryPolicy retry) {
        String path = config.setting("path");
        String url = config.setting(HttpSettings.URL);
        if ((path == null) == (url == null)) {
            throw new IllegalArgumentException("an mlflow source needs either --url URL (the tracking server, live) or --path DIR"
                    + " (saved API answers), not " + (path == null ? "neither" : "both"));
        }
        if (path != null) {
            String host = config.setting("host");
            if (host != null && !host.matches("[A-Za-z0-9.-]{1,253}(:\\d{1,5})?")) {
                throw new IllegalArgumentException("host must be a host name, optionally with :port: '" + host + "'");
            }
            return new MlflowConnector(null, null, null, null, null, List.of(), Path.of(path), host);
        }
        HttpUrl base = HttpSettings.baseUrl(config, null);
        String filter = config.setting("filter");
        if (filter != null && (filter.isBlank() || filter.length() > 1000 || filter.chars().anyMatch(Character::isISOControl))) {
            throw new IllegalArgumentException("filter must be one line of at most 1000 characters (an MLflow search filter, e.g. name LIKE 'fraud%')");
        }
        List<String> experiments = new ArrayList<>(new LinkedHashSet<>(config.setting("experiments") == null ? List.of()
                : Arrays.stream(config.setting("experiments").split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()));
        for (String e : experiments) {
            if (!e.matches("[0-9A-Za-z_-]{1,64}")) {
                throw new IllegalArgumentException("experiments must be experiment ids separated by commas: '" + e + "'");
            }
        }
        return new MlflowConnector(base, config.setting("token"), HttpSettings.client(config), retry,
                filter == null ? null : filter.strip(), List.copyOf(experiments), null, null);
    }
}
