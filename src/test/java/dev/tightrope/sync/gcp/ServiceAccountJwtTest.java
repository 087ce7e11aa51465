package dev.tightrope.sync.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.sync.ConnectorException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service-account key file written in the test with a fresh RSA key, and the assertion checked with its public key. */
class ServiceAccountJwtTest {

    static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    static final Instant NOW = Instant.parse("2026-12-07T15:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();
    static KeyPair keys;

    @TempDir
    Path dir;

    @BeforeAll
    static void generateKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
    }

    static String pem(byte[] pkcs8) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n";
    }

    ObjectNode keyFile(String privateKeyPem) {
        return JSON.createObjectNode()
                .put("type", "service_account")
                .put("project_id", "fraud-ml")
                .put("private_key_id", "6f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6")
                .put("private_key", privateKeyPem)
                .put("client_email", "tightrope-reader@fraud-ml.iam.gserviceaccount.com")
                .put("client_id", "104729384756102938475")
                .put("auth_uri", "https://accounts.google.com/o/oauth2/auth")
                .put("token_uri", "https://oauth2.googleapis.com/token")
                .put("universe_domain", "googleapis.com");
    }

    ServiceAccountJwt load(ObjectNode key) throws Exception {
        Path file = dir.resolve("fraud-ml-6f1e2d3c4b5a.json");
        Files.write(file, JSON.writeValueAsBytes(key));
        return ServiceAccountJwt.fromJson(Files.readAllBytes(file), file.toString());
    }

    static JsonNode part(String b64url) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(b64url));
    }

    @Test
    void assertionIsSignedWithTheKeyAndCarriesEveryClaim() throws Exception {
        ServiceAccountJwt account = load(keyFile(pem(keys.getPrivate().getEncoded())));

        String jwt = account.assertion(SCOPE, NOW);

        String[] parts = jwt.split("\\.");
        assertThat(parts).hasSize(3);
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(keys.getPublic());
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rsa.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();

        JsonNode header = part(parts[0]);
        assertThat(header.size()).isEqualTo(3);
        assertThat(header.path("alg").asText()).isEqualTo("RS256");
        assertThat(header.path("typ").asText()).isEqualTo("JWT");
        assertThat(header.path("kid").asText()).isEqualTo("6f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6");
        JsonNode claims = part(parts[1]);
        assertThat(claims.size()).isEqualTo(5);
        assertThat(claims.path("iss").asText()).isEqualTo("tightrope-reader@fraud-ml.iam.gserviceaccount.com");
        assertThat(claims.path("scope").asText()).isEqualTo(SCOPE);
        assertThat(claims.path("aud").asText()).isEqualTo("https://oauth2.googleapis.com/token");
        assertThat(claims.path("iat").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(claims.path("exp").asLong()).isEqualTo(NOW.getEpochSecond() + 3600);
        assertThat(jwt).doesNotContain("=").doesNotContain("+").doesNotContain("/");
    }

    @Test
    void aSignatureOverOtherClaimsDoesNotVerify() throws Exception {
        String[] parts = load(keyFile(pem(keys.getPrivate().getEncoded()))).assertion(SCOPE, NOW).split("\\.");
        String otherClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"iss\":\"someone-else@example.com\"}").getBytes(StandardCharsets.UTF_8));

        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(keys.getPublic());
        rsa.update((parts[0] + "." + otherClaims).getBytes(StandardCharsets.US_ASCII));

        assertThat(rsa.verify(Base64.getUrlDecoder().decode(parts[2]))).isFalse();
    }

    @Test
    void tokenRequestBodyIsTheJwtBearerGrant() throws Exception {
        ServiceAccountJwt account = load(keyFile(pem(keys.getPrivate().getEncoded())));

        String body = account.tokenRequestBody(SCOPE, NOW);

        assertThat(body).startsWith("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=");
        String assertion = URLDecoder.decode(body.substring(body.indexOf("&assertion=") + "&assertion=".length()), StandardCharsets.UTF_8);
        assertThat(assertion).isEqualTo(account.assertion(SCOPE, NOW));
        assertThat(account.tokenUri().toString()).isEqualTo("https://oauth2.googleapis.com/token");
    }

    @Test
    void toStringShowsTheAccountButNotTheKey() throws Exception {
        ServiceAccountJwt account = load(keyFile(pem(keys.getPrivate().getEncoded())));

        assertThat(account.toString()).contains("tightrope-reader@fraud-ml.iam.gserviceaccount.com")
                .doesNotContain("PRIVATE KEY").contains("(redacted)");
    }

    @Test
    void aMalformedKeyIsAClearErrorThatDoesNotEchoTheKey() throws Exception {
        // the DER structure's first bytes overwritten: no key of any size parses after that
        String good = pem(keys.getPrivate().getEncoded());
        int start = "-----BEGIN PRIVATE KEY-----\n".length();
        String broken = good.substring(0, start) + "AAAAAAAAAAAA" + good.substring(start + 12);
        String body = broken.substring("-----BEGIN PRIVATE KEY-----\n".length(), "-----BEGIN PRIVATE KEY-----\n".length() + 40);

        assertThatThrownBy(() -> load(keyFile(broken)))
                .isInstanceOf(ConnectorException.class)
                .hasMessageStartingWith("private_key is not a readable RSA key")
                .hasMessageNotContaining(body)
                .extracting(e -> ((ConnectorException) e).location()).isEqualTo(dir.resolve("fraud-ml-6f1e2d3c4b5a.json").toString());
    }

    @Test
    void aPkcs1KeyIsRefusedWithHowToConvertIt() {
        assertThatThrownBy(() -> load(keyFile("-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\n")))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("not a PEM PKCS#8 key")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt")
                .hasMessageNotContaining("MIIEow");
    }

    @Test
    void aUserLoginFileIsNotAServiceAccountKey() {
        ObjectNode adc = JSON.createObjectNode().put("type", "authorized_user").put("client_id", "x").put("refresh_token", "1//secret");

        assertThatThrownBy(() -> load(adc))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("authorized_user")
                .hasMessageNotContaining("1//secret");
    }

    @Test
    void missingFieldsAndPlainHttpTokenUrisAreRefused() {
        ObjectNode noEmail = keyFile(pem(keys.getPrivate().getEncoded()));
        noEmail.remove("client_email");
        ObjectNode plainHttp = keyFile(pem(keys.getPrivate().getEncoded())).put("token_uri", "http://tokens.example.com/token");

        assertThatThrownBy(() -> load(noEmail)).hasMessage("the service-account key has no client_email");
        assertThatThrownBy(() -> load(plainHttp)).hasMessageContaining("token_uri: url must use https");
    }

    @Test
    void duplicateKeysAreRefusedByTheStrictReader() {
        byte[] twice = "{\"client_email\":\"a@x.iam.gserviceaccount.com\",\"client_email\":\"b@x.iam.gserviceaccount.com\"}"
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ServiceAccountJwt.fromJson(twice, "key.json"))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("duplicate key");
    }
}
