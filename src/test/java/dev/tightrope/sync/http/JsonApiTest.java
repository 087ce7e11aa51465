package dev.tightrope.sync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.base.JsonLimits;
import dev.tightrope.sync.ConnectorException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared API client against a local server: retries, waits, origin rules, bounds, messages. */
class JsonApiTest {

    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    static final JsonLimits LIMITS = new JsonLimits(32, 4096, JsonLimits.LONGEST_PLAIN_NUMBER, 64 * 1024);

    MockWebServer server = new MockWebServer();
    List<Duration> slept = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    JsonApi api(int attempts) {
        RetryPolicy policy = new RetryPolicy(attempts, Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(60),
                slept::add, new Random(7));
        return new JsonApi("Test", server.url("/api/"), Auth.bearer("s3cret"), new OkHttpClient(), LIMITS, policy,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    @Test
    void retries429And5xxHonouringRetryAfterThenSucceeds() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "7").body("Retry later").build());
        server.enqueue(json(503, "{\"message\":\"down\"}"));
        server.enqueue(json(200, "{\"ok\":true}"));

        JsonApi.Answer a = api(4).get(server.url("/api/x"));

        assertThat(a.body().path("ok").asBoolean()).isTrue();
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(slept.get(0)).isEqualTo(Duration.ofSeconds(7));
        // no Retry-After on the 503: jittered backoff under the second step's cap (2 s)
        assertThat(slept.get(1)).isBetween(Duration.ZERO, Duration.ofSeconds(2));
    }

    @Test
    void retryAfterAsHttpDateAndRateLimitResetAreHonoured() throws Exception {
        server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "Thu, 03 Dec 2026 12:00:30 GMT").build());
        server.enqueue(json(403, "{\"message\":\"API rate limit exceeded\"}").newBuilder()
                .setHeader("x-ratelimit-remaining", "0").setHeader("x-ratelimit-reset", String.valueOf(NOW.getEpochSecond() + 10)).build());
        server.enqueue(json(200, "{}"));

        api(4).get(server.url("/api/x"));

        assertThat(slept).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(11));
    }

    @Test
    void aWaitLongerThanAllowedFailsSayingWhenToTryAgain() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "3600").build());

        assertThatThrownBy(() -> api(4).get(server.url("/api/models")))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("asks to wait 3600 s")
                .hasMessageContaining("2026-12-03T13:00:00Z")
                .satisfies(e -> assertThat(((ConnectorException) e).location()).endsWith("/api/models"));
        assertThat(slept).isEmpty();
    }

    @Test
    void givesUpAfterTheLastAttemptWithTheServersMessage() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(502, "{\"message\":\"upstream\\u0007 broke\"}"));
        }
        assertThatThrownBy(() -> api(3).get(server.url("/api/x")))
                .hasMessageContaining("Test failed (502) on 3 attempts")
                .hasMessageContaining("it said: upstream  broke");
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void statusesAreExplainedAnd404IsOneRecordsProblem() {
        server.enqueue(json(401, "{\"message\":\"Bad credentials\"}"));
        server.enqueue(json(403, "{\"message\":\"Resource not accessible\"}"));
        server.enqueue(json(404, "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"no such model\"}"));
        JsonApi api = api(1).permissionHint("the token needs read_api");

        assertThatThrownBy(() -> api.get(server.url("/api/a"))).hasMessageContaining("refused the credentials (401)").hasMessageContaining("Bad credentials");
        assertThatThrownBy(() -> api.get(server.url("/api/b"))).hasMessageContaining("forbids this (403): the token needs read_api");
        assertThatThrownBy(() -> api.get(server.url("/api/c"))).isInstanceOf(JsonApi.UnreadableAnswer.class).hasMessageContaining("no such model")
                .satisfies(e -> assertThat(((JsonApi.UnreadableAnswer) e).status()).as("the status, for callers to tell a 404 from a bad body").isEqualTo(404));
        server.enqueue(json(200, "{\"a\":1,\"a\":2}"));
        assertThatThrownBy(() -> api.get(server.url("/api/d"))).isInstanceOf(JsonApi.UnreadableAnswer.class)
                .satisfies(e -> assertThat(((JsonApi.UnreadableAnswer) e).status()).isZero());
    }

    @Test
    void aServiceCanNameMoreStatusesAsOneRecordsProblem() {
        server.enqueue(json(400, "{\"message\":\"Unreadable Notebook: broken.ipynb\"}"));
        server.enqueue(json(400, "{\"message\":\"bad request\"}"));

        assertThatThrownBy(() -> api(1).recordProblemStatuses(400).get(server.url("/api/a")))
                .isInstanceOf(JsonApi.UnreadableAnswer.class).hasMessageContaining("Unreadable Notebook");
        assertThatThrownBy(() -> api(1).get(server.url("/api/b")))
                .isNotInstanceOf(JsonApi.UnreadableAnswer.class).hasMessageContaining("answered 400");
    }

    @Test
    void redirectsAreNotFollowedAndNamedInTheMessage() throws Exception {
        server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "https://evil.example/steal").build());

        assertThatThrownBy(() -> api(1).get(server.url("/api/x")))
                .hasMessageContaining("redirected (302) to https://evil.example/steal");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void theCredentialGoesOnlyToTheOriginAndForeignNextPagesAreRefused() throws Exception {
        server.enqueue(json(200, "[]").newBuilder().setHeader("Link", "<https://elsewhere.example/api/x?page=2>; rel=\"next\"").build());
        JsonApi api = api(1);
        JsonApi.Answer a = api.get(server.url("/api/x"));

        RecordedRequest req = server.takeRequest();
        assertThat(req.getHeaders().get("Authorization")).isEqualTo("Bearer s3cret");
        assertThatThrownBy(() -> api.nextLink(a)).hasMessageContaining("the next page is on another host (elsewhere.example)");
    }

    @Test
    void nextLinkAmongOthersIsFound() throws Exception {
        String self = server.url("/api/x").toString();
        server.enqueue(json(200, "[]").newBuilder().setHeader("Link",
                "<" + self + "?page=1>; rel=\"prev\", <" + self + "?page=3>; rel=\"next\", <" + self + "?page=9>; rel=\"last\"").build());
        JsonApi api = api(1);

        assertThat(api.nextLink(api.get(server.url("/api/x"))).queryParameter("page")).isEqualTo("3");
    }

    @Test
    void bodiesAreBoundedAndParsedStrictly() {
        server.enqueue(json(200, "{\"a\":\"" + "x".repeat(70_000) + "\"}"));
        server.enqueue(json(200, "{\"a\":1,\"a\":2}"));
        server.enqueue(json(200, "<html>login</html>"));
        JsonApi api = api(1);

        assertThatThrownBy(() -> api.get(server.url("/api/big"))).hasMessageContaining("more than the 65536");
        assertThatThrownBy(() -> api.get(server.url("/api/dup"))).hasMessageContaining("a key appears twice");
        assertThatThrownBy(() -> api.get(server.url("/api/html"))).isInstanceOf(JsonApi.UnreadableAnswer.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void conditionalGetSendsTheEtagAndReportsNotModified() throws Exception {
        server.enqueue(new MockResponse.Builder().code(304).build());

        JsonApi.Answer a = api(1).getIfChanged(server.url("/api/x"), "\"abc\"");

        assertThat(a.notModified()).isTrue();
        assertThat(server.takeRequest().getHeaders().get("If-None-Match")).isEqualTo("\"abc\"");
    }

    @Test
    void postSearchSendsJsonAndIsRetried() throws Exception {
        server.enqueue(json(503, "{}"));
        server.enqueue(json(200, "{\"models\":[]}"));

        api(2).postSearch(server.url("/api/search"), Map.of("max_results", 100));

        server.takeRequest();
        RecordedRequest second = server.takeRequest();
        assertThat(second.getMethod()).isEqualTo("POST");
        assertThat(second.getBody().utf8()).isEqualTo("{\"max_results\":100}");
    }

    @Test
    void postTextSearchSendsPlainTextAndIsRetried() throws Exception {
        server.enqueue(json(429, "{\"errors\":[{\"status\":429,\"message\":\"Too many AQL queries\"}]}").newBuilder()
                .setHeader("Retry-After", "3").build());
        server.enqueue(json(200, "{\"results\":[],\"range\":{\"start_pos\":0,\"end_pos\":0,\"total\":0}}"));

        JsonApi.Answer a = api(2).postTextSearch(server.url("/api/search/aql"), "items.find({\"repo\":\"ml\"})");

        assertThat(a.body().path("results").isArray()).isTrue();
        assertThat(slept).containsExactly(Duration.ofSeconds(3));
        server.takeRequest();
        RecordedRequest second = server.takeRequest();
        assertThat(second.getMethod()).isEqualTo("POST");
        assertThat(second.getHeaders().get("Content-Type")).startsWith("text/plain");
        assertThat(second.getHeaders().get("Authorization")).isEqualTo("Bearer s3cret");
        assertThat(second.getBody().utf8()).isEqualTo("items.find({\"repo\":\"ml\"})");
    }

    @Test
    void anErrorsListsFirstMessageIsQuoted() {
        server.enqueue(json(404, "{\"errors\":[{\"status\":404,\"message\":\"Unable to find item\"},{\"status\":404,\"message\":\"other\"}]}"));

        assertThatThrownBy(() -> api(1).get(server.url("/api/storage/x")))
                .isInstanceOf(JsonApi.UnreadableAnswer.class)
                .hasMessageContaining("it said: Unable to find item")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("other"));
    }

    @Test
    void unreachableServersAreDescribedInWords() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        HttpUrl closed = HttpUrl.parse("http://127.0.0.1:" + port + "/api/");
        JsonApi api = new JsonApi("Test", closed, Auth.none(), new OkHttpClient(), LIMITS, RetryPolicy.once());

        assertThatThrownBy(() -> api.get(closed)).hasMessageContaining("cannot reach Test: the connection was refused");
        assertThat(Reachability.describe(new java.net.UnknownHostException("mlflow.nowhere.invalid")))
                .startsWith("DNS: the host name mlflow.nowhere.invalid does not resolve");
        assertThat(Reachability.describe(new javax.net.ssl.SSLHandshakeException("PKIX path building failed")))
                .contains("set the source's ca-bundle");
    }
}
