package dev.tightrope.sync.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.base.UntrustedJson;
import dev.tightrope.sync.ConnectorException;
import dev.tightrope.sync.http.HttpSettings;
import dev.tightrope.sync.http.JsonApi;
import dev.tightrope.sync.http.Reachability;
import dev.tightrope.sync.http.TokenAnswer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * An Azure Resource Manager access token for a service principal, by the OAuth 2.0 client
 * credentials grant at Microsoft Entra ID's v2.0 token endpoint
 * ({@code POST {authority}/{tenant}/oauth2/v2.0/token}, scope {@code https://management.azure.com/.default}).
 * The token is kept in memory only and reused until shortly before it expires.
 *
 * <p>The client secret goes to the token endpoint only, in the form body; redirects are not
 * followed (a 307 would carry the body elsewhere). No message and no {@link #toString()} carries
 * the secret or a token, even if the endpoint echoes it.
 */
public final class AzureClientCredentials {

    public static final String PUBLIC_CLOUD_AUTHORITY = "https://login.microsoftonline.com";
    public static final String MANAGEMENT_SCOPE = "https://management.azure.com/.default";
    /** A token is renewed this long before it expires (or at half its life, if shorter), so no call starts with one about to lapse. */
    static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

    private static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final UntrustedJson JSON = UntrustedJson.withLimits(new JsonLimits(8, 32 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER, MAX_ANSWER_BYTES));

    private final HttpUrl tokenEndpoint;
    private final String tenant;
    private final String clientId;
    private final String clientSecret;
    private final OkHttpClient http;
    private final Clock clock;
    private String token;
    private Instant renewAt = Instant.MIN;

    /**
     * @param authority the Entra ID host, {@link #PUBLIC_CLOUD_AUTHORITY} unless a sovereign cloud
     *                  or a test; https required except for loopback
     */
    public AzureClientCredentials(String authority, String tenant, String clientId, String clientSecret, OkHttpClient http, Clock clock) {
        if (tenant == null || !tenant.matches("[A-Za-z0-9][A-Za-z0-9.-]*")) {
            throw new IllegalArgumentException("the tenant must be a directory id (a GUID) or a domain such as contoso.onmicrosoft.com: '" + tenant + "'");
        }
        if (clientId == null || clientId.isBlank() || !clientId.strip().matches("\\S+")) {
            throw new IllegalArgumentException("the client id must be one word (the application's GUID)");
        }
        if (clientSecret == null || clientSecret.isBlank() || clientSecret.indexOf('\n') >= 0 || clientSecret.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("the client secret must be one non-empty line");
        }
        this.tokenEndpoint = HttpSettings.parseBase(authority).newBuilder()
                .addPathSegment(tenant).addPathSegments("oauth2/v2.0/token").build();
        this.tenant = tenant;
        this.clientId = clientId.strip();
        this.clientSecret = clientSecret.strip();
        this.http = http.newBuilder().followRedirects(false).followSslRedirects(false).build();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public HttpUrl tokenEndpoint() {
        return tokenEndpoint;
    }

    /** A bearer token for Azure Resource Manager: the cached one while fresh, else a new one from the token endpoint. */
    public synchronized String accessToken() throws ConnectorException {
        Instant now = clock.instant();
        if (token != null && now.isBefore(renewAt)) {
            return token;
        }
        FormBody form = new FormBody.Builder()
                .add("grant_type", "client_credentials")
                .add("client_id", clientId)
                .add("client_secret", clientSecret)
                .add("scope", MANAGEMENT_SCOPE)
                .build();
        Request request = new Request.Builder().url(tokenEndpoint).header("Accept", "application/json").post(form).build();
        try (Response r = http.newCall(request).execute()) {
            JsonNode body = read(r);
            if (!r.isSuccessful()) {
                throw new ConnectorException(where(), refusal(r.code(), body));
            }
            TokenAnswer.Issued issued = TokenAnswer.issued(body, seconds(body.path("expires_in")), REFRESH_MARGIN, now, where());
            token = issued.token();
            renewAt = issued.renewAt();
            return token;
        } catch (IOException e) {
            throw new ConnectorException(where(), "cannot reach the Microsoft Entra ID token endpoint: " + Reachability.describe(e), e);
        }
    }

    /** Forgets the cached token, for when Azure Resource Manager refused it (401) before it was due to expire. */
    public synchronized void invalidate() {
        token = null;
        renewAt = Instant.MIN;
    }

    @Override
    public String toString() {
        return "AzureClientCredentials[tenant=" + tenant + ", clientId=" + clientId + ", clientSecret=(redacted)]";
    }

    private JsonNode read(Response r) throws ConnectorException, IOException {
        return TokenAnswer.read(r, JSON, MAX_ANSWER_BYTES, where());
    }

    /** "…refused …: invalid_client — AADSTS7000215: Invalid client secret provided…", first line only, secret blanked. */
    private String refusal(int status, JsonNode body) {
        String error = body.path("error").isTextual() ? body.path("error").asText() : "";
        String description = body.path("error_description").isTextual() ? body.path("error_description").asText() : "";
        int lineEnd = description.indexOf('\n');
        String said = JsonApi.clean((error + (description.isBlank() ? "" : " — " + (lineEnd >= 0 ? description.substring(0, lineEnd)
                : description))).replace(clientSecret, "(redacted)"));
        return "Microsoft Entra ID refused the client credentials of client " + clientId + " in tenant " + tenant + " (" + status + ")"
                + (said.isEmpty() ? "" : ": " + said);
    }

    private static long seconds(JsonNode value) {
        if (value.canConvertToLong() && value.isIntegralNumber()) {
            return value.asLong();
        }
        // v1 endpoints and ADFS send it as a string
        return value.isTextual() && value.asText().matches("\\d{1,9}") ? Long.parseLong(value.asText()) : -1;
    }

    private String where() {
        return JsonApi.where(tokenEndpoint);
    }
}
