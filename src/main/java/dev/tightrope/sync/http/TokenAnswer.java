package dev.tightrope.sync.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.BoundedRead;
import dev.tightrope.base.UntrustedJson;
import dev.tightrope.sync.ConnectorException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import okhttp3.Response;

/** An OAuth 2.0 token endpoint's answer (RFC 6749 §5): one bounded, strictly parsed JSON object, whatever the status. */
public final class TokenAnswer {

    private TokenAnswer() {
    }

    /** The answer's JSON object; one over {@code maxBytes} or not a JSON object fails, said with the status at {@code where}. */
    public static JsonNode read(Response r, UntrustedJson json, int maxBytes, String where) throws ConnectorException, IOException {
        byte[] bytes;
        try (InputStream in = r.body().byteStream()) {
            bytes = BoundedRead.readAtMost(in, maxBytes);
        } catch (BoundedRead.TooLargeException e) {
            throw new ConnectorException(where, "the token endpoint's answer (" + r.code() + ") is " + e.getMessage());
        }
        try {
            JsonNode body = json.read(bytes);
            if (body.isObject()) {
                return body;
            }
        } catch (JsonProcessingException notJson) {
            // said below, with the status
        }
        throw new ConnectorException(where, "the token endpoint answered " + r.code() + " with something other than a JSON object");
    }

    /** A token as issued, and when to ask for a new one. */
    public record Issued(String token, Instant renewAt) {
        @Override
        public String toString() {
            return "Issued[token=(redacted), renewAt=" + renewAt + "]";
        }
    }

    /**
     * The {@code access_token} of a successful answer, to be renewed {@code margin} (at most half
     * its life) before its {@code lifetimeSeconds} run out; an answer without a one-line token or a
     * positive lifetime fails at {@code where}.
     */
    public static Issued issued(JsonNode body, long lifetimeSeconds, Duration margin, Instant now, String where) throws ConnectorException {
        String token = body.path("access_token").isTextual() ? body.path("access_token").asText() : "";
        if (token.isBlank() || token.indexOf('\n') >= 0 || token.indexOf('\r') >= 0 || lifetimeSeconds <= 0) {
            throw new ConnectorException(where, "the token endpoint answered without a usable access_token and expires_in");
        }
        Duration life = Duration.ofSeconds(lifetimeSeconds);
        Duration early = margin.compareTo(life.dividedBy(2)) < 0 ? margin : life.dividedBy(2);
        return new Issued(token, now.plus(life).minus(early));
    }
}
