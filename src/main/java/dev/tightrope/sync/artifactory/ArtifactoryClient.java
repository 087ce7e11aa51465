package dev.tightrope.sync.artifactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.sync.ConnectorException;
import dev.tightrope.sync.http.Auth;
import dev.tightrope.sync.http.JsonApi;
import dev.tightrope.sync.http.RetryPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Artifactory's REST API, read-only, over {@link JsonApi}: AQL ({@code POST api/search/aql}, a
 * plain-text body) paged with {@code .offset(n).limit(m)} to the end, and the storage API for
 * what AQL lacks. Criteria are written as JSON by Jackson, never pasted together from names.
 */
final class ArtifactoryClient {

    /** A page of 500 items is a few hundred KiB; the properties answer (not pageable) may be large, still bounded. */
    static final long MAX_BYTES = 64L * 1024 * 1024;
    static final JsonLimits LIMITS = new JsonLimits(32, 64 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER, MAX_BYTES);
    /** 10 million items at 500 a page: a server whose list never ends is refused. */
    static final int MAX_PAGES = 20_000;
    static final List<String> FIELDS = List.of("repo", "path", "name", "type", "size", "created", "created_by",
            "modified", "modified_by", "sha256");
    private static final ObjectMapper WRITER = new ObjectMapper();

    private final JsonApi api;
    private final HttpUrl root;

    /** @param root the address ending in {@code /artifactory/} */
    ArtifactoryClient(HttpUrl root, String token, OkHttpClient http, RetryPolicy retry) {
        this.root = root;
        this.api = new JsonApi("Artifactory", root, token == null ? Auth.none() : Auth.bearer(token), http, LIMITS, retry)
                .permissionHint("the token's user or group needs the Read permission on the configured repositories"
                        + " (a scoped access token with Read on them is enough)");
    }

    HttpUrl root() {
        return root;
    }

    HttpUrl aqlUrl() {
        return api.url("api/search/aql").build();
    }

    /** Every file of {@code repo} (modified after {@code after} when not null), all pages. */
    List<ArtifactoryItem> files(String repo, Instant after, int pageSize, ItemProblems problems)
            throws ConnectorException, InterruptedException {
        Map<String, Object> criteria = new LinkedHashMap<>();
        criteria.put("repo", repo);
        criteria.put("type", "file");
        if (after != null) {
            criteria.put("modified", Map.of("$gt", after.toString()));
        }
        return pages(criteria, pageSize, problems);
    }

    /** Every file under {@code folder} of {@code repo} (an incremental sync re-reads the folders it touches). */
    List<ArtifactoryItem> folderFiles(String repo, String folder, int pageSize, ItemProblems problems)
            throws ConnectorException, InterruptedException {
        Map<String, Object> criteria = new LinkedHashMap<>();
        criteria.put("repo", repo);
        criteria.put("type", "file");
        criteria.put("$or", List.of(Map.of("path", folder), Map.of("path", Map.of("$match", folder + "/*"))));
        List<ArtifactoryItem> all = pages(criteria, pageSize, problems);
        // $match's wildcards could match more than the folder: keep exactly what is in it
        all.removeIf(f -> !(f.path().equals(folder) || f.path().startsWith(folder + "/")));
        return all;
    }

    /**
     * The properties of {@code repo}'s files and folders, as one answer: AQL refuses
     * {@code .offset/.limit} when the query includes another domain's fields, so this query
     * cannot be paged; it asks only for the items that carry a property.
     */
    List<ArtifactoryItem> withProperties(String repo, ItemProblems problems) throws ConnectorException, InterruptedException {
        Map<String, Object> criteria = new LinkedHashMap<>();
        criteria.put("repo", repo);
        criteria.put("type", "any");
        criteria.put("property.key", Map.of("$match", "*"));
        String query = "items.find(" + json(criteria) + ").include(\"repo\",\"path\",\"name\",\"type\",\"property\")";
        JsonApi.Answer answer = api.postTextSearch(aqlUrl(), query);
        JsonNode results = results(answer.body(), aqlUrl());
        trimmed(answer.body(), problems);
        List<ArtifactoryItem> out = new ArrayList<>();
        for (JsonNode r : results) {
            problems.read(r, out);
        }
        return out;
    }

    private List<ArtifactoryItem> pages(Map<String, Object> criteria, int pageSize, ItemProblems problems)
            throws ConnectorException, InterruptedException {
        String find = "items.find(" + json(criteria) + ").include(" + String.join(",", FIELDS.stream().map(f -> "\"" + f + "\"").toList())
                + ").sort({\"$asc\":[\"path\",\"name\"]})";
        List<ArtifactoryItem> all = new ArrayList<>();
        HttpUrl url = aqlUrl();
        for (int page = 0; ; page++) {
            if (page >= MAX_PAGES) {
                throw new ConnectorException(JsonApi.where(url), "the AQL results did not end after " + MAX_PAGES + " pages");
            }
            problems.checkCancelled();
            long offset = (long) page * pageSize;
            JsonNode body = api.postTextSearch(url, find + ".offset(" + offset + ").limit(" + pageSize + ")").body();
            JsonNode results = results(body, url);
            JsonNode range = body.path("range");
            if (!range.path("start_pos").canConvertToLong() || range.path("start_pos").asLong() != offset) {
                throw new ConnectorException(JsonApi.where(url), "the AQL answer for offset " + offset + " starts at "
                        + (range.path("start_pos").isNumber() ? range.path("start_pos").asText() : "no \"range.start_pos\"")
                        + "; the server did not page as asked");
            }
            if (results.size() > pageSize) {
                throw new ConnectorException(JsonApi.where(url), "the AQL answer has " + results.size() + " results, more than the limit of "
                        + pageSize + " it was asked for");
            }
            trimmed(body, problems);
            for (JsonNode r : results) {
                problems.read(r, all);
            }
            problems.progress(all.size());
            if (results.size() < pageSize) {
                return all;
            }
        }
    }

    private static JsonNode results(JsonNode body, HttpUrl url) throws ConnectorException {
        if (!body.isObject() || !body.path("results").isArray()) {
            throw new ConnectorException(JsonApi.where(url), "expected an AQL answer ({\"results\":[…],\"range\":{…}}), got "
                    + (body.isObject() ? "an object without a \"results\" list" : body.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        return body.path("results");
    }

    /** Artifactory cuts answers at its search limit and says so in {@code range.notification}. */
    private static void trimmed(JsonNode body, ItemProblems problems) {
        JsonNode note = body.path("range").path("notification");
        if (note.isTextual()) {
            problems.report("Artifactory says: " + clean(note.asText()) + " (raise artifactory.search.userQueryLimit or narrow the repositories)");
        }
    }

    /** A storage API answer: file info, folder info, or with {@code properties} appended, the item's properties. */
    JsonNode storage(String repo, String fullPath, boolean properties) throws ConnectorException, InterruptedException {
        HttpUrl.Builder url = api.url("api/storage").addPathSegment(repo);
        if (fullPath != null && !fullPath.isEmpty() && !".".equals(fullPath)) {
            url.addPathSegments(fullPath);
        }
        if (properties) {
            url.addQueryParameter("properties", null);
        }
        return api.object(url.build());
    }

    static String where(HttpUrl url) {
        return JsonApi.where(url);
    }

    private static String json(Object o) {
        try {
            return WRITER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the AQL criteria", e);
        }
    }

    static String clean(String s) {
        String one = s.codePoints().limit(200).collect(StringBuilder::new, (b, c) -> b.appendCodePoint(Character.isISOControl(c) ? ' ' : c),
                StringBuilder::append).toString().strip();
        return s.length() > 200 ? one + "…" : one;
    }

    /** Where an unreadable result goes (a problem, the rest imported), and the run's progress and cancellation. */
    interface ItemProblems {
        void read(JsonNode result, List<ArtifactoryItem> into);

        void report(String message);

        void progress(int items);

        void checkCancelled() throws InterruptedException;
    }
}
