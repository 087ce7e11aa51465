package dev.tightrope.sync.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tightrope.base.BoundedRead;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.base.UntrustedJson;
import dev.tightrope.sync.ConnectorException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A read-only client for one source's JSON API. Every answer is bounded while read and parsed
 * strictly ({@link UntrustedJson}); the credential goes only to the configured origin; redirects
 * are never followed (one to another host would take the credential with it); 429 and 5xx are
 * retried per the {@link RetryPolicy}. Errors say which service, which URL path and what was
 * wrong, in words; {@link UnreadableAnswer} marks the ones that concern one record only.
 */
public final class JsonApi {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final MediaType TEXT_TYPE = MediaType.get("text/plain; charset=utf-8");
    private static final ObjectMapper WRITER = new ObjectMapper();

    private final String service;
    private final HttpUrl base;
    private final Auth auth;
    private final OkHttpClient http;
    private final JsonLimits limits;
    private final UntrustedJson json;
    private final RetryPolicy retry;
    private final Clock clock;
    private String permissionHint = "";
    private String credentialsHint = "check the token setting's environment variable or credentials line";
    private final java.util.Map<String, String> fixedHeaders = new java.util.LinkedHashMap<>();
    private java.util.Set<Integer> recordStatuses = java.util.Set.of(404, 410);

    /**
     * One answer that says nothing usable about its record (404, not JSON, the wrong shape) while
     * the service itself answered: the caller may go on with the other records.
     */
    /** A 403: the credential works but lacks a permission (the message names it when the source says which). */
    public static final class Forbidden extends ConnectorException {
        public Forbidden(String location, String message) {
            super(location, message);
        }
    }

    /** A 401: the credential was refused (expired, revoked, or for another service); a caller that mints tokens may get a new one. */
    public static final class Unauthorized extends ConnectorException {
        public Unauthorized(String location, String message) {
            super(location, message);
        }
    }

    public static final class UnreadableAnswer extends ConnectorException {
        private final int status;

        public UnreadableAnswer(String location, String message) {
            this(location, message, 0);
        }

        public UnreadableAnswer(String location, String message, int status) {
            super(location, message);
            this.status = status;
        }

        /** The HTTP status that made the answer unreadable (404, 410, …), or 0 when it was the body. */
        public int status() {
            return status;
        }
    }

    /** A parsed answer: status, headers and the JSON body (null for 304 Not Modified). */
    public record Answer(HttpUrl url, int code, Headers headers, JsonNode body) {
        public boolean notModified() {
            return code == 304;
        }

        public String header(String name) {
            return headers.get(name);
        }
    }

    /**
     * @param service the service's name for messages ("MLflow", "GitHub")
     * @param base    the configured origin (and path prefix); credentials go only to this origin
     */
    public JsonApi(String service, HttpUrl base, Auth auth, OkHttpClient http, JsonLimits limits, RetryPolicy retry) {
        this(service, base, auth, http, limits, retry, Clock.systemUTC());
    }

    JsonApi(String service, HttpUrl base, Auth auth, OkHttpClient http, JsonLimits limits, RetryPolicy retry, Clock clock) {
        this.service = service;
        this.base = base;
        this.auth = auth == null ? Auth.none() : auth;
        this.http = http.newBuilder().followRedirects(false).followSslRedirects(false).build();
        this.limits = limits;
        this.json = UntrustedJson.withLimits(limits);
        this.retry = retry;
        this.clock = clock;
    }

    /**
     * A header every request carries (not a credential: those go through {@link Auth}, to the
     * origin only), e.g. GitHub's {@code Accept: application/vnd.github+json} and API version.
     */
    public JsonApi header(String name, String value) {
        fixedHeaders.put(name, value);
        return this;
    }

    /** Appended to the 403 message: which permission the token needs, e.g. "the token needs read_api". */
    public JsonApi permissionHint(String hint) {
        this.permissionHint = hint == null ? "" : hint;
        return this;
    }

    /** Replaces the 401 message's advice, for sources whose credentials are not a token setting (a key file, a cloud login). */
    public JsonApi credentialsHint(String hint) {
        if (hint != null && !hint.isBlank()) {
            this.credentialsHint = hint;
        }
        return this;
    }

    /**
     * Statuses that, besides 404 and 410, say one record cannot be read while the service works:
     * Jupyter answers 400 "Unreadable Notebook" for one malformed file among good ones.
     */
    public JsonApi recordProblemStatuses(int... statuses) {
        java.util.Set<Integer> all = new java.util.HashSet<>(java.util.Set.of(404, 410));
        for (int s : statuses) {
            all.add(s);
        }
        this.recordStatuses = java.util.Set.copyOf(all);
        return this;
    }

    public HttpUrl base() {
        return base;
    }

    /** {@code base} plus {@code segments} ("api/2.0/mlflow/runs/get"), for building request URLs. */
    public HttpUrl.Builder url(String segments) {
        return base.newBuilder().addPathSegments(segments);
    }

    /** GETs one JSON document. */
    public Answer get(HttpUrl url) throws ConnectorException, InterruptedException {
        return send(url, null, null);
    }

    /** GETs with {@code If-None-Match}; the answer is {@link Answer#notModified()} when nothing changed. */
    public Answer getIfChanged(HttpUrl url, String etag) throws ConnectorException, InterruptedException {
        return send(url, null, etag);
    }

    /** POSTs a JSON body to a read-only search endpoint (retried like a GET: searches change nothing). */
    public Answer postSearch(HttpUrl url, Object body) throws ConnectorException, InterruptedException {
        try {
            return send(url, RequestBody.create(WRITER.writeValueAsBytes(body), JSON_TYPE), null);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request", e);
        }
    }

    /**
     * POSTs a plain-text query to a read-only search endpoint whose language is not JSON
     * (Artifactory's AQL: {@code items.find(...)}); the answer is JSON, bounded and retried as for
     * {@link #postSearch}.
     */
    public Answer postTextSearch(HttpUrl url, String query) throws ConnectorException, InterruptedException {
        return send(url, RequestBody.create(query, TEXT_TYPE), null);
    }

    /** GETs a JSON object, refusing any other shape as this record's problem. */
    public JsonNode object(HttpUrl url) throws ConnectorException, InterruptedException {
        JsonNode body = get(url).body();
        if (!body.isObject()) {
            throw new UnreadableAnswer(where(url), "expected a JSON object, got " + kind(body));
        }
        return body;
    }

    private Answer send(HttpUrl url, RequestBody post, String etag) throws ConnectorException, InterruptedException {
        Request.Builder req = new Request.Builder().url(url).header("Accept", "application/json");
        fixedHeaders.forEach(req::header);
        if (sameOrigin(url)) {
            auth.apply(req);
        }
        if (etag != null) {
            req.header("If-None-Match", etag);
        }
        if (post != null) {
            req.post(post);
        }
        Request request = req.build();
        for (int attempt = 0; ; attempt++) {
            boolean last = attempt + 1 >= retry.attempts();
            Response r;
            try {
                r = http.newCall(request).execute();
            } catch (IOException e) {
                if (last) {
                    throw new ConnectorException(where(url), "cannot reach " + service + ": " + Reachability.describe(e), e);
                }
                wait(retry.backoff(attempt, null, clock.instant()), url);
                continue;
            }
            try (r) {
                if (RetryPolicy.retryable(r.code(), r.headers()) && !last) {
                    wait(retry.backoff(attempt, r.headers(), clock.instant()), url);
                    continue;
                }
                if (r.code() == 304 && etag != null) {
                    return new Answer(url, 304, r.headers(), null);
                }
                if (!r.isSuccessful()) {
                    throw failure(r, url);
                }
                return new Answer(url, r.code(), r.headers(), parse(read(r, url), url));
            }
        }
    }

    private void wait(Duration d, HttpUrl url) throws ConnectorException, InterruptedException {
        if (d.compareTo(retry.maxWait()) > 0) {
            throw new ConnectorException(where(url), service + " asks to wait " + d.toSeconds() + " s before the next request"
                    + " (rate limit); sync again after " + clock.instant().plus(d).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        retry.sleeper().sleep(d);
    }

    private ConnectorException failure(Response r, HttpUrl url) {
        String said = serverMessage(r);
        String message = switch (r.code()) {
            case 401 -> service + " refused the credentials (401): " + credentialsHint;
            case 403 -> service + " forbids this (403)" + (permissionHint.isEmpty() ? "" : ": " + permissionHint);
            case 404 -> "not found (404): check the url and the names in the source's settings";
            case 429 -> service + " kept rate-limiting (429) after " + retry.attempts() + " attempts" + (r.header("Retry-After") == null ? ""
                    : "; it asks to retry after " + r.header("Retry-After") + " s");
            default -> r.code() >= 300 && r.code() < 400
                    ? service + " redirected (" + r.code() + ")" + redirectTarget(r) + "; set the source's url to the address it redirects to"
                    : r.code() >= 500 ? service + " failed (" + r.code() + ")" + (retry.attempts() > 1 ? " on " + retry.attempts() + " attempts" : "")
                    : service + " answered " + r.code();
        };
        message += said.isEmpty() ? "" : " — it said: " + said;
        if (r.code() == 403) {
            return new Forbidden(where(url), message);
        }
        if (r.code() == 401) {
            return new Unauthorized(where(url), message);
        }
        return recordStatuses.contains(r.code()) ? new UnreadableAnswer(where(url), message, r.code()) : new ConnectorException(where(url), message);
    }

    private static String redirectTarget(Response r) {
        String to = r.header("Location");
        HttpUrl target = to == null ? null : r.request().url().resolve(to);
        return target == null ? "" : " to " + where(target);
    }

    /**
     * The message an API put in its error body ({@code message}, {@code error}, {@code error.message},
     * {@code errors[0].message}, or a short plain-text body), cleaned to one line of at most 200 printable characters.
     */
    private String serverMessage(Response r) {
        try (InputStream in = r.body().byteStream()) {
            byte[] bytes = BoundedRead.readAtMost(in, 64 * 1024);
            String text = null;
            try {
                JsonNode body = UntrustedJson.withLimits(new JsonLimits(16, 4096, JsonLimits.LONGEST_PLAIN_NUMBER, 64 * 1024)).read(bytes);
                for (String key : new String[] {"message", "error_description", "error", "errors"}) {
                    JsonNode v = body.get(key);
                    if (v != null && v.isTextual()) {
                        text = v.asText();
                        break;
                    }
                    if (v != null && v.isArray() && v.size() > 0) {
                        v = v.get(0); // Artifactory: {"errors":[{"status":404,"message":"..."}]}
                    }
                    if (v != null && v.isObject() && v.path("message").isTextual()) {
                        text = v.path("message").asText();
                        break;
                    }
                }
            } catch (IOException notJson) {
                String s = new String(bytes, StandardCharsets.UTF_8).strip();
                text = s.length() <= 200 && !s.startsWith("<") ? s : null;
            }
            return text == null ? "" : clean(text);
        } catch (IOException e) {
            return "";
        }
    }

    /** A service's own words made safe to show: one line, control characters blanked, at most 200 characters. */
    public static String clean(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return out.toString().strip() + (s.codePointCount(0, s.length()) > 200 ? "…" : "");
    }

    private byte[] read(Response r, HttpUrl url) throws ConnectorException {
        long max = limits.maxDocumentLength();
        long declared = r.body().contentLength();
        if (declared > max) {
            throw new ConnectorException(where(url), "the answer is " + declared + " bytes, more than the " + max + " allowed");
        }
        try (InputStream in = r.body().byteStream()) {
            return BoundedRead.readAtMost(in, max, declared);
        } catch (BoundedRead.TooLargeException e) {
            throw new ConnectorException(where(url), "the answer is " + e.getMessage());
        } catch (IOException e) {
            throw new ConnectorException(where(url), "the answer broke off: " + e.getMessage(), e);
        }
    }

    private JsonNode parse(byte[] bytes, HttpUrl url) throws ConnectorException {
        try {
            return json.read(bytes);
        } catch (JsonProcessingException e) {
            throw new UnreadableAnswer(where(url), UntrustedJson.isDuplicateKey(e) ? "the answer is not valid JSON: a key appears twice"
                    : UntrustedJson.exceedsLimit(e) ? "the answer exceeds the JSON limits (depth, string or number length)"
                    : "the answer is not valid JSON");
        } catch (IOException e) {
            throw new UnreadableAnswer(where(url), "the answer is not valid JSON: " + e.getClass().getSimpleName());
        }
    }

    /**
     * The next page from an answer's {@code Link} header ({@code rel="next"}), or null. A link to
     * another origin would take the credential there: refused, failing the sync.
     */
    public HttpUrl nextLink(Answer answer) throws ConnectorException {
        String link = answer.header("Link");
        if (link == null) {
            return null;
        }
        for (String part : link.split(",(?=\\s*<)")) {
            Matcher m = NEXT.matcher(part);
            if (m.find()) {
                HttpUrl next = answer.url().resolve(m.group(1).strip());
                return checkSameOrigin(next, answer.url(), "the next page");
            }
        }
        return null;
    }

    /** {@code url} when it is on the configured origin; otherwise the sync fails, naming the host. */
    public HttpUrl checkSameOrigin(HttpUrl url, HttpUrl from, String what) throws ConnectorException {
        if (url == null || !sameOrigin(url)) {
            throw new ConnectorException(where(from), what + " is on another host (" + (url == null ? "unreadable link" : url.host())
                    + "); refused, so the credentials stay with " + base.host());
        }
        return url;
    }

    private boolean sameOrigin(HttpUrl url) {
        return url.scheme().equals(base.scheme()) && url.host().equals(base.host()) && url.port() == base.port();
    }

    /** A URL as a location for the user: scheme, host, port and path, without the query's tokens and cursors. */
    public static String where(HttpUrl url) {
        return url.scheme() + "://" + url.host() + (url.port() == HttpUrl.defaultPort(url.scheme()) ? "" : ":" + url.port()) + url.encodedPath();
    }

    static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
