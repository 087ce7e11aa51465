package dev.tightrope.sync.openlineage;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.base.UntrustedJson;
import java.io.IOException;
import java.io.InputStream;

/** OpenLineage files, lines and request bodies read with {@link UntrustedJson} under the bounds of {@link OpenLineageLimits}. */
final class OpenLineageJson {

    private final UntrustedJson json;

    OpenLineageJson(OpenLineageLimits limits, long maxDocumentBytes) {
        this.json = UntrustedJson.withLimits(new JsonLimits(limits.maxDepth(), limits.maxEventBytes(),
                JsonLimits.LONGEST_PLAIN_NUMBER, maxDocumentBytes));
    }

    /** Parses exactly one JSON value (one NDJSON line). */
    JsonNode parseOne(byte[] bytes, int offset, int length) throws IOException {
        return json.read(bytes, offset, length);
    }

    /** Receives each value of a document with the line it starts on. */
    @FunctionalInterface
    interface ValueSink {
        void value(JsonNode node, int line) throws InterruptedException;
    }

    /**
     * Reads a document that is one JSON value, a top-level array of values, or values one after
     * another (NDJSON included). A syntax error ends the document: after it nothing can be trusted.
     */
    void readDocument(InputStream in, ValueSink sink) throws IOException, InterruptedException {
        try (JsonParser p = json.parser(in)) {
            JsonToken token;
            while ((token = p.nextToken()) != null) {
                if (token == JsonToken.START_ARRAY) {
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        int line = p.currentTokenLocation().getLineNr();
                        sink.value(json.readValue(p), line);
                    }
                } else {
                    int line = p.currentTokenLocation().getLineNr();
                    sink.value(json.readValue(p), line);
                }
            }
        }
    }

    /** A reader's message for a JSON error, with the column of a syntax error. */
    String describe(JsonProcessingException e) {
        if (UntrustedJson.exceedsLimit(e)) {
            return json.describe(e);
        }
        JsonLocation at = e.getLocation();
        String where = at == null || at.getColumnNr() < 1 ? "" : " (column " + at.getColumnNr() + ")";
        return json.describe(e) + where;
    }

    /** The line a JSON error happened on, when known. */
    static int line(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null ? -1 : at.getLineNr();
    }
}
