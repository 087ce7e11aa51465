package dev.tightrope.sync.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tightrope.sync.ConnectorException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JWT bearer grant against a local token endpoint: the assertion verified with the public key, the cache, refusals in words. */
class ServiceAccountTokenTest {

    static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    static final String EMAIL = "tightrope-reader@kestrel-support.iam.gserviceaccount.com";
    static final ObjectMapper JSON = new ObjectMapper();
    static KeyPair keys;

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

    @BeforeAll
    static void generateKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
    }

    @BeforeEach
    void start() throws Exception {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    ServiceAccountToken tokens() throws Exception {
        byte[] key = JSON.writeValueAsBytes(JSON.createObjectNode().put("type", "service_account").put("project_id", "kestrel-support")
                .put("private_key_id", "2b9e0c4f").put("private_key", ServiceAccountJwtTest.pem(keys.getPrivate().getEncoded()))
                .put("client_email", EMAIL).put("token_uri", server.url("/token").toString()));
        return new ServiceAccountToken(ServiceAccountJwt.fromJson(key, "key.json"), SCOPE, new OkHttpClient(), clock);
    }

    static MockResponse token(String accessToken, long expiresIn) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"access_token\":\"" + accessToken + "\",\"expires_in\":" + expiresIn + ",\"token_type\":\"Bearer\"}").build();
    }

    @Test
    void theSignedAssertionIsExchangedAtTheKeysTokenUri() throws Exception {
        server.enqueue(token("ya29.first", 3599));

        assertThat(tokens().accessToken()).isEqualTo("ya29.first");

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/token");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
        String[] form = request.getBody().utf8().split("&");
        assertThat(form[0]).isEqualTo("grant_type=" + "urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer");
        String jwt = URLDecoder.decode(form[1].substring("assertion=".length()), StandardCharsets.UTF_8);
        String[] parts = jwt.split("\\.");
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(keys.getPublic());
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rsa.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.path("iss").asText()).isEqualTo(EMAIL);
        assertThat(claims.path("aud").asText()).isEqualTo(server.url("/token").toString());
        assertThat(claims.path("scope").asText()).isEqualTo(SCOPE);
        assertThat(claims.path("iat").asLong()).isEqualTo(clock.now.getEpochSecond());
    }

    @Test
    void theTokenIsReusedUntilFiveMinutesBeforeItExpires() throws Exception {
        server.enqueue(token("ya29.first", 3600));
        server.enqueue(token("ya29.second", 3600));
        ServiceAccountToken tokens = tokens();

        assertThat(tokens.accessToken()).isEqualTo("ya29.first");
        clock.advance(Duration.ofMinutes(54).plusSeconds(59));
        assertThat(tokens.accessToken()).isEqualTo("ya29.first");
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.accessToken()).isEqualTo("ya29.second");
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(tokens.toString()).contains(EMAIL).doesNotContain("ya29");
    }

    @Test
    void aRefusedGrantSaysWhichAccountAndWhatUsuallyCausesIt() throws Exception {
        server.enqueue(new MockResponse.Builder().code(400).setHeader("Content-Type", "application/json")
                .body("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}").build());

        ServiceAccountToken tokens = tokens();
        assertThatThrownBy(tokens::accessToken)
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("refused the service account " + EMAIL + " (400): invalid_grant — Invalid JWT Signature.")
                .hasMessageContaining("the key may have been deleted or disabled");
    }

    @Test
    void anAnswerWithoutATokenOrNotJsonIsAClearError() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("{\"token_type\":\"Bearer\"}").build());
        server.enqueue(new MockResponse.Builder().code(502).body("<html>bad gateway</html>").build());
        ServiceAccountToken tokens = tokens();

        assertThatThrownBy(tokens::accessToken).hasMessageContaining("without a usable access_token and expires_in");
        assertThatThrownBy(tokens::accessToken).hasMessageContaining("answered 502 with something other than a JSON object");
    }
}
