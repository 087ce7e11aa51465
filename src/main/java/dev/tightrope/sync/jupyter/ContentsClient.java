package dev.tightrope.sync.jupyter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.sync.ConnectorException;
import dev.tightrope.sync.http.Auth;
import dev.tightrope.sync.http.JsonApi;
import dev.tightrope.sync.http.RetryPolicy;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Jupyter Server's Contents API, read-only, over {@link JsonApi}: the token in an
 * {@code Authorization: token …} header (never {@code ?token=}, which lands in logs), sent only to
 * the configured origin; answers bounded and parsed strictly; 429 and 5xx retried. A 400 for one
 * notebook ("Unreadable Notebook") is that notebook's problem, not the server's.
 */
final class ContentsClient {

    /** A notebook with its outputs (base64 images, tables) can be large; 64 MiB is far beyond a sensible one. */
    static final long MAX_BYTES = 64L * 1024 * 1024;
    static final JsonLimits LIMITS = new JsonLimits(64, 32 * 1024 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER, MAX_BYTES);

    private final JsonApi api;

    ContentsClient(HttpUrl base, String token, OkHttpClient http, RetryPolicy retry) {
        this.api = new JsonApi("Jupyter Server", base, Auth.header("Authorization", "token " + token), http, LIMITS, retry)
                .permissionHint("the token was refused (Jupyter answers 403 to a wrong or missing token): check the token setting's environment variable or credentials line")
                .recordProblemStatuses(400);
    }

    HttpUrl base() {
        return api.base();
    }

    /** {@code /api/contents/<path>} with each segment encoded. */
    HttpUrl.Builder contents(String path) {
        HttpUrl.Builder b = api.url("api/contents");
        if (!path.isEmpty()) {
            for (String segment : path.split("/")) {
                b.addPathSegment(segment);
            }
        }
        return b;
    }

    /** A folder's model with its entries (their models without content). */
    JsonNode directory(String path) throws ConnectorException, InterruptedException {
        return api.object(contents(path).addQueryParameter("content", "1").build());
    }

    /** A notebook's model with its nbformat content and, where the server offers it, the file's hash. */
    JsonNode notebook(String path) throws ConnectorException, InterruptedException {
        return api.object(contents(path).addQueryParameter("type", "notebook").addQueryParameter("content", "1")
                .addQueryParameter("hash", "1").build());
    }

    /** Test connection: the root's model without content. */
    JsonNode root() throws ConnectorException, InterruptedException {
        return api.object(api.url("api/contents").addQueryParameter("content", "0").build());
    }

    static String where(HttpUrl url) {
        return JsonApi.where(url);
    }
}
