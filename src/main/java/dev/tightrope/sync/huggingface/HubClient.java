package dev.tightrope.sync.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.BoundedRead;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.base.UntrustedJson;
import dev.tightrope.sync.ConnectorException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The Hugging Face Hub's REST API (or an endpoint that speaks it, such as an Artifactory
 * Hugging Face remote), read-only. Answers are bounded while read and parsed strictly; the
 * token goes only to the configured origin: a {@code Link} to the next page on another host is
 * refused, and redirects are not followed.
 */
final class HubClient {

    /** A model's info with every file listed is the largest answer: 8 MiB is far beyond any real one. */
    static final long MAX_BYTES = 8L * 1024 * 1024;
    static final JsonLimits LIMITS = new JsonLimits(64, 1024 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER, MAX_BYTES);
    private static final UntrustedJson JSON = UntrustedJson.withLimits(LIMITS);
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    /** Far more pages than any organisation has (100 models a page): a server that never ends its list is refused. */
    static final int MAX_PAGES = 10_000;

    private final HttpUrl base;
    private final String token;
    private final OkHttpClient http;

    /**
     * One answer that says nothing usable about its record (404, not JSON, the wrong shape),
     * while the Hub itself answered: the caller may go on with the other records.
     */
    static final class UnreadableAnswer extends ConnectorException {
        UnreadableAnswer(String location, String message) {
            super(location, message);
        }
    }

    HubClient(HttpUrl base, String token, OkHttpClient http) {
        this.base = base;
        this.token = token;
        this.http = http.newBuilder().followRedirects(false).followSslRedirects(false).build();
    }

    static OkHttpClient defaultHttp() {
        return new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(15))
                .readTimeout(Duration.ofSeconds(60))
                .callTimeout(Duration.ofMinutes(2))
                .build();
    }

    HttpUrl base() {
        return base;
    }

    /** One page of a list ({@code /api/models?author=…}) and the URL of the next page, or null. */
    record Page(List<JsonNode> items, HttpUrl next) {
    }

    /** GETs a JSON array page; follows nothing itself. */
    Page page(HttpUrl url) throws ConnectorException {
        try (Response r = get(url)) {
            JsonNode body = parse(r, url);
            if (!body.isArray()) {
                throw new UnreadableAnswer(where(url), "expected a JSON array of items, got " + body.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
            }
            List<JsonNode> items = new ArrayList<>(body.size());
            body.forEach(items::add);
            return new Page(items, next(r.header("Link"), url));
        }
    }

    /** GETs one JSON object. */
    JsonNode object(HttpUrl url) throws ConnectorException {
        try (Response r = get(url)) {
            JsonNode body = parse(r, url);
            if (!body.isObject()) {
                throw new UnreadableAnswer(where(url), "expected a JSON object");
            }
            return body;
        }
    }

    private Response get(HttpUrl url) throws ConnectorException {
        Request.Builder req = new Request.Builder().url(url).header("Accept", "application/json");
        if (token != null && sameOrigin(url)) {
            req.header("Authorization", "Bearer " + token);
        }
        try {
            return http.newCall(req.build()).execute();
        } catch (IOException e) {
            throw new ConnectorException(where(url), "cannot reach the Hub: " + e.getMessage(), e);
        }
    }

    private JsonNode parse(Response r, HttpUrl url) throws ConnectorException {
        if (!r.isSuccessful()) {
            if (r.code() == 404) {
                throw new UnreadableAnswer(where(url), statusMessage(r));
            }
            throw new ConnectorException(where(url), statusMessage(r));
        }
        byte[] bytes = read(r, url);
        try {
            return JSON.read(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UnreadableAnswer(where(url), UntrustedJson.isDuplicateKey(e) ? "the answer is not valid JSON: a key appears twice"
                    : UntrustedJson.exceedsLimit(e) ? "the answer exceeds the JSON limits (depth, string or number length)"
                    : "the answer is not valid JSON");
        } catch (IOException e) {
            throw new UnreadableAnswer(where(url), "the answer is not valid JSON: " + e.getClass().getSimpleName());
        }
    }

    private String statusMessage(Response r) {
        return switch (r.code()) {
            case 401 -> "the Hub refused the token (401): check the token setting's environment variable";
            case 403 -> "the token may not read this (403)";
            case 404 -> "not found (404): check the author or the model id";
            case 429 -> "rate limited by the Hub (429)" + (r.header("Retry-After") == null ? "" : "; retry after " + r.header("Retry-After") + " s");
            default -> r.code() >= 300 && r.code() < 400
                    ? "the Hub redirected (" + r.code() + "); set the source's url to the address it redirects to"
                    : "the Hub answered " + r.code();
        };
    }

    private static byte[] read(Response r, HttpUrl url) throws ConnectorException {
        long declared = r.body().contentLength();
        if (declared > MAX_BYTES) {
            throw new ConnectorException(where(url), "the answer is " + declared + " bytes, more than the " + MAX_BYTES + " allowed");
        }
        try (InputStream in = r.body().byteStream()) {
            return BoundedRead.readAtMost(in, MAX_BYTES);
        } catch (BoundedRead.TooLargeException e) {
            throw new ConnectorException(where(url), "the answer is " + e.getMessage());
        } catch (IOException e) {
            throw new ConnectorException(where(url), "the answer broke off: " + e.getMessage(), e);
        }
    }

    /** The next page from a {@code Link} header; a link to another origin would take the token there: refused. */
    private HttpUrl next(String link, HttpUrl current) throws ConnectorException {
        if (link == null) {
            return null;
        }
        Matcher m = NEXT.matcher(link);
        if (!m.find()) {
            return null;
        }
        HttpUrl next = current.resolve(m.group(1));
        if (next == null || !sameOrigin(next)) {
            throw new ConnectorException(where(current), "the next page is on another host (" + (next == null ? "unreadable link" : next.host())
                    + "); refused, so the token stays with " + base.host());
        }
        return next;
    }

    private boolean sameOrigin(HttpUrl url) {
        return url.scheme().equals(base.scheme()) && url.host().equals(base.host()) && url.port() == base.port();
    }

    /** A URL as a location for the user: without its query's page cursor noise but with the path. */
    static String where(HttpUrl url) {
        return url.scheme() + "://" + url.host() + (url.port() == HttpUrl.defaultPort(url.scheme()) ? "" : ":" + url.port()) + url.encodedPath();
    }
}
