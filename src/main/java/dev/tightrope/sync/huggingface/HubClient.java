package dev.tightrope.sync.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.sync.ConnectorException;
import dev.tightrope.sync.http.Auth;
import dev.tightrope.sync.http.JsonApi;
import dev.tightrope.sync.http.RetryPolicy;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The Hugging Face Hub's REST API (or an endpoint that speaks it, such as an Artifactory
 * Hugging Face remote), read-only, over {@link JsonApi}: bounded, strict, the token only to the
 * configured origin, {@code Link} paging that stays there, retries on 429 and 5xx.
 */
final class HubClient {

    /** A model's info with every file listed is the largest answer: 8 MiB is far beyond any real one. */
    static final long MAX_BYTES = 8L * 1024 * 1024;
    static final JsonLimits LIMITS = new JsonLimits(64, 1024 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER, MAX_BYTES);
    /** Far more pages than any organisation has (100 models a page): a server that never ends its list is refused. */
    static final int MAX_PAGES = 10_000;

    private final JsonApi api;

    HubClient(HttpUrl base, String token, OkHttpClient http, RetryPolicy retry) {
        this.api = new JsonApi("the Hub", base, token == null ? Auth.none() : Auth.bearer(token), http, LIMITS, retry)
                .permissionHint("the token needs read access to the author's repositories (a fine-grained token: \"Read access to contents of all public gated repos\" and the org's repos)");
    }

    HttpUrl base() {
        return api.base();
    }

    /** One page of a list ({@code /api/models?author=…}) and the URL of the next page, or null. */
    record Page(List<JsonNode> items, HttpUrl next) {
    }

    /** GETs a JSON array page; follows nothing itself. */
    Page page(HttpUrl url) throws ConnectorException, InterruptedException {
        JsonApi.Answer answer = api.get(url);
        JsonNode body = answer.body();
        if (!body.isArray()) {
            throw new JsonApi.UnreadableAnswer(where(url), "expected a JSON array of items, got "
                    + body.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        List<JsonNode> items = new ArrayList<>(body.size());
        body.forEach(items::add);
        return new Page(items, api.nextLink(answer));
    }

    /** GETs one JSON object. */
    JsonNode object(HttpUrl url) throws ConnectorException, InterruptedException {
        return api.object(url);
    }

    static String where(HttpUrl url) {
        return JsonApi.where(url);
    }
}
