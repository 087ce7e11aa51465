package dev.tightrope.sync.gcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.base.UntrustedJson;
import dev.tightrope.sync.ConnectorException;
import dev.tightrope.sync.http.HttpSettings;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import okhttp3.HttpUrl;

/**
 * A Google service account's key file ({@code gcloud iam service-accounts keys create}) and the
 * OAuth 2.0 JWT bearer assertion made with it: an RS256-signed JWT with {@code iss} the account's
 * e-mail, the requested {@code scope}, {@code aud} the key file's {@code token_uri}, valid for one
 * hour, exchanged at {@code token_uri} for an access token.
 *
 * <p>The private key stays inside: {@link #toString()} shows the account and key id only, and no
 * error quotes the file.
 */
public final class ServiceAccountJwt {

    /** The longest a Google assertion may be valid. */
    public static final Duration LIFETIME = Duration.ofHours(1);
    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    static final String GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";

    private static final UntrustedJson JSON = UntrustedJson.withLimits(new JsonLimits(8, 16 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER, 64 * 1024));
    private static final ObjectMapper WRITER = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final String clientEmail;
    private final String privateKeyId;
    private final HttpUrl tokenUri;
    private final PrivateKey privateKey;

    private ServiceAccountJwt(String clientEmail, String privateKeyId, HttpUrl tokenUri, PrivateKey privateKey) {
        this.clientEmail = clientEmail;
        this.privateKeyId = privateKeyId;
        this.tokenUri = tokenUri;
        this.privateKey = privateKey;
    }

    /**
     * Reads a service-account key file's JSON.
     *
     * @param origin where it came from, for errors (a path, an environment variable's name)
     */
    public static ServiceAccountJwt fromJson(byte[] json, String origin) throws ConnectorException {
        JsonNode key;
        try {
            key = JSON.read(json);
        } catch (JsonProcessingException e) {
            throw new ConnectorException(origin, "the service-account key is not readable: " + JSON.describe(e));
        } catch (IOException e) {
            throw new ConnectorException(origin, "the service-account key is not readable: " + e.getClass().getSimpleName());
        }
        if (!key.isObject()) {
            throw new ConnectorException(origin, "the service-account key must be a JSON object");
        }
        String type = text(key, "type");
        if (type != null && !type.equals("service_account")) {
            throw new ConnectorException(origin, "the key file is of type '" + type + "', not service_account"
                    + (type.equals("authorized_user") ? " (gcloud's user login); create a service-account key or give a bearer token" : ""));
        }
        String email = required(key, "client_email", origin);
        String pem = required(key, "private_key", origin);
        String uri = text(key, "token_uri");
        HttpUrl tokenUri;
        try {
            tokenUri = HttpSettings.parseBase(uri == null ? GOOGLE_TOKEN_URI : uri);
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(origin, "token_uri: " + e.getMessage());
        }
        return new ServiceAccountJwt(email, text(key, "private_key_id"), tokenUri, privateKey(pem, origin));
    }

    public String clientEmail() {
        return clientEmail;
    }

    /** Where the assertion is exchanged for a token, and its audience. */
    public HttpUrl tokenUri() {
        return tokenUri;
    }

    /** The signed JWT, {@code b64url(header).b64url(claims).b64url(signature)}, issued at {@code now}. */
    public String assertion(String scope, Instant now) {
        if (scope == null || scope.isBlank()) {
            throw new IllegalArgumentException("a scope is needed, e.g. https://www.googleapis.com/auth/cloud-platform");
        }
        ObjectNode header = WRITER.createObjectNode().put("alg", "RS256").put("typ", "JWT");
        if (privateKeyId != null) {
            header.put("kid", privateKeyId);
        }
        long iat = now.getEpochSecond();
        ObjectNode claims = WRITER.createObjectNode()
                .put("iss", clientEmail)
                .put("scope", scope)
                .put("aud", tokenUri.toString())
                .put("iat", iat)
                .put("exp", iat + LIFETIME.toSeconds());
        String signingInput = B64URL.encodeToString(bytes(header)) + '.' + B64URL.encodeToString(bytes(claims));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(privateKey);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + '.' + B64URL.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the service-account key: " + e.getClass().getSimpleName());
        }
    }

    /** The form body to POST to {@link #tokenUri()} ({@code application/x-www-form-urlencoded}). */
    public String tokenRequestBody(String scope, Instant now) {
        return "grant_type=" + URLEncoder.encode(GRANT_TYPE, StandardCharsets.UTF_8)
                + "&assertion=" + URLEncoder.encode(assertion(scope, now), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ServiceAccountJwt[clientEmail=" + clientEmail + ", privateKeyId=" + privateKeyId + ", privateKey=(redacted)]";
    }

    private static PrivateKey privateKey(String pem, String origin) throws ConnectorException {
        String begin = "-----BEGIN PRIVATE KEY-----";
        String end = "-----END PRIVATE KEY-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new ConnectorException(origin, "private_key is not a PEM PKCS#8 key (expected " + begin + " … " + end
                    + (pem.contains("BEGIN RSA PRIVATE KEY") ? "; this is PKCS#1: convert with openssl pkcs8 -topk8 -nocrypt" : "") + ")");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to).strip());
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            // the cause's message could quote key bytes: keep only its kind
            throw new ConnectorException(origin, "private_key is not a readable RSA key (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String required(JsonNode key, String field, String origin) throws ConnectorException {
        String v = text(key, field);
        if (v == null) {
            throw new ConnectorException(origin, "the service-account key has no " + field);
        }
        return v;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return WRITER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the JWT", e);
        }
    }
}
