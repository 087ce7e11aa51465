package dev.tightrope.sync.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.sync.ConnectorException;
import dev.tightrope.sync.http.Auth;
import dev.tightrope.sync.http.JsonApi;
import dev.tightrope.sync.http.RetryPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * MLflow's REST API 2.0 ({@code <base>/api/2.0/mlflow/…}), read-only, over {@link JsonApi}:
 * bounded, strict, the token (Bearer: an MLflow server's or a Databricks personal access token)
 * only to the configured origin, retries on 429 and 5xx.
 */
final class MlflowClient {

    static final String API = "api/2.0/mlflow/";
    /** A page of 1,000 versions with their tags is a few MiB; 32 MiB is far beyond any real answer. */
    static final long MAX_BYTES = 32L * 1024 * 1024;
    static final JsonLimits LIMITS = new JsonLimits(64, 1024 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER, MAX_BYTES);
    /** Far more pages than any registry has (1,000 records a page): a server that never ends its list is refused. */
    static final int MAX_PAGES = 10_000;
    static final int MAX_TOKEN = 8192;

    private final JsonApi api;

    MlflowClient(HttpUrl base, String token, OkHttpClient http, RetryPolicy retry) {
        this.api = new JsonApi("MLflow", base, token == null ? Auth.none() : Auth.bearer(token), http, LIMITS, retry)
                .recordProblemStatuses(400)
                .permissionHint("the token needs read access to the registered models and their experiments"
                        + " (Databricks: CAN READ on the models and experiments)");
    }

    HttpUrl base() {
        return api.base();
    }

    /** One page of a search answer: the records under {@code field} and the next page's token, or null. */
    record Page(List<JsonNode> items, String nextToken) {
    }

    /** {@code GET <endpoint>?<params>&page_token=<token>}. */
    Page get(String endpoint, String field, Map<String, String> params, String token) throws ConnectorException, InterruptedException {
        HttpUrl.Builder url = api.url(API + endpoint);
        params.forEach(url::addQueryParameter);
        if (token != null) {
            url.addQueryParameter("page_token", token);
        }
        HttpUrl u = url.build();
        return page(api.get(u).body(), field, u);
    }

    /** {@code POST <endpoint>} with {@code body} plus {@code page_token}: the search endpoints that take a JSON body. */
    Page post(String endpoint, String field, Map<String, Object> body, String token) throws ConnectorException, InterruptedException {
        HttpUrl u = api.url(API + endpoint).build();
        Map<String, Object> request = new java.util.LinkedHashMap<>(body);
        if (token != null) {
            request.put("page_token", token);
        }
        return page(api.postSearch(u, request).body(), field, u);
    }

    /** {@code GET runs/get?run_id=}: the run object. A missing run is this record's problem ({@link JsonApi.UnreadableAnswer}). */
    JsonNode run(String runId) throws ConnectorException, InterruptedException {
        HttpUrl u = api.url(API + "runs/get").addQueryParameter("run_id", runId).build();
        JsonNode body = api.object(u);
        JsonNode run = body.get("run");
        if (run == null || !run.isObject()) {
            throw new JsonApi.UnreadableAnswer(JsonApi.where(u), "expected {\"run\": {…}} for run " + runId);
        }
        return run;
    }

    /**
     * A search answer: protobuf JSON leaves empty lists out, so {@code {}} is an empty last page;
     * anything under {@code field} but a list is the wrong shape and fails the sync.
     */
    static Page page(JsonNode body, String field, HttpUrl url) throws ConnectorException {
        String where = JsonApi.where(url);
        if (!body.isObject()) {
            throw new ConnectorException(where, "expected a JSON object with \"" + field + "\", got " + kind(body));
        }
        JsonNode list = body.get(field);
        List<JsonNode> items = new ArrayList<>();
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new ConnectorException(where, "\"" + field + "\" is " + kind(list) + ", not a list");
            }
            list.forEach(items::add);
        }
        JsonNode next = body.get("next_page_token");
        String token = null;
        if (next != null && !next.isNull()) {
            if (!next.isTextual() || next.asText().length() > MAX_TOKEN) {
                throw new ConnectorException(where, "\"next_page_token\" is not a page token (a string of at most " + MAX_TOKEN + " characters)");
            }
            token = next.asText().isEmpty() ? null : next.asText();
        }
        return new Page(items, token);
    }

    static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
