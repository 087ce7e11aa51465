package dev.tightrope.sync.vertexai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.sync.ConnectorException;
import dev.tightrope.sync.JsonFields;
import dev.tightrope.sync.http.JsonApi;
import dev.tightrope.sync.http.RetryPolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Vertex AI's v1 REST API for one project and location: {@code GET v1/projects/<p>/locations/<l>/<collection>}
 * read to its end by {@code nextPageToken}, every answer bounded and parsed strictly by
 * {@link JsonApi} (which also retries 429 RESOURCE_EXHAUSTED and 503 UNAVAILABLE). A fresh bearer
 * token is asked of the credential before each request (it caches it); a 403 names the permission
 * the call needed and the role that grants it.
 */
final class VertexAiClient {

    /** A page of 100 models is well under a MiB; a saved gcloud listing of thousands is a few. */
    static final long MAX_BYTES = 16L * 1024 * 1024;
    static final JsonLimits LIMITS = new JsonLimits(64, 1024 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER, MAX_BYTES);
    static final int PAGE_SIZE = 100;
    static final int MAX_PAGES = 10_000;
    static final String ROLE = "roles/aiplatform.viewer";

    /** Where the bearer token comes from, and how to say so. */
    interface Credential {
        String accessToken() throws ConnectorException;

        /** "the service account x@p.iam.gserviceaccount.com (key file /k.json)", "the access token in GOOGLE_OAUTH_ACCESS_TOKEN". */
        String origin();

        /** What to do when Vertex AI refuses it (401). */
        String whenRefused();
    }

    /** What one page of a listing does with its records. */
    @FunctionalInterface
    interface PageHandler {
        void accept(List<JsonNode> items) throws ConnectorException, InterruptedException;
    }

    private final JsonApi api;
    private final HttpUrl parent;
    private final Credential credential;
    private volatile String token = "";

    VertexAiClient(HttpUrl base, String project, String location, Credential credential, OkHttpClient http, RetryPolicy retry) {
        this.credential = credential;
        this.api = new JsonApi("Vertex AI", base, request -> request.header("Authorization", "Bearer " + token), http, LIMITS, retry)
                .credentialsHint("Google did not accept " + credential.origin() + ": " + credential.whenRefused());
        this.parent = base.newBuilder().addPathSegment("v1").addPathSegment("projects").addPathSegment(project)
                .addPathSegment("locations").addPathSegment(location).build();
    }

    /** {@code projects/<p>/locations/<l>} at the endpoint, for messages. */
    String where() {
        return JsonApi.where(parent);
    }

    /** A collection of the location: "models", "endpoints", …; or a model's versions: "models/<id>:listVersions". */
    HttpUrl collection(String... segments) {
        HttpUrl.Builder b = parent.newBuilder();
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b.build();
    }

    /** One page of {@code pageSize} records (Test connection asks for one). */
    JsonNode page(HttpUrl collection, int pageSize, String permission) throws ConnectorException, InterruptedException {
        authorize(permission);
        return api.object(collection.newBuilder().setQueryParameter("pageSize", String.valueOf(pageSize)).build());
    }

    /** A token for the next request, and the permission a 403 to it would be about. */
    private void authorize(String permission) throws ConnectorException {
        token = credential.accessToken();
        api.permissionHint(credential.origin() + " needs the permission " + permission + " on the project, which " + ROLE + " grants");
    }

    /** A listing read to its end; a page token repeated or pages without end fail the sync. */
    void list(HttpUrl collection, String field, String permission, PageHandler handler) throws ConnectorException, InterruptedException {
        Set<String> tokens = new HashSet<>();
        String pageToken = null;
        for (int pages = 0; ; pages++) {
            if (pages >= MAX_PAGES) {
                throw new ConnectorException(JsonApi.where(collection), "the listing did not end after " + MAX_PAGES + " pages");
            }
            authorize(permission);
            HttpUrl.Builder url = collection.newBuilder().setQueryParameter("pageSize", String.valueOf(PAGE_SIZE));
            if (pageToken != null) {
                url.setQueryParameter("pageToken", pageToken);
            }
            JsonNode body = api.object(url.build());
            JsonNode items = body.get(field);
            if (items != null && !items.isNull() && !items.isArray()) {
                throw new ConnectorException(JsonApi.where(collection), "\"" + field + "\" is not a list");
            }
            List<JsonNode> page = new ArrayList<>();
            if (items != null) {
                items.forEach(page::add);
            }
            handler.accept(page);
            String next = JsonFields.text(body, "nextPageToken");
            if (next == null || next.isBlank()) {
                return;
            }
            if (!tokens.add(next)) {
                throw new ConnectorException(JsonApi.where(collection), "Vertex AI returned a nextPageToken it had returned before: the listing would never end");
            }
            pageToken = next;
        }
    }
}
