package dev.tightrope.sync.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.BoundedRead;
import dev.tightrope.base.UntrustedJson;
import dev.tightrope.sync.ConnectorException;
import java.io.IOException;
import java.io.InputStream;
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
}
