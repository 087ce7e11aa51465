package dev.tightrope.sync.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.base.UntrustedJson;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.port.RecordSink;
import dev.tightrope.sync.Connector;
import dev.tightrope.sync.ConnectorException;
import dev.tightrope.sync.ConnectorFactory;
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
import java.util.List;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Models and datasets of one author or organisation on the Hugging Face Hub, or on an endpoint
 * that speaks its API; offline, the same JSON saved to files. Every sync reads everything (the
 * Hub has no change feed), so each is a full sync: what is no longer listed goes gone.
 */
public final class HuggingFaceConnector implements Connector {

    static final String DEFAULT_URL = "https://huggingface.co";
    /** Saved answers can be whole list pages: larger than one live answer, still bounded. */
    static final JsonLimits FILE_LIMITS = new JsonLimits(64, 1024 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER, 64L * 1024 * 1024);

    private final HttpUrl base;
    private final String tokenName;
    private final OkHttpClient http;
    private final RetryPolicy retry;
    private HubClient client;
    private final String author;
    private final boolean datasets;
    private final Path path;
    private final HubMapper mapper;

    private HuggingFaceConnector(HttpUrl base, String tokenName, OkHttpClient http, RetryPolicy retry, String author, boolean datasets,
                                 Path path, String host) {
        this.base = base;
        this.retry = retry;
        this.tokenName = tokenName;
        this.http = http;
        this.author = author;
        this.datasets = datasets;
        this.path = path;
        this.mapper = new HubMapper(host);
    }

    /**
     * Live: the Hub at {@code base}, reading {@code author}'s models (and datasets), with the token
     * in the secret named {@code tokenName} (none when null).
     */
    static HuggingFaceConnector live(HttpUrl base, String author, String tokenName, boolean datasets, OkHttpClient http, RetryPolicy retry) {
        String host = base.host() + (base.port() == HttpUrl.defaultPort(base.scheme()) ? "" : ":" + base.port());
        return new HuggingFaceConnector(base, tokenName, http, retry, author, datasets, null, host);
    }

    /** Offline: saved answers under {@code path}, their ids on {@code host}. */
    static HuggingFaceConnector offline(Path path, String host) {
        return new HuggingFaceConnector(null, null, null, null, null, true, path, host);
    }

    public static ConnectorFactory factory() {
        return factory(RetryPolicy.standard());
    }

    /** The factory with its own retry policy (tests: one that does not sleep). */
    public static ConnectorFactory factory(RetryPolicy retry) {
        return new HuggingFaceConnectorFactory(retry);
    }

    @Override
    public SyncResult sync(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        return path != null ? syncFiles(context, sink) : syncLive(context, sink);
    }

    /** Test connection: the first model of the author's list (and who the token belongs to, when there is one). */
    @Override
    public String check(SyncContext context) throws ConnectorException, InterruptedException {
        if (path != null) {
            return Connector.super.check(context);
        }
        connect(context);
        HttpUrl models = client.base().newBuilder().addPathSegments("api/models")
                .addQueryParameter("author", author).addQueryParameter("limit", "1").build();
        HubClient.Page page = client.page(models);
        String who = "";
        if (tokenName != null) {
            JsonNode me = client.object(client.base().newBuilder().addPathSegments("api/whoami-v2").build());
            who = me.path("name").isTextual() ? " as " + me.path("name").asText() : "";
        }
        return "the Hub at " + client.base().host() + " answered" + who + "; " + author
                + (page.items().isEmpty() ? " has no models visible to this token" : " has models (the first is "
                + page.items().get(0).path("id").asText("?") + ")");
    }

    private void connect(SyncContext context) throws ConnectorException {
        String token = null;
        if (tokenName != null) {
            token = context.secret(tokenName);
            if (token == null || token.isBlank()) {
                throw new ConnectorException(HubClient.where(base), "the token's secret " + tokenName
                        + " is not set (an environment variable or a line in credentials.properties)");
            }
        }
        client = new HubClient(base, token == null ? null : token.strip(), http, retry);
    }

    private SyncResult syncLive(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        connect(context);
        HttpUrl models = client.base().newBuilder().addPathSegments("api/models")
                .addQueryParameter("author", author).addQueryParameter("limit", "100").build();
        List<JsonNode> listed = list(models, context, "models");
        List<JsonNode> valid = new ArrayList<>();
        for (JsonNode entry : listed) {
            try {
                HubMapper.repoId(entry, "a listed model");
                valid.add(entry);
            } catch (IllegalArgumentException e) {
                sink.problem(new Problem(HubClient.where(models), e.getMessage()));
            }
        }
        int[] done = {0};
        Prefetch.inOrder(valid, Prefetch.DEFAULT_CONCURRENCY, entry -> client.object(info(entry)), (entry, answer) -> {
            context.checkCancelled();
            HttpUrl info = info(entry);
            context.progress(done[0]++, valid.size(), "reading " + HubMapper.repoId(entry, "a listed model"));
            JsonNode detail;
            try {
                detail = answer.get();
            } catch (JsonApi.UnreadableAnswer e) {
                // listed but unreadable: keep the model from its list entry, say why its details are missing
                emit(entry, true, HubClient.where(info), sink);
                sink.problem(new Problem(e.location(), e.getMessage()));
                return;
            }
            emit(detail, true, HubClient.where(info), sink);
        });
        if (datasets) {
            HttpUrl ds = client.base().newBuilder().addPathSegments("api/datasets")
                    .addQueryParameter("author", author).addQueryParameter("limit", "100").build();
            for (JsonNode entry : list(ds, context, "datasets")) {
                emit(entry, false, HubClient.where(ds), sink);
            }
        }
        context.progress(listed.size(), listed.size(), "read " + listed.size() + (listed.size() == 1 ? " model" : " models"));
        return SyncResult.full(null);
    }

    /** {@code /api/models/{id}} with its files' LFS digests and the Hub's scan status. */
    private HttpUrl info(JsonNode entry) {
        return client.base().newBuilder().addPathSegments("api/models").addPathSegments(HubMapper.repoId(entry, "a listed model"))
                .addQueryParameter("blobs", "true").addQueryParameter("securityStatus", "true").build();
    }

    private List<JsonNode> list(HttpUrl first, SyncContext context, String what) throws ConnectorException, InterruptedException {
        List<JsonNode> all = new ArrayList<>();
        HttpUrl next = first;
        for (int pages = 0; next != null; pages++) {
            if (pages >= HubClient.MAX_PAGES) {
                throw new ConnectorException(HubClient.where(first), "the list of " + what + " did not end after "
                        + HubClient.MAX_PAGES + " pages");
            }
            context.checkCancelled();
            context.progress(all.size(), -1, "listing " + what + " of " + author);
            HubClient.Page page = client.page(next);
            all.addAll(page.items());
            next = page.next();
        }
        return all;
    }

    private SyncResult syncFiles(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        if (!Files.exists(path)) {
            throw new ConnectorException(path.toString(), "the file or directory does not exist (moved or unmounted?)");
        }
        List<Path> files;
        if (Files.isDirectory(path)) {
            try (Stream<Path> walk = Files.walk(path, 2)) {
                files = walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json")).sorted().toList();
            } catch (IOException e) {
                throw new ConnectorException(path.toString(), "cannot list the directory: " + e.getMessage(), e);
            }
        } else {
            files = List.of(path);
        }
        UntrustedJson json = UntrustedJson.withLimits(FILE_LIMITS);
        int done = 0;
        for (Path file : files) {
            context.checkCancelled();
            context.progress(done++, files.size(), "reading " + file.getFileName());
            boolean model = !isUnderDatasets(file);
            JsonNode doc;
            try {
                if (Files.size(file) > FILE_LIMITS.maxDocumentLength()) {
                    sink.problem(new Problem(file.toString(), "larger than the " + FILE_LIMITS.maxDocumentLength() + " bytes allowed"));
                    continue;
                }
                doc = json.read(Files.readAllBytes(file));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                sink.problem(new Problem(file.toString() + lineOf(e), UntrustedJson.isDuplicateKey(e)
                        ? "not valid JSON: a key appears twice" : "not valid JSON"));
                continue;
            } catch (IOException e) {
                throw new ConnectorException(file.toString(), "cannot read: " + e.getMessage(), e);
            }
            if (doc.isArray()) {
                for (JsonNode item : doc) {
                    emit(item, model, file.toString(), sink);
                }
            } else {
                emit(doc, model, file.toString(), sink);
            }
        }
        context.progress(files.size(), files.size(), "read " + files.size() + (files.size() == 1 ? " file" : " files"));
        return SyncResult.full(null);
    }

    private void emit(JsonNode item, boolean model, String location, RecordSink sink) {
        try {
            if (!item.isObject()) {
                throw new IllegalArgumentException("expected a JSON object for each " + (model ? "model" : "dataset"));
            }
            if (model) {
                mapper.emitModel(item, sink);
            } else {
                mapper.emitDataset(item, sink);
            }
        } catch (IllegalArgumentException e) {
            sink.problem(new Problem(location, e.getMessage()));
        }
    }

    /** Saved dataset answers live in a {@code datasets} folder beside the models' files. */
    private boolean isUnderDatasets(Path file) {
        Path rel = Files.isDirectory(path) ? path.relativize(file) : file.getFileName();
        return rel.getNameCount() > 1 && rel.getName(0).toString().equals("datasets");
    }

    private static String lineOf(com.fasterxml.jackson.core.JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1 ? "" : ":" + e.getLocation().getLineNr();
    }

    /** Checks the settings (live or offline) and creates the connector. */
    static HuggingFaceConnector create(SourceConfig config, RetryPolicy retry) {
        String path = config.setting("path");
        String author = config.setting("author");
        if ((path == null) == (author == null)) {
            throw new IllegalArgumentException("a huggingface source needs either --set author=ORG (live) or --path DIR (saved API answers), not "
                    + (path == null ? "neither" : "both"));
        }
        if (path != null) {
            String host = config.setting("host") == null ? "huggingface.co" : config.setting("host");
            return offline(Path.of(path), host);
        }
        if (!author.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,95}")) {
            throw new IllegalArgumentException("author must be a Hub user or organisation name: '" + author + "'");
        }
        HttpUrl base = HttpSettings.baseUrl(config, DEFAULT_URL);
        boolean datasets = !"false".equalsIgnoreCase(config.setting("datasets"));
        return live(base, author, config.setting("token"), datasets, HttpSettings.client(config), retry);
    }
}
