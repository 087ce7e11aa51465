package dev.tightrope.sync.jupyter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.UntrustedJson;
import dev.tightrope.domain.Digest;
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
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The notebooks of a Jupyter Server (or JupyterHub user server) under a root folder, walked
 * through the Contents API, or a local folder of {@code .ipynb} files; each notebook read
 * statically for lineage hints (see {@link NotebookMapper}). Every sync reads the whole tree, so
 * it is a full sync and what vanished goes gone, unless the walk hit a bound or a folder could
 * not be read: then nothing is marked gone.
 */
public final class JupyterConnector implements Connector {

    static final String TYPE = "jupyter";
    static final String EXPORT_FILE = "export.json";
    static final String DEFAULT_HUB = "huggingface.co";
    private static final Pattern NAME = Pattern.compile("[^/\\\\\\p{Cntrl}]{1,255}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}(:\\d{1,5})?(/[A-Za-z0-9._~%-]+)*");

    private final HttpUrl base;
    private final String tokenName;
    private final OkHttpClient http;
    private final RetryPolicy retry;
    private final String root;
    private final Path path;
    private final String host;
    private final String hub;
    private final String mlflowHost;
    private final JupyterLimits limits;

    private JupyterConnector(HttpUrl base, String tokenName, OkHttpClient http, RetryPolicy retry, String root, Path path, String host,
                             String hub, String mlflowHost, JupyterLimits limits) {
        this.base = base;
        this.tokenName = tokenName;
        this.http = http;
        this.retry = retry;
        this.root = root;
        this.path = path;
        this.host = host;
        this.hub = hub;
        this.mlflowHost = mlflowHost;
        this.limits = limits;
    }

    public static ConnectorFactory factory() {
        return factory(RetryPolicy.standard());
    }

    /** The factory with its own retry policy (tests: one that does not sleep). */
    public static ConnectorFactory factory(RetryPolicy retry) {
        return new JupyterConnectorFactory(retry);
    }

    /** The native-id prefix of a server: host, port when not the default, base path without its trailing slash. */
    static String serverId(HttpUrl url) {
        String p = url.encodedPath();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return url.host() + (url.port() == HttpUrl.defaultPort(url.scheme()) ? "" : ":" + url.port()) + p;
    }

    @Override
    public SyncResult sync(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        return path != null ? syncFolder(context, sink) : syncLive(context, sink);
    }

    /** Test connection: one {@code GET /api/contents?content=0}. */
    @Override
    public String check(SyncContext context) throws ConnectorException, InterruptedException {
        if (path != null) {
            return Connector.super.check(context);
        }
        JsonNode rootModel = connect(context).root();
        String modified = NotebookMapper.text(rootModel, "last_modified");
        return "Jupyter Server at " + serverId(base) + " answered to the token; its root folder can be read"
                + (modified == null ? "" : " (last modified " + modified + ")");
    }

    private ContentsClient connect(SyncContext context) throws ConnectorException {
        String token = context.secret(tokenName);
        if (token == null || token.isBlank()) {
            throw new ConnectorException(JsonApi.where(base), "the token's secret " + tokenName
                    + " is not set (an environment variable or a line in credentials.properties)");
        }
        return new ContentsClient(base, token.strip(), http, retry);
    }

    private record Folder(String path, int depth) {
    }

    private SyncResult syncLive(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        ContentsClient client = connect(context);
        NotebookMapper mapper = new NotebookMapper(serverId(base), hub, mlflowHost, limits);
        List<JsonNode> notebooks = new ArrayList<>();
        boolean complete = true;
        Deque<Folder> folders = new ArrayDeque<>();
        folders.add(new Folder(root, 0));
        int listed = 0;
        while (!folders.isEmpty()) {
            context.checkCancelled();
            Folder folder = folders.poll();
            if (listed >= limits.maxDirectories()) {
                sink.problem(new Problem(where(client, folder.path()), "more than " + limits.maxDirectories()
                        + " folders: the walk stopped here, so nothing was marked gone"));
                complete = false;
                break;
            }
            listed++;
            context.progress(notebooks.size(), -1, "listing " + (folder.path().isEmpty() ? "the root folder" : folder.path()));
            JsonNode model;
            try {
                model = client.directory(folder.path());
                if (!"directory".equals(NotebookMapper.text(model, "type")) || !model.path("content").isArray()) {
                    throw new JsonApi.UnreadableAnswer(where(client, folder.path()), "expected a folder's model with its \"content\" list");
                }
            } catch (JsonApi.UnreadableAnswer e) {
                if (folder.depth() == 0) {
                    throw new ConnectorException(e.location(), "the root folder '" + root + "' cannot be listed: " + e.getMessage());
                }
                sink.problem(new Problem(e.location(), e.getMessage() + "; its notebooks were not read, so nothing was marked gone"));
                complete = false;
                continue;
            }
            for (JsonNode entry : model.path("content")) {
                String name = NotebookMapper.text(entry, "name");
                String type = NotebookMapper.text(entry, "type");
                String entryPath = NotebookMapper.text(entry, "path");
                String expected = folder.path().isEmpty() ? name : folder.path() + "/" + name;
                if (name == null || !NAME.matcher(name).matches() || name.equals(".") || name.equals("..") || !expected.equals(entryPath)) {
                    sink.problem(new Problem(where(client, folder.path()), "the listing names an entry outside this folder or without a valid name ("
                            + abbreviate(String.valueOf(entryPath)) + "); skipped"));
                    continue;
                }
                if (name.startsWith(".")) {
                    continue; // hidden: checkpoints and the like
                }
                if ("directory".equals(type)) {
                    if (folder.depth() + 1 > limits.maxDepth()) {
                        sink.problem(new Problem(where(client, expected), "deeper than max-depth " + limits.maxDepth()
                                + ": this folder was not read, so nothing was marked gone"));
                        complete = false;
                    } else {
                        folders.add(new Folder(expected, folder.depth() + 1));
                    }
                } else if ("notebook".equals(type) || name.endsWith(".ipynb")) {
                    if (notebooks.size() >= limits.maxNotebooks()) {
                        sink.problem(new Problem(where(client, expected), "more than max-notebooks " + limits.maxNotebooks()
                                + ": the rest were not read, so nothing was marked gone"));
                        complete = false;
                        folders.clear();
                        break;
                    }
                    notebooks.add(entry);
                }
            }
        }
        int done = 0;
        for (JsonNode entry : notebooks) {
            context.checkCancelled();
            String nbPath = NotebookMapper.text(entry, "path");
            context.progress(done++, notebooks.size(), "reading " + nbPath);
            NotebookMapper.Listing listing = listing(client, entry, null, null);
            try {
                JsonNode answer = client.notebook(nbPath);
                if (!"notebook".equals(NotebookMapper.text(answer, "type")) || !nbPath.equals(NotebookMapper.text(answer, "path"))) {
                    throw new JsonApi.UnreadableAnswer(where(client, nbPath), "expected the notebook's model (type notebook, path " + nbPath + ")");
                }
                mapper.emit(listing(client, entry, answer, digest(answer)), answer.path("content"), sink);
            } catch (JsonApi.UnreadableAnswer e) {
                mapper.emitListed(listing, sink);
                sink.problem(new Problem(e.location(), e.getMessage()));
            } catch (IllegalArgumentException e) {
                mapper.emitListed(listing, sink);
                sink.problem(new Problem(where(client, nbPath), e.getMessage()));
            }
        }
        context.progress(notebooks.size(), notebooks.size(), "read " + notebooks.size() + (notebooks.size() == 1 ? " notebook" : " notebooks"));
        return complete ? SyncResult.full(null) : SyncResult.incremental(null);
    }

    private NotebookMapper.Listing listing(ContentsClient client, JsonNode entry, JsonNode answer, Digest digest) {
        String nbPath = NotebookMapper.text(entry, "path");
        String modified = answer != null && NotebookMapper.text(answer, "last_modified") != null
                ? NotebookMapper.text(answer, "last_modified") : NotebookMapper.text(entry, "last_modified");
        JsonNode size = answer != null && answer.path("size").isIntegralNumber() ? answer.get("size") : entry.path("size");
        HttpUrl.Builder ref = client.base().newBuilder().addPathSegments("lab/tree");
        for (String segment : nbPath.split("/")) {
            ref.addPathSegment(segment);
        }
        return new NotebookMapper.Listing(nbPath, modified, size.isIntegralNumber() ? size.asLong() : -1, digest, ref.build().toString());
    }

    /** The file's SHA-256 when the server gives it (Jupyter Server 2.x with {@code hash=1}). */
    private static Digest digest(JsonNode answer) {
        String hash = NotebookMapper.text(answer, "hash");
        return "sha256".equals(NotebookMapper.text(answer, "hash_algorithm")) && hash != null && SHA256.matcher(hash).matches()
                ? Digest.sha256(hash) : null;
    }

    private static String where(ContentsClient client, String path) {
        return ContentsClient.where(client.contents(path).build());
    }

    private SyncResult syncFolder(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        if (!Files.isDirectory(path)) {
            throw new ConnectorException(path.toString(), Files.exists(path) ? "not a directory: expected a folder of .ipynb files"
                    : "the directory does not exist (moved or unmounted?)");
        }
        UntrustedJson json = UntrustedJson.withLimits(ContentsClient.LIMITS);
        String server = host != null ? host : exportServer(json);
        NotebookMapper mapper = new NotebookMapper(server, hub, mlflowHost, limits);
        List<Path> files = new ArrayList<>();
        boolean[] complete = {true};
        try {
            Files.walkFileTree(path, java.util.Set.of(), limits.maxDepth() + 1, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(path) && dir.getFileName().toString().startsWith(".") ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = file.getFileName().toString();
                    if (name.startsWith(".")) {
                        return FileVisitResult.CONTINUE; // hidden: checkpoints and the like
                    }
                    if (attrs.isDirectory()) {
                        sink.problem(new Problem(file.toString(), "deeper than max-depth " + limits.maxDepth()
                                + ": this folder was not read, so nothing was marked gone"));
                        complete[0] = false;
                    } else if (attrs.isRegularFile() && name.endsWith(".ipynb")) {
                        if (files.size() >= limits.maxNotebooks()) {
                            sink.problem(new Problem(file.toString(), "more than max-notebooks " + limits.maxNotebooks()
                                    + ": the rest were not read, so nothing was marked gone"));
                            complete[0] = false;
                            return FileVisitResult.TERMINATE;
                        }
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    sink.problem(new Problem(file.toString(), "cannot be read: " + e.getMessage() + "; nothing was marked gone"));
                    complete[0] = false;
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new ConnectorException(path.toString(), "cannot list the directory: " + e.getMessage(), e);
        }
        files.sort(null);
        int done = 0;
        for (Path file : files) {
            context.checkCancelled();
            String rel = path.relativize(file).toString().replace(java.io.File.separatorChar, '/');
            context.progress(done++, files.size(), "reading " + rel);
            readFile(file, rel, json, mapper, sink);
        }
        context.progress(files.size(), files.size(), "read " + files.size() + (files.size() == 1 ? " notebook" : " notebooks"));
        return complete[0] ? SyncResult.full(null) : SyncResult.incremental(null);
    }

    private void readFile(Path file, String rel, UntrustedJson json, NotebookMapper mapper, RecordSink sink) throws ConnectorException {
        String where = file.toString();
        byte[] bytes;
        String modified;
        try {
            long size = Files.size(file);
            modified = Files.getLastModifiedTime(file).toInstant().toString();
            if (size > ContentsClient.MAX_BYTES) {
                mapper.emitListed(new NotebookMapper.Listing(rel, modified, size, null, where), sink);
                sink.problem(new Problem(where, "larger than the " + ContentsClient.MAX_BYTES + " bytes read; not read for lineage hints"));
                return;
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConnectorException(where, "cannot read: " + e.getMessage(), e);
        }
        NotebookMapper.Listing listing = new NotebookMapper.Listing(rel, modified, bytes.length, Digest.sha256(sha256(bytes)), where);
        try {
            mapper.emit(listing, json.read(bytes), sink);
        } catch (JsonProcessingException e) {
            mapper.emitListed(listing, sink);
            sink.problem(new Problem(where + lineOf(e), "not a readable notebook: " + (UntrustedJson.isDuplicateKey(e) ? "a key appears twice"
                    : UntrustedJson.exceedsLimit(e) ? "the JSON exceeds the limits (depth, string or number length)" : "not valid JSON")));
        } catch (IOException e) {
            throw new ConnectorException(where, "cannot read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            mapper.emitListed(listing, sink);
            sink.problem(new Problem(where, e.getMessage()));
        }
    }

    /** The server a folder was exported from: {@code export.json}'s {@code url}; without one, the folder's absolute path names its notebooks. */
    private String exportServer(UntrustedJson json) throws ConnectorException {
        Path export = path.resolve(EXPORT_FILE);
        String folder = path.toAbsolutePath().normalize().toString().replace(java.io.File.separatorChar, '/');
        if (!Files.isRegularFile(export)) {
            return folder;
        }
        try {
            JsonNode doc = json.read(Files.readAllBytes(export));
            HttpUrl url = doc.path("url").isTextual() ? HttpUrl.parse(doc.get("url").asText()) : null;
            if (url == null || !url.username().isEmpty() || !url.password().isEmpty()) {
                throw new ConnectorException(export.toString(), "\"url\" is not the http(s) address of the Jupyter server the notebooks came from");
            }
            return serverId(url);
        } catch (IOException e) {
            throw new ConnectorException(export.toString(), "not valid JSON: expected {\"url\": \"https://…\"}");
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static String lineOf(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1 ? "" : ":" + e.getLocation().getLineNr();
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "…";
    }

    /** Checks the settings (live or offline) and creates the connector. */
    static JupyterConnector create(SourceConfig config, RetryPolicy retry) {
        String folder = config.setting("path");
        String url = config.setting(HttpSettings.URL);
        if ((folder == null) == (url == null)) {
            throw new IllegalArgumentException("a jupyter source needs either --url URL with --token-env VAR (live) or --path DIR (a folder of .ipynb files), not "
                    + (folder == null ? "neither" : "both"));
        }
        String hub = setting(config, "hub-host", DEFAULT_HUB);
        String mlflow = config.setting("mlflow-host");
        if (!hub.matches("[A-Za-z0-9.-]{1,253}(:\\d{1,5})?")) {
            throw new IllegalArgumentException("hub-host must be a host name, optionally with :port: '" + hub + "'");
        }
        if (mlflow != null && !mlflow.matches("[A-Za-z0-9.-]{1,253}(:\\d{1,5})?")) {
            throw new IllegalArgumentException("mlflow-host must be a host name, optionally with :port: '" + mlflow + "'");
        }
        JupyterLimits limits = JupyterLimits.DEFAULT.withWalk(number(config, "max-depth", JupyterLimits.DEFAULT.maxDepth(), 0),
                number(config, "max-notebooks", JupyterLimits.DEFAULT.maxNotebooks(), 1));
        if (folder != null) {
            String host = config.setting("host");
            if (host != null && !HOST.matcher(host).matches()) {
                throw new IllegalArgumentException("host must be the server's host, optionally with :port and a base path (jupyterhub.example.com/user/ana): '" + host + "'");
            }
            return new JupyterConnector(null, null, null, null, null, Path.of(folder), host, hub, mlflow, limits);
        }
        String token = config.setting("token");
        if (token == null) {
            throw new IllegalArgumentException("a live jupyter source needs --token-env VAR (or --set token=VAR): Jupyter Server refuses requests without a token");
        }
        String root = setting(config, "root", "").strip();
        while (root.startsWith("/")) {
            root = root.substring(1);
        }
        while (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        for (String segment : root.isEmpty() ? new String[0] : root.split("/")) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || !NAME.matcher(segment).matches()) {
                throw new IllegalArgumentException("root must be a folder path under the server's root (fraud/notebooks): '" + root + "'");
            }
        }
        HttpUrl base = HttpSettings.baseUrl(config, null);
        return new JupyterConnector(base, token, HttpSettings.client(config), retry, root, null, null, hub, mlflow, limits);
    }

    private static String setting(SourceConfig config, String key, String otherwise) {
        return config.setting(key) == null ? otherwise : config.setting(key);
    }

    private static int number(SourceConfig config, String key, int otherwise, int min) {
        String v = config.setting(key);
        if (v == null) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > 1_000_000) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number from " + min + " to 1000000: '" + v + "'");
        }
    }
}
