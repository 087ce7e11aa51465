package dev.tightrope.sync.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.sync.ConnectorException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client-credentials grant against a local token endpoint: the request field by field, the cache, refusals in words. */
class AzureClientCredentialsTest {

    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static final String CLIENT = "0f3c2a1b-4d5e-6f70-8192-a3b4c5d6e7f8";
    static final String SECRET = "Xy8Q~s3cr3t.v4lue_with+and/and=";

    MockWebServer server = new MockWebServer();
    MovableClock clock = new MovableClock(Instant.parse("2026-12-07T15:00:00Z"));

    /** A clock the test moves forward, to pass a token's expiry without sleeping. */
    static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @BeforeEach
    void start() throws Exception {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    AzureClientCredentials credentials() {
        String authority = server.url("/").toString();
        return new AzureClientCredentials(authority.substring(0, authority.length() - 1), TENANT, CLIENT, SECRET, new OkHttpClient(), clock);
    }

    static MockResponse token(String accessToken, Object expiresIn) {
        String expires = expiresIn instanceof String s ? "\"" + s + "\"" : String.valueOf(expiresIn);
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"token_type\":\"Bearer\",\"expires_in\":" + expires + ",\"ext_expires_in\":" + expires
                        + ",\"access_token\":\"" + accessToken + "\"}")
                .build();
    }

    static Map<String, String> form(RecordedRequest request) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : request.getBody().utf8().split("&")) {
            String[] kv = pair.split("=", 2);
            fields.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return fields;
    }

    @Test
    void requestsATokenForResourceManagerWithTheClientCredentialsGrant() throws Exception {
        server.enqueue(token("eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.first", 3599));

        String accessToken = credentials().accessToken();

        assertThat(accessToken).isEqualTo("eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.first");
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/" + TENANT + "/oauth2/v2.0/token");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(request.getHeaders().get("Authorization")).isNull();
        assertThat(form(request)).containsExactly(
                Map.entry("grant_type", "client_credentials"),
                Map.entry("client_id", CLIENT),
                Map.entry("client_secret", SECRET),
                Map.entry("scope", "https://management.azure.com/.default"));
    }

    @Test
    void theTokenIsReusedUntilFiveMinutesBeforeItExpires() throws Exception {
        server.enqueue(token("first", 3600));
        server.enqueue(token("second", "3600"));
        AzureClientCredentials credentials = credentials();

        assertThat(credentials.accessToken()).isEqualTo("first");
        clock.advance(Duration.ofMinutes(54).plusSeconds(59));
        assertThat(credentials.accessToken()).isEqualTo("first");
        assertThat(server.getRequestCount()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(credentials.accessToken()).isEqualTo("second");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aShortLivedTokenIsRenewedAtHalfItsLife() throws Exception {
        server.enqueue(token("short", 120));
        server.enqueue(token("next", 120));
        AzureClientCredentials credentials = credentials();

        credentials.accessToken();
        clock.advance(Duration.ofSeconds(59));
        assertThat(credentials.accessToken()).isEqualTo("short");
        clock.advance(Duration.ofSeconds(1));
        assertThat(credentials.accessToken()).isEqualTo("next");
    }

    @Test
    void anInvalidatedTokenIsFetchedAgain() throws Exception {
        server.enqueue(token("revoked", 3600));
        server.enqueue(token("fresh", 3600));
        AzureClientCredentials credentials = credentials();

        credentials.accessToken();
        credentials.invalidate();

        assertThat(credentials.accessToken()).isEqualTo("fresh");
    }

    @Test
    void aRefusalIsExplainedWithoutTheSecret() throws Exception {
        server.enqueue(new MockResponse.Builder().code(401).setHeader("Content-Type", "application/json")
                .body("{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided. Ensure the"
                        + " secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '"
                        + CLIENT + "'. Provided: " + SECRET + "\\r\\nTrace ID: 0a1b\\r\\nCorrelation ID: 2c3d\",\"error_codes\":[7000215],"
                        + "\"trace_id\":\"0a1b\",\"correlation_id\":\"2c3d\"}")
                .build());

        assertThatThrownBy(() -> credentials().accessToken())
                .isInstanceOf(ConnectorException.class)
                .hasMessageStartingWith("Microsoft Entra ID refused the client credentials of client " + CLIENT + " in tenant " + TENANT + " (401)")
                .hasMessageContaining("invalid_client — AADSTS7000215: Invalid client secret provided.")
                .hasMessageNotContaining(SECRET)
                .hasMessageNotContaining("Trace ID")
                .extracting(e -> ((ConnectorException) e).location()).asString().endsWith("/" + TENANT + "/oauth2/v2.0/token");
    }

    @Test
    void anAnswerWithoutATokenOrNotJsonIsAnError() {
        server.enqueue(new MockResponse.Builder().code(200).body("{\"token_type\":\"Bearer\",\"expires_in\":3599}").build());
        server.enqueue(new MockResponse.Builder().code(502).body("<html>Bad gateway</html>").build());
        AzureClientCredentials credentials = credentials();

        assertThatThrownBy(credentials::accessToken).hasMessageContaining("without a usable access_token");
        assertThatThrownBy(credentials::accessToken).hasMessage("the token endpoint answered 502 with something other than a JSON object");
    }

    @Test
    void redirectsAreNotFollowedSoTheSecretStaysWithTheTokenEndpoint() throws Exception {
        server.enqueue(new MockResponse.Builder().code(307).setHeader("Location", "/elsewhere").body("{}").build());

        assertThatThrownBy(() -> credentials().accessToken()).hasMessageContaining("(307)");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void toStringAndBadSettingsNeverShowTheSecret() {
        AzureClientCredentials credentials = credentials();

        assertThat(credentials.toString()).contains(CLIENT).doesNotContain(SECRET);
        assertThatThrownBy(() -> new AzureClientCredentials("https://login.microsoftonline.com", "../common", CLIENT, SECRET, new OkHttpClient(), clock))
                .hasMessageContaining("tenant").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> new AzureClientCredentials("http://login.example.com", TENANT, CLIENT, SECRET, new OkHttpClient(), clock))
                .hasMessageContaining("https");
        assertThat(new AzureClientCredentials(AzureClientCredentials.PUBLIC_CLOUD_AUTHORITY, TENANT, CLIENT, SECRET, new OkHttpClient(), clock)
                .tokenEndpoint().toString()).isEqualTo("https://login.microsoftonline.com/" + TENANT + "/oauth2/v2.0/token");
    }
}
