package dev.tightrope.sync.gitlab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.base.UntrustedJson;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.port.RecordSink;
import dev.tightrope.sync.Connector;
import dev.tightrope.sync.ConnectorException;
import dev.tightrope.sync.ConnectorFactory;
import dev.tightrope.sync.SavedAnswers;
import dev.tightrope.sync.SettingValues;
import dev.tightrope.sync.SyncContext;
import dev.tightrope.sync.SyncResult;
import dev.tightrope.sync.http.Auth;
import dev.tightrope.sync.http.HttpSettings;
import dev.tightrope.sync.http.JsonApi;
import dev.tightrope.sync.http.Prefetch;
import dev.tightrope.sync.http.RetryPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The pipelines of some GitLab projects with their jobs and kept artifacts. A first sync (and
 * {@code sync --full}) reads each project's pipelines newest first up to {@code max-pipelines}:
 * when that reached the oldest, the sync is full and deleted pipelines go gone, otherwise nothing
 * goes gone. Later syncs ask only for pipelines {@code updated_after} the newest update seen
 * (a pipeline updates when its jobs finish, so a running one is read again when it ends).
 * With {@code packages} on (the default), each project's package registry is read too: its files
 * carry the registry's SHA-256, the one digest GitLab's API gives, so they join other sources'
 * assets of the same bytes.
 */
public final class GitLabConnector implements Connector {

    static final int DEFAULT_MAX_PIPELINES = 500;
    static final int MAX_JOB_PAGES = 10;
    /** Far more packages than a project keeps (100 a page): a registry that never ends its list is refused. */
    static final int MAX_PACKAGES = 10_000;
    static final int MAX_PACKAGE_FILES = 1_000;
    static final JsonLimits LIMITS = new JsonLimits(64, 1024 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER, 16L * 1024 * 1024);
    private static final ObjectMapper CURSOR = new ObjectMapper();

    private final Settings settings;
    private final OkHttpClient http;
    private final RetryPolicy retry;

    record Settings(HttpUrl api, String web, List<String> projects, String tokenName, int maxPipelines, boolean packages, Path path, String host) {
    }

    private GitLabConnector(Settings settings, OkHttpClient http, RetryPolicy retry) {
        this.settings = settings;
        this.http = http;
        this.retry = retry;
    }

    public static ConnectorFactory factory() {
        return factory(RetryPolicy.standard());
    }

    /** The factory with its own retry policy (tests: one that records instead of sleeping). */
    public static ConnectorFactory factory(RetryPolicy retry) {
        return new GitLabConnectorFactory(retry);
    }

    private record PipelineJobs(JsonNode pipeline, List<JsonNode> jobs, String problem) {
    }

    @Override
    public SyncResult sync(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        return settings.path() != null ? syncFiles(context, sink) : syncLive(context, sink);
    }

    /** Test connection: the first project, with the token. */
    @Override
    public String check(SyncContext context) throws ConnectorException, InterruptedException {
        if (settings.path() != null) {
            return Connector.super.check(context);
        }
        JsonApi api = api(context);
        String project = settings.projects().get(0);
        JsonNode p;
        try {
            p = api.object(projectUrl(api, project).build());
        } catch (JsonApi.UnreadableAnswer e) {
            throw unknownProject(project, e);
        }
        String branch = GitLabMapper.text(p, "default_branch");
        return "GitLab at " + settings.api().host() + " answered; " + project + " can be read"
                + (branch == null ? "" : " (default branch " + branch + ")");
    }

    private JsonApi api(SyncContext context) throws ConnectorException {
        Auth auth = Auth.none();
        if (settings.tokenName() != null) {
            String token = context.secret(settings.tokenName());
            if (token == null || token.isBlank()) {
                throw new ConnectorException(JsonApi.where(settings.api()), "the token's secret " + settings.tokenName()
                        + " is not set (an environment variable or a line in credentials.properties)");
            }
            auth = Auth.header("PRIVATE-TOKEN", token.strip());
        }
        return new JsonApi("GitLab", settings.api(), auth, http, LIMITS, retry)
                .permissionHint("the token needs the read_api scope and at least Reporter access to the project");
    }

    /** GitLab answers 404 for a project the token may not see as for one that does not exist: say both. */
    private static ConnectorException unknownProject(String project, JsonApi.UnreadableAnswer e) {
        if (e.status() != 404) {
            return e;
        }
        return new ConnectorException(e.location(), e.getMessage() + "; GitLab answers 404 both when " + project
                + " does not exist and when the token cannot see it (it needs the read_api scope and at least Reporter access)");
    }

    private static HttpUrl.Builder projectUrl(JsonApi api, String project) {
        return api.base().newBuilder().addPathSegment("projects").addPathSegment(project);
    }

    private SyncResult syncLive(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        JsonApi api = api(context);
        GitLabMapper mapper = new GitLabMapper(settings.host(), settings.web());
        Map<String, Instant> since = context.fullRequested() ? Map.of() : readCursor(context.cursor());
        boolean incremental = !since.isEmpty();
        boolean complete = true;
        Map<String, String> next = new TreeMap<>();
        int done = 0;
        for (String project : settings.projects()) {
            context.checkCancelled();
            context.progress(done++, settings.projects().size(), "reading the pipelines of " + project);
            Instant from = since.get(project);
            // a full read: newest first, up to max-pipelines; a later one: oldest update first, so a read
            // cut short by max-pipelines leaves the cursor where it stopped and the next sync goes on from there
            HttpUrl.Builder first = projectUrl(api, project).addPathSegment("pipelines").addQueryParameter("per_page", "100")
                    .addQueryParameter("order_by", from == null ? "id" : "updated_at").addQueryParameter("sort", from == null ? "desc" : "asc");
            if (from != null) {
                first.addQueryParameter("updated_after", from.toString());
            }
            List<JsonNode> pipelines = new ArrayList<>();
            try {
                complete &= list(api, first.build(), pipelines, settings.maxPipelines(), context);
            } catch (JsonApi.UnreadableAnswer e) {
                throw unknownProject(project, e);
            }
            List<PipelineJobs> read = new ArrayList<>();
            Prefetch.inOrder(pipelines, Prefetch.DEFAULT_CONCURRENCY, p -> jobs(api, project, p), (p, answer) -> {
                context.checkCancelled();
                try {
                    read.add(new PipelineJobs(p, answer.get(), null));
                } catch (JsonApi.UnreadableAnswer e) {
                    read.add(new PipelineJobs(p, null, e.location() + ": " + e.getMessage()));
                }
            });
            complete &= emit(mapper, project, read, sink);
            if (settings.packages()) {
                complete &= packages(api, project, mapper, context, sink);
            }
            Instant newest = newestUpdate(pipelines, from);
            if (newest != null) {
                next.put(project, newest.toString());
            }
        }
        String cursor = writeCursor(next);
        return !incremental && complete ? SyncResult.full(cursor) : SyncResult.incremental(cursor);
    }

    /**
     * Pages to the end or to {@code max}: the {@code Link rel="next"} GitLab sends (which must stay
     * on the origin), else {@code X-Next-Page}; a page number that does not advance ends the sync.
     * True when the listing ended.
     */
    static boolean list(JsonApi api, HttpUrl first, List<JsonNode> out, int max, SyncContext context)
            throws ConnectorException, InterruptedException {
        HttpUrl url = first;
        Set<String> pages = new HashSet<>();
        while (url != null) {
            context.checkCancelled();
            if (!pages.add(url.toString())) {
                throw new ConnectorException(JsonApi.where(url), "the next page is a page already read: the list would never end");
            }
            JsonApi.Answer answer = api.get(url);
            JsonNode body = answer.body();
            if (body == null || !body.isArray()) {
                throw new ConnectorException(JsonApi.where(url), "expected a JSON list, got " + (body == null ? "nothing" : body.getNodeType()));
            }
            for (JsonNode item : body) {
                if (out.size() >= max) {
                    return false;
                }
                out.add(item);
            }
            HttpUrl next = api.nextLink(answer);
            if (next == null) {
                String page = answer.header("x-next-page");
                if (page != null && page.strip().matches("\\d{1,6}")) {
                    next = url.newBuilder().setQueryParameter("page", page.strip()).build();
                }
            }
            if (next != null && body.isEmpty()) {
                throw new ConnectorException(JsonApi.where(url), "an empty page names a next page: the list would never end");
            }
            if (next != null && out.size() >= max) {
                return false;
            }
            url = next;
        }
        return true;
    }

    /**
     * The project's package registry: every package, then each one's files. A 404 means the
     * project has no registry (the project itself answered): nothing to read. True when all was read.
     */
    private static boolean packages(JsonApi api, String project, GitLabMapper mapper, SyncContext context, RecordSink sink)
            throws ConnectorException, InterruptedException {
        context.progress(0, -1, "reading the package registry of " + project);
        HttpUrl first = projectUrl(api, project).addPathSegment("packages").addQueryParameter("per_page", "100")
                .addQueryParameter("order_by", "created_at").addQueryParameter("sort", "desc").build();
        List<JsonNode> packages = new ArrayList<>();
        try {
            if (!list(api, first, packages, MAX_PACKAGES, context)) {
                throw new ConnectorException(JsonApi.where(first), "the package registry lists more than " + MAX_PACKAGES
                        + " packages: refused as a list that does not end (set --set packages=false to skip the registry)");
            }
        } catch (JsonApi.UnreadableAnswer e) {
            if (e.status() == 404) {
                return true;
            }
            throw e;
        } catch (JsonApi.Forbidden e) {
            sink.problem(new Problem(e.location(), e.getMessage() + " (set --set packages=false if the project does not use its package registry)"));
            return false;
        }
        boolean complete = true;
        List<PackageFiles> read = new ArrayList<>();
        Prefetch.inOrder(packages, Prefetch.DEFAULT_CONCURRENCY, pkg -> packageFiles(api, project, pkg), (pkg, answer) -> {
            context.checkCancelled();
            try {
                read.add(new PackageFiles(pkg, answer.get(), null));
            } catch (JsonApi.UnreadableAnswer e) {
                read.add(new PackageFiles(pkg, null, e.location() + ": " + e.getMessage()));
            }
        });
        for (PackageFiles r : read) {
            complete &= emitPackage(mapper, project, r, sink);
        }
        return complete;
    }

    private record PackageFiles(JsonNode pkg, List<JsonNode> files, String problem) {
    }

    private static List<JsonNode> packageFiles(JsonApi api, String project, JsonNode pkg) throws ConnectorException, InterruptedException {
        long id;
        try {
            id = GitLabMapper.id(pkg, "a package");
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        HttpUrl url = projectUrl(api, project).addPathSegment("packages").addPathSegment(Long.toString(id)).addPathSegment("package_files")
                .addQueryParameter("per_page", "100").build();
        List<JsonNode> files = new ArrayList<>();
        if (!list(api, url, files, MAX_PACKAGE_FILES, SyncContext.interruptible())) {
            throw new ConnectorException(JsonApi.where(url), "more than " + MAX_PACKAGE_FILES + " files in one package");
        }
        return files;
    }

    private static boolean emitPackage(GitLabMapper mapper, String project, PackageFiles r, RecordSink sink) {
        String where = project + " packages";
        try {
            GitLabMapper.id(r.pkg(), "a package");
        } catch (IllegalArgumentException e) {
            sink.problem(new Problem(where, e.getMessage()));
            return false;
        }
        if (r.problem() != null) {
            sink.problem(new Problem(r.problem(), "the package's files could not be read"));
            return false;
        }
        boolean complete = true;
        for (JsonNode f : r.files()) {
            try {
                mapper.emitPackageFile(project, r.pkg(), f, sink);
            } catch (IllegalArgumentException e) {
                sink.problem(new Problem(where, e.getMessage()));
                complete = false;
            }
        }
        return complete;
    }

    private List<JsonNode> jobs(JsonApi api, String project, JsonNode pipeline) throws ConnectorException, InterruptedException {
        long id;
        try {
            id = GitLabMapper.id(pipeline, "a pipeline");
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        HttpUrl url = projectUrl(api, project).addPathSegment("pipelines").addPathSegment(Long.toString(id)).addPathSegment("jobs")
                .addQueryParameter("per_page", "100").build();
        List<JsonNode> jobs = new ArrayList<>();
        if (!list(api, url, jobs, 100 * MAX_JOB_PAGES, SyncContext.interruptible())) {
            throw new ConnectorException(JsonApi.where(url), "more than " + 100 * MAX_JOB_PAGES + " jobs in one pipeline");
        }
        return jobs;
    }


    private static boolean emit(GitLabMapper mapper, String project, List<PipelineJobs> read, RecordSink sink) {
        boolean complete = true;
        for (PipelineJobs r : read) {
            try {
                mapper.emit(project, r.pipeline(), r.jobs(), sink);
            } catch (IllegalArgumentException e) {
                sink.problem(new Problem(project + " pipelines", e.getMessage()));
                complete = false;
                continue;
            }
            if (r.problem() != null) {
                sink.problem(new Problem(r.problem(), "the pipeline's jobs could not be read"));
                complete = false;
            }
        }
        return complete;
    }

    static Instant newestUpdate(List<JsonNode> pipelines, Instant previous) {
        Instant newest = previous;
        for (JsonNode p : pipelines) {
            String u = GitLabMapper.text(p, "updated_at");
            if (u == null) {
                continue;
            }
            try {
                Instant t = java.time.OffsetDateTime.parse(u).toInstant();
                newest = newest == null || t.isAfter(newest) ? t : newest;
            } catch (DateTimeParseException ignored) {
                // a date GitLab would not send: not a cursor
            }
        }
        return newest;
    }

    static Map<String, Instant> readCursor(String cursor) {
        Map<String, Instant> out = new TreeMap<>();
        if (cursor == null || cursor.isBlank()) {
            return out;
        }
        try {
            CURSOR.readTree(cursor).fields().forEachRemaining(e -> {
                try {
                    out.put(e.getKey(), Instant.parse(e.getValue().asText()));
                } catch (DateTimeParseException ignored) {
                    // that project is read in full
                }
            });
        } catch (JsonProcessingException e) {
            return new TreeMap<>();
        }
        return out;
    }

    static String writeCursor(Map<String, String> cursor) {
        if (cursor.isEmpty()) {
            return null;
        }
        ObjectNode node = CURSOR.createObjectNode();
        cursor.forEach(node::put);
        return node.toString();
    }

    // Offline: saved answers

    private SyncResult syncFiles(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        Path root = settings.path();
        if (!Files.isDirectory(root)) {
            throw new ConnectorException(root.toString(), "not a directory (a gitlab-ci --path holds <group>/<project>/ folders of saved answers)");
        }
        UntrustedJson json = UntrustedJson.withLimits(LIMITS);
        String named = offlineHost(json, root, sink);
        List<String> projects = new ArrayList<>(settings.projects());
        if (projects.isEmpty()) {
            try (Stream<Path> walk = Files.walk(root, 8)) {
                walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().matches("(pipelines|packages).*\\.json")
                                && !p.getParent().getFileName().toString().matches("\\d+"))
                        .map(p -> root.relativize(p.getParent()).toString().replace('\\', '/'))
                        .filter(GitLabMapper::validProject).distinct().sorted().forEach(projects::add);
            } catch (IOException e) {
                throw new ConnectorException(root.toString(), "cannot be listed: " + e.getMessage(), e);
            }
        }
        boolean complete = true;
        int done = 0;
        for (String project : projects) {
            context.checkCancelled();
            context.progress(done++, projects.size(), "reading " + project);
            Path dir = root.resolve(project);
            List<Path> pages = savedPages(dir, "pipelines");
            List<PipelineJobs> read = new ArrayList<>();
            for (Path page : pages) {
                JsonNode body = readFile(json, page, sink);
                if (body == null || !body.isArray()) {
                    if (body != null) {
                        sink.problem(new Problem(page.toString(), "not a saved list of pipelines ([…])"));
                    }
                    complete = false;
                    continue;
                }
                for (JsonNode p : body) {
                    JsonNode id = p.get("id");
                    Path jobsFile = id != null && id.isIntegralNumber() ? dir.resolve("pipelines").resolve(id.asText()).resolve("jobs.json") : null;
                    List<JsonNode> jobs = null;
                    if (jobsFile != null && Files.isRegularFile(jobsFile)) {
                        JsonNode j = readFile(json, jobsFile, sink);
                        if (j != null && j.isArray()) {
                            jobs = new ArrayList<>();
                            j.forEach(jobs::add);
                        } else {
                            complete = false;
                        }
                    }
                    read.add(new PipelineJobs(p, jobs, null));
                }
            }
            GitLabMapper mapper = offlineMapper(named, project, read);
            complete &= emit(mapper, project, read, sink);
            for (Path page : savedPages(dir, "packages")) {
                JsonNode body = readFile(json, page, sink);
                if (body == null || !body.isArray()) {
                    if (body != null) {
                        sink.problem(new Problem(page.toString(), "not a saved list of packages ([…])"));
                    }
                    complete = false;
                    continue;
                }
                for (JsonNode pkg : body) {
                    JsonNode id = pkg.get("id");
                    Path filesFile = id != null && id.isIntegralNumber()
                            ? dir.resolve("packages").resolve(id.asText()).resolve("package_files.json") : null;
                    List<JsonNode> files = new ArrayList<>();
                    String problem = null;
                    if (filesFile != null && Files.isRegularFile(filesFile)) {
                        JsonNode f = readFile(json, filesFile, sink);
                        if (f != null && f.isArray()) {
                            f.forEach(files::add);
                        } else {
                            problem = filesFile + (f == null ? "" : ": not a saved list of package files ([…])");
                        }
                    }
                    complete &= emitPackage(mapper, project, new PackageFiles(pkg, files, problem), sink);
                }
            }
        }
        return complete ? SyncResult.full(null) : SyncResult.incremental(null);
    }

    /** The host setting, else the {@code url} an {@code export.json} beside the answers names, else null. */
    private String offlineHost(UntrustedJson json, Path root, RecordSink sink) throws ConnectorException {
        if (settings.host() != null) {
            return settings.host();
        }
        Path export = root.resolve("export.json");
        if (Files.isRegularFile(export)) {
            JsonNode e = readFile(json, export, sink);
            HttpUrl url = e == null ? null : HttpUrl.parse(e.path("url").asText(""));
            if (url != null) {
                return url.host() + (url.port() == HttpUrl.defaultPort(url.scheme()) ? "" : ":" + url.port());
            }
            sink.problem(new Problem(export.toString(), "export.json names no \"url\" of the GitLab the answers came from"));
        }
        return null;
    }

    /** {@code <name>*.json} beside the project's folders, in name order ({@code pipelines-1.json}, {@code pipelines-2.json}, …). */
    private static List<Path> savedPages(Path dir, String name) throws ConnectorException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().matches(name + ".*\\.json")).sorted().toList();
        } catch (IOException e) {
            throw new ConnectorException(dir.toString(), "cannot be listed: " + e.getMessage(), e);
        }
    }

    /**
     * The GitLab the saved answers came from: the one named (host setting, export.json), else the
     * address in the pipelines' own {@code web_url} ({@code https://<host>[/<prefix>]/<project>/-/pipelines/<id>}), else gitlab.com.
     */
    private static GitLabMapper offlineMapper(String named, String project, List<PipelineJobs> read) {
        if (named != null) {
            return new GitLabMapper(named, "https://" + named);
        }
        for (PipelineJobs r : read) {
            String url = GitLabMapper.text(r.pipeline(), "web_url");
            int at = url == null ? -1 : url.indexOf("/" + project + "/-/pipelines/");
            HttpUrl web = at <= 0 ? null : HttpUrl.parse(url.substring(0, at));
            if (web != null && web.scheme().equals("https")) {
                String host = web.host() + (web.port() == 443 ? "" : ":" + web.port());
                String base = web.toString();
                return new GitLabMapper(host, base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
            }
        }
        return new GitLabMapper("gitlab.com", "https://gitlab.com");
    }

    private static JsonNode readFile(UntrustedJson json, Path file, RecordSink sink) throws ConnectorException {
        return SavedAnswers.read(json, LIMITS.maxDocumentLength(), file, sink);
    }

    static GitLabConnector create(SourceConfig config, RetryPolicy retry) {
        List<String> projects = SettingValues.list(config, "projects", GitLabMapper::validProject, "full project paths (group/project)");
        int max = SettingValues.count(config, "max-pipelines", DEFAULT_MAX_PIPELINES, 1, 999_999);
        boolean packages = !"false".equalsIgnoreCase(config.setting("packages"));
        String path = config.setting("path");
        if (path != null) {
            if (config.setting("url") != null) {
                throw new IllegalArgumentException("a gitlab-ci source needs either --url (live) or --path (saved answers), not both");
            }
            String host = config.setting("host");
            if (host != null && !host.strip().matches("[A-Za-z0-9.-]{1,253}(:\\d{1,5})?")) {
                throw new IllegalArgumentException("host must be a host name, optionally with :port: '" + host + "'");
            }
            return new GitLabConnector(new Settings(null, null, List.copyOf(projects), null, max, packages, Path.of(path),
                    host == null || host.isBlank() ? null : host.strip()), null, null);
        }
        if (projects.isEmpty()) {
            throw new IllegalArgumentException("a gitlab-ci source needs --set projects=<group>/<project>[,…]");
        }
        HttpUrl base = HttpSettings.baseUrl(config, "https://gitlab.com/");
        String s = base.toString();
        HttpUrl web = HttpUrl.get(s.endsWith("/") ? s : s + "/");
        HttpUrl api = web.encodedPath().endsWith("/api/v4/") ? web : web.newBuilder().addPathSegments("api/v4/").build();
        String webText = api.toString().substring(0, api.toString().length() - "api/v4/".length());
        webText = webText.endsWith("/") ? webText.substring(0, webText.length() - 1) : webText;
        String host = api.host() + (api.port() == HttpUrl.defaultPort(api.scheme()) ? "" : ":" + api.port());
        return new GitLabConnector(new Settings(api, webText, List.copyOf(projects), config.setting("token"), max, packages, null, host),
                HttpSettings.client(config), retry);
    }
}
