package dev.tightrope.sync.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.base.UntrustedJson;
import dev.tightrope.sync.ConnectorException;
import dev.tightrope.sync.http.JsonApi;
import dev.tightrope.sync.http.Reachability;
import dev.tightrope.sync.http.TokenAnswer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A Google access token for a service account: its {@link ServiceAccountJwt} assertion exchanged
 * at the key file's {@code token_uri} (the OAuth 2.0 JWT bearer grant), kept in memory only and
 * reused until shortly before it expires.
 *
 * <p>The assertion goes to the token endpoint only; redirects are not followed. No message and no
 * {@link #toString()} carries the assertion or a token.
 */
public final class ServiceAccountToken {

    /** A token is renewed this long before it expires (or at half its life, if shorter). */
    static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

    private static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded");
    private static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final UntrustedJson JSON = UntrustedJson.withLimits(new JsonLimits(8, 32 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER, MAX_ANSWER_BYTES));

    private final ServiceAccountJwt account;
    private final String scope;
    private final OkHttpClient http;
    private final Clock clock;
    private String token;
    private Instant renewAt = Instant.MIN;

    public ServiceAccountToken(ServiceAccountJwt account, String scope, OkHttpClient http, Clock clock) {
        this.account = Objects.requireNonNull(account, "account");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.http = http.newBuilder().followRedirects(false).followSslRedirects(false).build();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public ServiceAccountJwt account() {
        return account;
    }

    /** A bearer token: the cached one while fresh, else a new one from the token endpoint. */
    public synchronized String accessToken() throws ConnectorException {
        Instant now = clock.instant();
        if (token != null && now.isBefore(renewAt)) {
            return token;
        }
        Request request = new Request.Builder().url(account.tokenUri()).header("Accept", "application/json")
                .post(RequestBody.create(account.tokenRequestBody(scope, now), FORM)).build();
        try (Response r = http.newCall(request).execute()) {
            JsonNode body = read(r);
            if (!r.isSuccessful()) {
                throw new ConnectorException(where(), refusal(r.code(), body));
            }
            TokenAnswer.Issued issued = TokenAnswer.issued(body, body.path("expires_in").isIntegralNumber() ? body.path("expires_in").asLong() : -1, REFRESH_MARGIN, now, where());
            token = issued.token();
            renewAt = issued.renewAt();
            return token;
        } catch (IOException e) {
            throw new ConnectorException(where(), "cannot reach Google's token endpoint: " + Reachability.describe(e), e);
        }
    }

    @Override
    public String toString() {
        return "ServiceAccountToken[" + account.clientEmail() + ", token=(redacted)]";
    }

    private JsonNode read(Response r) throws ConnectorException, IOException {
        return TokenAnswer.read(r, JSON, MAX_ANSWER_BYTES, where());
    }

    /** "…refused the service account …: invalid_grant — Invalid JWT Signature.", with what usually causes it. */
    private String refusal(int status, JsonNode body) {
        String error = body.path("error").isTextual() ? body.path("error").asText() : "";
        String description = body.path("error_description").isTextual() ? body.path("error_description").asText() : "";
        String said = JsonApi.clean(error + (description.isBlank() ? "" : " — " + description));
        String advice = error.equals("invalid_grant")
                ? "; the key may have been deleted or disabled (create a new one), or this machine's clock is off"
                : error.equals("invalid_client") || error.equals("unauthorized_client") ? "; the service account may have been deleted or disabled" : "";
        return "Google's token endpoint refused the service account " + account.clientEmail() + " (" + status + ")"
                + (said.isEmpty() ? "" : ": " + said) + advice;
    }

    private String where() {
        return JsonApi.where(account.tokenUri());
    }
}
