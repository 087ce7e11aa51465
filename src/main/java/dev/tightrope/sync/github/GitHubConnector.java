package dev.tightrope.sync.github;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.base.UntrustedJson;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.Urn;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
 * The workflow runs of some GitHub repositories with the artifacts they uploaded and the
 * attestations GitHub stores for them. A first sync (and {@code sync --full}) reads each
 * repository's runs newest first, up to {@code max-runs}; when that reached the oldest run the
 * sync is full and what vanished goes gone, otherwise it marks nothing gone. Later syncs ask only
 * for runs created since the oldest run that was still going last time ({@code created=>=…}).
 */
public final class GitHubConnector implements Connector {

    static final int DEFAULT_MAX_RUNS = 500;
    static final int MAX_ARTIFACT_PAGES = 10;
    static final JsonLimits LIMITS = new JsonLimits(64, 1024 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER, 16L * 1024 * 1024);
    private static final ObjectMapper CURSOR = new ObjectMapper();

    private final Settings settings;
    private final OkHttpClient http;
    private final RetryPolicy retry;

    record Settings(HttpUrl base, List<String> repositories, String tokenName, int maxRuns, Path path, String host) {
    }

    private GitHubConnector(Settings settings, OkHttpClient http, RetryPolicy retry) {
        this.settings = settings;
        this.http = http;
        this.retry = retry;
    }

    public static ConnectorFactory factory() {
        return factory(RetryPolicy.standard());
    }

    /** The factory with its own retry policy (tests: one that records instead of sleeping). */
    public static ConnectorFactory factory(RetryPolicy retry) {
        return new GitHubConnectorFactory(retry);
    }

    /** What one repository's runs are: each run with the artifacts it uploaded. */
    private record RunArtifacts(JsonNode run, List<JsonNode> artifacts, String problem) {
    }

    @Override
    public SyncResult sync(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        return settings.path() != null ? syncFiles(context, sink) : syncLive(context, sink);
    }

    /** Test connection: the first repository's runs, one of them, with the token. */
    @Override
    public String check(SyncContext context) throws ConnectorException, InterruptedException {
        if (settings.path() != null) {
            return Connector.super.check(context);
        }
        JsonApi api = api(context);
        String repo = settings.repositories().get(0);
        JsonNode body = api.object(api.url("repos/" + repo + "/actions/runs").addQueryParameter("per_page", "1").build());
        long total = body.path("total_count").asLong(-1);
        return "GitHub at " + settings.base().host() + " answered; " + repo + " has "
                + (total < 0 ? "workflow runs" : total + (total == 1 ? " workflow run" : " workflow runs"));
    }

    private JsonApi api(SyncContext context) throws ConnectorException {
        Auth auth = Auth.none();
        if (settings.tokenName() != null) {
            String token = context.secret(settings.tokenName());
            if (token == null || token.isBlank()) {
                throw new ConnectorException(JsonApi.where(settings.base()), "the token's secret " + settings.tokenName()
                        + " is not set (an environment variable or a line in credentials.properties)");
            }
            auth = Auth.bearer(token.strip());
        }
        return new JsonApi("GitHub", settings.base(), auth, http, LIMITS, retry)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .permissionHint("the token needs read access to Actions on the repository (fine-grained token: \"Actions: read\";"
                        + " classic token: repo for a private repository), and \"Attestations: read\" for attestations");
    }

    private SyncResult syncLive(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        JsonApi api = api(context);
        GitHubMapper mapper = new GitHubMapper(settings.host(), web(settings.base()));
        Map<String, Instant> since = context.fullRequested() ? Map.of() : readCursor(context.cursor());
        boolean incremental = !since.isEmpty();
        boolean complete = true;
        Map<String, String> next = new TreeMap<>();
        int done = 0;
        for (String repo : settings.repositories()) {
            context.checkCancelled();
            context.progress(done++, settings.repositories().size(), "reading the runs of " + repo);
            Instant from = since.get(repo);
            HttpUrl.Builder first = api.url("repos/" + repo + "/actions/runs").addQueryParameter("per_page", "100");
            if (from != null) {
                first.addQueryParameter("created", ">=" + from.truncatedTo(ChronoUnit.SECONDS));
            }
            List<JsonNode> runs = new ArrayList<>();
            boolean reachedEnd = listRuns(api, first.build(), runs, context);
            complete &= reachedEnd;
            List<RunArtifacts> read = new ArrayList<>();
            Prefetch.inOrder(runs, Prefetch.DEFAULT_CONCURRENCY, run -> artifacts(api, repo, run), (run, answer) -> {
                context.checkCancelled();
                try {
                    read.add(new RunArtifacts(run, answer.get(), null));
                } catch (JsonApi.UnreadableAnswer e) {
                    read.add(new RunArtifacts(run, List.of(), e.location() + ": " + e.getMessage()));
                }
            });
            Map<String, List<GitHubMapper.Attestation>> attested = attestations(api, repo, read, sink);
            complete &= emit(mapper, repo, read, attested, sink);
            Instant cursor = cursorOf(runs, from);
            if (cursor != null) {
                next.put(repo, cursor.toString());
            }
        }
        String cursor = writeCursor(next);
        return !incremental && complete ? SyncResult.full(cursor) : SyncResult.incremental(cursor);
    }

    /** Pages of runs to the end or to {@code max-runs}; true when the listing ended. */
    private boolean listRuns(JsonApi api, HttpUrl first, List<JsonNode> runs, SyncContext context)
            throws ConnectorException, InterruptedException {
        HttpUrl url = first;
        Set<HttpUrl> seen = new LinkedHashSet<>();
        while (url != null) {
            context.checkCancelled();
            if (!seen.add(url)) {
                throw new ConnectorException(JsonApi.where(url), "the next page is a page already read: the list would never end");
            }
            JsonApi.Answer answer = api.get(url);
            JsonNode list = list(answer.body(), "workflow_runs", url);
            for (JsonNode run : list) {
                if (runs.size() >= settings.maxRuns()) {
                    return false;
                }
                runs.add(run);
            }
            url = api.nextLink(answer);
            if (url != null && runs.size() >= settings.maxRuns()) {
                return false;
            }
        }
        return true;
    }

    private List<JsonNode> artifacts(JsonApi api, String repo, JsonNode run) throws ConnectorException, InterruptedException {
        long id;
        try {
            id = GitHubMapper.id(run, "a workflow run");
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        List<JsonNode> all = new ArrayList<>();
        HttpUrl url = api.url("repos/" + repo + "/actions/runs/" + id + "/artifacts").addQueryParameter("per_page", "100").build();
        for (int page = 0; url != null; page++) {
            if (page >= MAX_ARTIFACT_PAGES) {
                throw new ConnectorException(JsonApi.where(url), "more than " + MAX_ARTIFACT_PAGES + " pages of artifacts for one run");
            }
            JsonApi.Answer answer = api.get(url);
            list(answer.body(), "artifacts", url).forEach(all::add);
            url = api.nextLink(answer);
        }
        return all;
    }

    /** The attestations of every artifact digest, looked up once each; a token without the permission is one problem. */
    private Map<String, List<GitHubMapper.Attestation>> attestations(JsonApi api, String repo, List<RunArtifacts> read, RecordSink sink)
            throws ConnectorException, InterruptedException {
        Set<String> digests = new LinkedHashSet<>();
        for (RunArtifacts r : read) {
            for (JsonNode a : r.artifacts()) {
                String d = GitHubMapper.text(a, "digest");
                if (d != null && GitHubMapper.SHA256.matcher(d).matches()) {
                    digests.add(d);
                }
            }
        }
        Map<String, List<GitHubMapper.Attestation>> out = new LinkedHashMap<>();
        boolean[] refused = {false};
        Prefetch.inOrder(new ArrayList<>(digests), Prefetch.DEFAULT_CONCURRENCY, d -> {
            if (refused[0]) {
                return null;
            }
            return api.object(api.url("repos/" + repo + "/attestations/" + d).addQueryParameter("per_page", "30").build());
        }, (d, answer) -> {
            try {
                JsonNode body = answer.get();
                if (body != null) {
                    out.put(d, GitHubMapper.attestations(body));
                }
            } catch (JsonApi.UnreadableAnswer none) {
                out.put(d, List.of()); // 404: GitHub stores no attestation for the digest
            } catch (JsonApi.Forbidden e) {
                if (!refused[0]) {
                    refused[0] = true;
                    sink.problem(new Problem(e.location(), "attestations could not be read: " + e.getMessage()));
                }
            }
        });
        return out;
    }

    /** Emits a repository's runs and artifacts; false when something could not be read (then nothing goes gone). */
    private static boolean emit(GitHubMapper mapper, String repo, List<RunArtifacts> read, Map<String, List<GitHubMapper.Attestation>> attested,
                                RecordSink sink) {
        boolean complete = true;
        for (RunArtifacts r : read) {
            Urn run;
            try {
                run = mapper.emitRun(repo, r.run(), sink);
            } catch (IllegalArgumentException e) {
                sink.problem(new Problem(repo + " workflow runs", e.getMessage()));
                complete = false;
                continue;
            }
            if (r.problem() != null) {
                sink.problem(new Problem(r.problem(), "the run's artifacts could not be read"));
                complete = false;
            }
            for (JsonNode a : r.artifacts()) {
                try {
                    mapper.emitArtifact(repo, run, a, attested.get(GitHubMapper.text(a, "digest")), sink);
                } catch (IllegalArgumentException e) {
                    sink.problem(new Problem(repo + " artifacts of " + run.nativeId(), e.getMessage()));
                    complete = false;
                }
            }
        }
        return complete;
    }

    static JsonNode list(JsonNode body, String field, HttpUrl url) throws ConnectorException {
        String where = JsonApi.where(url);
        if (body == null || !body.isObject()) {
            throw new ConnectorException(where, "expected a JSON object with \"" + field + "\"");
        }
        JsonNode list = body.get(field);
        if (list == null || !list.isArray()) {
            throw new ConnectorException(where, "\"" + field + "\" is " + (list == null ? "missing" : "not a list"));
        }
        return list;
    }

    /** Where the next sync starts: the oldest run still going (it may finish and gain artifacts), else the newest run. */
    static Instant cursorOf(List<JsonNode> runs, Instant previous) {
        Instant newest = null;
        Instant oldestOpen = null;
        for (JsonNode run : runs) {
            Instant created;
            try {
                String c = GitHubMapper.text(run, "created_at");
                if (c == null) {
                    continue;
                }
                created = Instant.parse(c);
            } catch (DateTimeParseException e) {
                continue;
            }
            newest = newest == null || created.isAfter(newest) ? created : newest;
            if (!"completed".equals(GitHubMapper.text(run, "status")) && (oldestOpen == null || created.isBefore(oldestOpen))) {
                oldestOpen = created;
            }
        }
        Instant c = oldestOpen != null ? oldestOpen : newest;
        return c != null ? c : previous;
    }

    static Map<String, Instant> readCursor(String cursor) {
        Map<String, Instant> out = new TreeMap<>();
        if (cursor == null || cursor.isBlank()) {
            return out;
        }
        try {
            JsonNode node = CURSOR.readTree(cursor);
            node.fields().forEachRemaining(e -> {
                try {
                    out.put(e.getKey(), Instant.parse(e.getValue().asText()));
                } catch (DateTimeParseException ignored) {
                    // an unreadable entry: that repository is read in full
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

    private static String web(HttpUrl base) {
        if (base.host().equals("api.github.com")) {
            return "https://github.com";
        }
        String s = base.newBuilder().encodedPath("/").build().toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    // Offline: saved answers

    private SyncResult syncFiles(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        Path root = settings.path();
        if (!Files.isDirectory(root)) {
            throw new ConnectorException(root.toString(), "not a directory (a github-actions --path holds <owner>/<repo>/ folders of saved answers)");
        }
        UntrustedJson json = UntrustedJson.withLimits(LIMITS);
        GitHubMapper mapper = new GitHubMapper(settings.host(), "https://" + settings.host());
        List<String> repos = new ArrayList<>(settings.repositories());
        if (repos.isEmpty()) {
            try (Stream<Path> owners = Files.list(root)) {
                for (Path owner : owners.filter(Files::isDirectory).sorted().toList()) {
                    try (Stream<Path> rs = Files.list(owner)) {
                        rs.filter(Files::isDirectory).sorted().forEach(r -> repos.add(owner.getFileName() + "/" + r.getFileName()));
                    }
                }
            } catch (IOException e) {
                throw new ConnectorException(root.toString(), "cannot be listed: " + e.getMessage(), e);
            }
        }
        boolean complete = true;
        int done = 0;
        for (String repo : repos) {
            context.checkCancelled();
            context.progress(done++, repos.size(), "reading " + repo);
            Path dir = root.resolve(repo);
            List<Path> pages;
            try (Stream<Path> files = Files.list(dir)) {
                pages = files.filter(p -> p.getFileName().toString().matches("runs.*\\.json")).sorted().toList();
            } catch (IOException e) {
                throw new ConnectorException(dir.toString(), "cannot be listed: " + e.getMessage(), e);
            }
            List<RunArtifacts> read = new ArrayList<>();
            for (Path page : pages) {
                JsonNode body = readFile(json, page, sink);
                if (body == null) {
                    complete = false;
                    continue;
                }
                JsonNode runs = body.path("workflow_runs");
                if (!runs.isArray()) {
                    sink.problem(new Problem(page.toString(), "not a saved list of workflow runs ({\"workflow_runs\":[…]})"));
                    complete = false;
                    continue;
                }
                for (JsonNode run : runs) {
                    List<JsonNode> artifacts = new ArrayList<>();
                    JsonNode id = run.get("id");
                    Path file = id != null && id.isIntegralNumber() ? dir.resolve("runs").resolve(id.asText()).resolve("artifacts.json") : null;
                    if (file != null && Files.isRegularFile(file)) {
                        JsonNode a = readFile(json, file, sink);
                        if (a != null && a.path("artifacts").isArray()) {
                            a.path("artifacts").forEach(artifacts::add);
                        } else {
                            complete = false;
                        }
                    }
                    read.add(new RunArtifacts(run, artifacts, null));
                }
            }
            Map<String, List<GitHubMapper.Attestation>> attested = new LinkedHashMap<>();
            for (RunArtifacts r : read) {
                for (JsonNode a : r.artifacts()) {
                    String d = GitHubMapper.text(a, "digest");
                    if (d != null && GitHubMapper.SHA256.matcher(d).matches()) {
                        Path file = dir.resolve("attestations").resolve("sha256-" + d.substring(7) + ".json");
                        JsonNode body = Files.isRegularFile(file) ? readFile(json, file, sink) : null;
                        attested.put(d, body == null ? List.of() : GitHubMapper.attestations(body));
                    }
                }
            }
            complete &= emit(mapper, repo, read, attested, sink);
        }
        return complete ? SyncResult.full(null) : SyncResult.incremental(null);
    }

    private static JsonNode readFile(UntrustedJson json, Path file, RecordSink sink) throws ConnectorException {
        return SavedAnswers.read(json, LIMITS.maxDocumentLength(), file, sink);
    }

    static GitHubConnector create(SourceConfig config, RetryPolicy retry) {
        List<String> repos = SettingValues.list(config, "repositories", GitHubMapper::validRepository, "owner/name pairs");
        int maxRuns = SettingValues.count(config, "max-runs", DEFAULT_MAX_RUNS, 1, 999_999);
        String path = config.setting("path");
        if (path != null) {
            if (config.setting("url") != null) {
                throw new IllegalArgumentException("a github-actions source needs either --url (live) or --path (saved answers), not both");
            }
            String host = config.setting("host");
            return new GitHubConnector(new Settings(null, List.copyOf(repos), null, maxRuns, Path.of(path),
                    host == null || host.isBlank() ? "github.com" : host.strip()), null, null);
        }
        if (repos.isEmpty()) {
            throw new IllegalArgumentException("a github-actions source needs --set repositories=<owner>/<repo>[,…]");
        }
        HttpUrl base = HttpSettings.baseUrl(config, "https://api.github.com/");
        if (!base.toString().endsWith("/")) {
            base = HttpUrl.get(base + "/");
        }
        String host = base.host().equals("api.github.com") ? "github.com"
                : base.host() + (base.port() == HttpUrl.defaultPort(base.scheme()) ? "" : ":" + base.port());
        return new GitHubConnector(new Settings(base, List.copyOf(repos), config.setting("token"), maxRuns, null, host),
                HttpSettings.client(config), retry);
    }
}
