package dev.tightrope.sync.artifactory;

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
import dev.tightrope.sync.http.RetryPolicy;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The files of one Artifactory's ML repositories, live over AQL and the storage API or offline
 * from saved answers. A first sync (and {@code sync --full}) reads everything, so what vanished
 * goes gone; later ones ask AQL only for files {@code modified} after the newest the server
 * reported last time, re-reading every model folder such a file is in, and say they are
 * incremental (deletions and property-only changes show at the next full sync).
 */
public final class ArtifactoryConnector implements Connector {

    static final int DEFAULT_PAGE_SIZE = 500;
    static final int DEFAULT_FOLDER_DEPTH = 2;
    /** Files AQL gave no SHA-256 for (stored before Artifactory computed it) are looked up one by one, up to this many a sync. */
    static final int MAX_LOOKUPS = 200;
    static final JsonLimits FILE_LIMITS = new JsonLimits(32, 64 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER, 64L * 1024 * 1024);

    private final Settings settings;
    private final OkHttpClient http;
    private final RetryPolicy retry;
    private ArtifactoryClient client;

    /** What a source's settings say, checked. */
    record Settings(HttpUrl root, List<String> repositories, String tokenName, int pageSize, int folderDepth, String mlflowHost,
                    String hubHost, Path path, String host) {
    }

    private ArtifactoryConnector(Settings settings, OkHttpClient http, RetryPolicy retry) {
        this.settings = settings;
        this.http = http;
        this.retry = retry;
    }

    public static ConnectorFactory factory() {
        return factory(RetryPolicy.standard());
    }

    /** The factory with its own retry policy (tests: one that records instead of sleeping). */
    public static ConnectorFactory factory(RetryPolicy retry) {
        return new ArtifactoryConnectorFactory(retry);
    }

    @Override
    public SyncResult sync(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        return settings.path() != null ? syncFiles(context, sink) : syncLive(context, sink);
    }

    /** Test connection: the first repository's root folder through the storage API, with the token. */
    @Override
    public String check(SyncContext context) throws ConnectorException, InterruptedException {
        if (settings.path() != null) {
            return Connector.super.check(context);
        }
        connect(context);
        String repo = settings.repositories().get(0);
        JsonNode info = client.storage(repo, null, false);
        int children = info.path("children").size();
        return "Artifactory at " + client.root().host() + " answered; " + repo + " can be read (" + children
                + (children == 1 ? " entry" : " entries") + " at its root)";
    }

    private void connect(SyncContext context) throws ConnectorException {
        String token = null;
        if (settings.tokenName() != null) {
            token = context.secret(settings.tokenName());
            if (token == null || token.isBlank()) {
                throw new ConnectorException(JsonApi.where(settings.root()), "the token's secret " + settings.tokenName()
                        + " is not set (an environment variable or a line in credentials.properties)");
            }
        }
        client = new ArtifactoryClient(settings.root(), token == null ? null : token.strip(), http, retry);
    }

    private SyncResult syncLive(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        connect(context);
        Instant since = Cursor.read(context.cursor(), settings.repositories());
        Instant newest = since;
        int lookups = 0;
        ArtifactoryMapper mapper = mapper(client.root().host() + portSuffix(client.root()), web(client.root()));
        String aql = ArtifactoryClient.where(client.aqlUrl());
        for (String repo : settings.repositories()) {
            Problems problems = new Problems(aql, sink, context, repo);
            List<ArtifactoryItem> files = client.files(repo, since, settings.pageSize(), problems);
            if (since != null) {
                files = refolder(repo, files, mapper, problems);
            }
            Map<String, Map<String, List<String>>> props = new LinkedHashMap<>();
            if (!files.isEmpty()) {
                for (ArtifactoryItem i : client.withProperties(repo, problems)) {
                    props.put(i.fullPath(), i.properties());
                }
            }
            List<ArtifactoryItem> complete = new ArrayList<>(files.size());
            for (ArtifactoryItem f : files) {
                ArtifactoryItem item = f.withProperties(props.get(f.fullPath()));
                if (item.sha256() == null && lookups++ < MAX_LOOKUPS) {
                    item = lookUpSha256(item, sink);
                }
                complete.add(item);
                newest = later(newest, item.modifiedAt());
            }
            if (lookups > MAX_LOOKUPS) {
                sink.problem(new Problem(aql, (lookups - MAX_LOOKUPS) + " files in " + repo + " have no SHA-256 in AQL and were not looked up"
                        + " (at most " + MAX_LOOKUPS + " a sync); they are imported without a digest"));
                lookups = MAX_LOOKUPS;
            }
            Map<String, Map<String, List<String>>> folderProps = new LinkedHashMap<>();
            props.forEach((k, v) -> folderProps.put(repo + "/" + k, v));
            emit(mapper, Map.of(repo, complete), folderProps, sink);
            context.progress(complete.size(), complete.size(), "read " + complete.size() + " files of " + repo);
        }
        String cursor = Cursor.write(newest, settings.repositories());
        return since == null ? SyncResult.full(cursor) : SyncResult.incremental(cursor);
    }

    /** The changed files, plus every file of the model folders they are in (a folder's digest needs all of them). */
    private List<ArtifactoryItem> refolder(String repo, List<ArtifactoryItem> changed, ArtifactoryMapper mapper, Problems problems)
            throws ConnectorException, InterruptedException {
        Map<String, ArtifactoryItem> out = new LinkedHashMap<>();
        Set<String> folders = new LinkedHashSet<>();
        for (ArtifactoryItem f : changed) {
            out.put(f.fullPath(), f);
            String folder = mapper.folderOf(f);
            if (!".".equals(folder)) {
                folders.add(folder);
            }
        }
        for (String folder : folders) {
            for (ArtifactoryItem f : client.folderFiles(repo, folder, settings.pageSize(), problems)) {
                out.putIfAbsent(f.fullPath(), f);
            }
        }
        return new ArrayList<>(out.values());
    }

    private ArtifactoryItem lookUpSha256(ArtifactoryItem item, RecordSink sink) throws ConnectorException, InterruptedException {
        try {
            JsonNode info = client.storage(item.repo(), item.fullPath(), false);
            String sha = ArtifactoryItem.fromFileInfo(info).sha256();
            return sha == null ? item : item.withSha256(sha);
        } catch (JsonApi.UnreadableAnswer e) {
            sink.problem(new Problem(e.location(), "no SHA-256 for " + item.repo() + "/" + item.fullPath() + ": " + e.getMessage()));
        } catch (IllegalArgumentException e) {
            sink.problem(new Problem(item.repo() + "/" + item.fullPath(), "its file info cannot be read: " + e.getMessage()));
        }
        return item;
    }

    /** Groups each repository's files into model folders and emits them. */
    private static void emit(ArtifactoryMapper mapper, Map<String, List<ArtifactoryItem>> byRepo,
                             Map<String, Map<String, List<String>>> folderProps, RecordSink sink) {
        for (Map.Entry<String, List<ArtifactoryItem>> repo : byRepo.entrySet()) {
            Map<String, List<ArtifactoryItem>> folders = new TreeMap<>();
            for (ArtifactoryItem f : repo.getValue()) {
                folders.computeIfAbsent(mapper.folderOf(f), k -> new ArrayList<>()).add(f);
            }
            folders.forEach((folder, files) -> mapper.emitFolder(repo.getKey(), folder, files,
                    folderProps.getOrDefault(repo.getKey() + "/" + folder, Map.of()), sink));
        }
    }

    private ArtifactoryMapper mapper(String host, String web) {
        return new ArtifactoryMapper(host, web, settings.folderDepth(), settings.mlflowHost(), settings.hubHost());
    }

    private SyncResult syncFiles(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        Path path = settings.path();
        if (!Files.exists(path)) {
            throw new ConnectorException(path.toString(), "the file or directory does not exist (moved or unmounted?)");
        }
        List<Path> files;
        if (Files.isDirectory(path)) {
            try (Stream<Path> walk = Files.walk(path, 3)) {
                files = walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json")).sorted().toList();
            } catch (IOException e) {
                throw new ConnectorException(path.toString(), "cannot list the directory: " + e.getMessage(), e);
            }
        } else {
            files = List.of(path);
        }
        UntrustedJson json = UntrustedJson.withLimits(FILE_LIMITS);
        Map<String, ArtifactoryItem> items = new LinkedHashMap<>();
        Map<String, Map<String, List<String>>> props = new LinkedHashMap<>();
        String host = settings.host();
        int done = 0;
        for (Path file : files) {
            context.checkCancelled();
            context.progress(done++, files.size(), "reading " + file.getFileName());
            JsonNode doc;
            try {
                if (Files.size(file) > FILE_LIMITS.maxDocumentLength()) {
                    sink.problem(new Problem(file.toString(), "larger than the " + FILE_LIMITS.maxDocumentLength() + " bytes allowed"));
                    continue;
                }
                doc = json.read(Files.readAllBytes(file));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                sink.problem(new Problem(file + lineOf(e), UntrustedJson.isDuplicateKey(e) ? "not valid JSON: a key appears twice" : "not valid JSON"));
                continue;
            } catch (IOException e) {
                throw new ConnectorException(file.toString(), "cannot read: " + e.getMessage(), e);
            }
            String where = file.toString();
            try {
                if (doc.isObject() && doc.path("results").isArray()) {
                    for (JsonNode r : doc.path("results")) {
                        try {
                            add(ArtifactoryItem.fromAql(r), items, props);
                        } catch (IllegalArgumentException e) {
                            sink.problem(new Problem(where, e.getMessage()));
                        }
                    }
                } else if (doc.isObject() && doc.path("properties").isObject() && doc.path("uri").isTextual()) {
                    String[] repoPath = storagePath(doc.path("uri").asText());
                    props.merge(ArtifactoryItem.repo(repoPath[0]) + "/" + repoPath[1], ArtifactoryItem.propertiesOf(doc), (a, b) -> {
                        Map<String, List<String>> m = new LinkedHashMap<>(a);
                        b.forEach(m::putIfAbsent);
                        return m;
                    });
                    host = host != null ? host : hostOfUri(doc.path("uri").asText());
                } else if (doc.isObject() && doc.has("repo") && doc.has("path")) {
                    ArtifactoryItem info = ArtifactoryItem.fromFileInfo(doc);
                    if (!info.folder()) {
                        add(info, items, props);
                    }
                    String uri = doc.path("downloadUri").isTextual() ? doc.path("downloadUri").asText() : doc.path("uri").asText(null);
                    host = host != null ? host : hostOfUri(uri);
                } else {
                    sink.problem(new Problem(where, "neither an AQL answer ({\"results\":[…]}) nor a storage API answer (file info, properties)"));
                }
            } catch (IllegalArgumentException e) {
                sink.problem(new Problem(where, e.getMessage()));
            }
        }
        if (host == null && !items.isEmpty()) {
            throw new ConnectorException(path.toString(), "the saved answers do not say which Artifactory they came from (no storage answer"
                    + " with a \"uri\"): set --set host=<artifactory host>");
        }
        Map<String, List<ArtifactoryItem>> byRepo = new TreeMap<>();
        for (ArtifactoryItem i : items.values()) {
            if (settings.repositories().isEmpty() || settings.repositories().contains(i.repo())) {
                byRepo.computeIfAbsent(i.repo(), r -> new ArrayList<>()).add(i.withProperties(props.get(i.repo() + "/" + i.fullPath())));
            }
        }
        emit(mapper(host, "https://" + host), byRepo, props, sink);
        context.progress(files.size(), files.size(), "read " + files.size() + (files.size() == 1 ? " file" : " files"));
        return SyncResult.full(null);
    }

    /** Files join the list (a file info completes the AQL entry of the same file); folders only lend their properties. */
    private static void add(ArtifactoryItem item, Map<String, ArtifactoryItem> items, Map<String, Map<String, List<String>>> props) {
        String key = item.repo() + "/" + item.fullPath();
        if (item.folder()) {
            if (!item.properties().isEmpty()) {
                props.merge(key, item.properties(), (a, b) -> a);
            }
            return;
        }
        ArtifactoryItem known = items.get(key);
        if (known == null) {
            items.put(key, item);
        } else {
            ArtifactoryItem merged = known.withProperties(item.properties());
            items.put(key, merged.sha256() == null && item.sha256() != null ? merged.withSha256(item.sha256()) : merged);
        }
    }

    /** {@code https://host/artifactory/api/storage/<repo>/<path>} → repo and path ({@code "."} for the root). */
    static String[] storagePath(String uri) {
        int at = uri.indexOf("/api/storage/");
        if (at < 0) {
            throw new IllegalArgumentException("a properties answer's \"uri\" is not a storage API address");
        }
        String rest = uri.substring(at + "/api/storage/".length());
        int q = rest.indexOf('?');
        rest = q >= 0 ? rest.substring(0, q) : rest;
        String[] segs = Arrays.stream(rest.split("/")).filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toArray(String[]::new);
        if (segs.length == 0) {
            throw new IllegalArgumentException("a properties answer's \"uri\" names no repository");
        }
        String path = segs.length == 1 ? "." : String.join("/", Arrays.copyOfRange(segs, 1, segs.length));
        return new String[] {segs[0], ".".equals(path) ? "." : ArtifactoryItem.folderPath(path)};
    }

    private static String hostOfUri(String uri) {
        return uri == null || !uri.contains("://") ? null : ArtifactoryMapper.hostOf(uri, null);
    }

    private static String lineOf(com.fasterxml.jackson.core.JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1 ? "" : ":" + e.getLocation().getLineNr();
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || !b.isAfter(a) ? a : b;
    }

    static String portSuffix(HttpUrl url) {
        return url.port() == HttpUrl.defaultPort(url.scheme()) ? "" : ":" + url.port();
    }

    /** The web address, without the {@code /artifactory/} the API lives under. */
    private static String web(HttpUrl root) {
        String s = root.toString();
        s = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        return s.endsWith("/artifactory") ? s.substring(0, s.length() - "/artifactory".length()) : s;
    }

    /** One repository's unreadable results as problems, the rest imported; progress as items arrive. */
    private static final class Problems implements ArtifactoryClient.ItemProblems {
        private final String where;
        private final RecordSink sink;
        private final SyncContext context;
        private final String repo;

        Problems(String where, RecordSink sink, SyncContext context, String repo) {
            this.where = where;
            this.sink = sink;
            this.context = context;
            this.repo = repo;
        }

        @Override
        public void read(JsonNode result, List<ArtifactoryItem> into) {
            try {
                ArtifactoryItem item = ArtifactoryItem.fromAql(result);
                if (!item.repo().equals(repo)) {
                    throw new IllegalArgumentException("an item of repository " + item.repo() + " in the answer for " + repo);
                }
                into.add(item);
            } catch (IllegalArgumentException e) {
                sink.problem(new Problem(where, repo + ": " + e.getMessage()));
            }
        }

        @Override
        public void report(String message) {
            sink.problem(new Problem(where, repo + ": " + message));
        }

        @Override
        public void progress(int items) {
            context.progress(items, -1, "listing " + repo);
        }

        @Override
        public void checkCancelled() throws InterruptedException {
            context.checkCancelled();
        }
    }

    /**
     * The incremental cursor: the newest {@code modified} the server reported (its clock, never
     * ours) and the repositories it covers; for other repositories (the setting changed) or an
     * unreadable cursor, the next sync reads everything.
     */
    static final class Cursor {
        private Cursor() {
        }

        static String write(Instant newest, List<String> repositories) {
            return newest == null ? null : "modified=" + newest + ";repos=" + String.join(",", repositories);
        }

        static Instant read(String cursor, List<String> repositories) {
            if (cursor == null || !cursor.startsWith("modified=") || !cursor.endsWith(";repos=" + String.join(",", repositories))) {
                return null;
            }
            String at = cursor.substring("modified=".length(), cursor.indexOf(';'));
            try {
                return Instant.parse(at);
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }
    }

    /** Checks the settings (live or offline) and creates the connector. */
    static ArtifactoryConnector create(SourceConfig config, RetryPolicy retry) {
        String path = config.setting("path");
        List<String> repos = new ArrayList<>();
        String list = config.setting("repositories");
        if (list != null) {
            for (String r : list.split(",")) {
                if (!r.isBlank()) {
                    try {
                        repos.add(ArtifactoryItem.repo(r.strip()));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("repositories must be repository keys separated by commas: '" + r.strip() + "'");
                    }
                }
            }
        }
        int pageSize = intSetting(config, "page-size", DEFAULT_PAGE_SIZE, 1, 10_000);
        int depth = intSetting(config, "folder-depth", DEFAULT_FOLDER_DEPTH, 1, 32);
        String mlflowHost = hostSetting(config, "mlflow-host", null);
        String hubHost = hostSetting(config, "hf-host", "huggingface.co");
        if (path != null) {
            if (config.setting("url") != null) {
                throw new IllegalArgumentException("an artifactory source needs either --url (live) or --path (saved answers), not both");
            }
            return new ArtifactoryConnector(new Settings(null, List.copyOf(repos), null, pageSize, depth, mlflowHost, hubHost, Path.of(path),
                    hostSetting(config, "host", null)), null, null);
        }
        if (config.setting("url") == null) {
            throw new IllegalArgumentException("an artifactory source needs either --url https://<host> (live) or --path DIR (saved answers)");
        }
        if (repos.isEmpty()) {
            throw new IllegalArgumentException("an artifactory source needs --set repositories=<repo>[,<repo>…] (the ML repositories to read)");
        }
        HttpUrl base = HttpSettings.baseUrl(config, "https://localhost");
        HttpUrl root = base.pathSegments().contains("artifactory") ? base : base.newBuilder().addPathSegment("artifactory").addPathSegment("").build();
        root = root.toString().endsWith("/") ? root : HttpUrl.get(root + "/");
        return new ArtifactoryConnector(new Settings(root, List.copyOf(repos), config.setting("token"), pageSize, depth, mlflowHost, hubHost,
                null, null), HttpSettings.client(config), retry);
    }

    private static int intSetting(SourceConfig config, String key, int dflt, int min, int max) {
        String v = config.setting(key);
        if (v == null) {
            return dflt;
        }
        if (!v.strip().matches("\\d{1,6}") || Integer.parseInt(v.strip()) < min || Integer.parseInt(v.strip()) > max) {
            throw new IllegalArgumentException(key + " must be a whole number from " + min + " to " + max + ": '" + v + "'");
        }
        return Integer.parseInt(v.strip());
    }

    private static String hostSetting(SourceConfig config, String key, String dflt) {
        String v = config.setting(key);
        if (v == null) {
            return dflt;
        }
        String host = ArtifactoryMapper.hostOf(v, null);
        if (host == null) {
            throw new IllegalArgumentException(key + " must be a host name (optionally with :port) or an address: '" + v + "'");
        }
        return host;
    }
}
