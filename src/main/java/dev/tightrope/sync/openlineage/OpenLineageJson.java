package dev.tightrope.sync.openlineage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.InputStream;

/** JSON reading with the bounds of {@link OpenLineageLimits}: depth, string and document length, duplicate keys. */
final class OpenLineageJson {

    private final ObjectMapper mapper;
    private final ObjectReader singleValue;
    private final int maxDepth;

    OpenLineageJson(OpenLineageLimits limits, long maxDocumentBytes) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth())
                        .maxStringLength(limits.maxEventBytes())
                        .maxDocumentLength(maxDocumentBytes)
                        .build())
                // Two values for one key would let an event say two things; refuse it.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = new ObjectMapper(factory);
        this.singleValue = mapper.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.maxDepth = limits.maxDepth();
    }

    /** Parses exactly one JSON value (one NDJSON line). */
    JsonNode parseOne(byte[] bytes, int offset, int length) throws IOException {
        return singleValue.readValue(bytes, offset, length);
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
        try (JsonParser p = mapper.createParser(in)) {
            JsonToken token;
            while ((token = p.nextToken()) != null) {
                if (token == JsonToken.START_ARRAY) {
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        int line = p.currentTokenLocation().getLineNr();
                        sink.value(mapper.readTree(p), line);
                    }
                } else {
                    int line = p.currentTokenLocation().getLineNr();
                    sink.value(mapper.readTree(p), line);
                }
            }
        }
    }

    /** A reader's message for a JSON error, without Jackson's source excerpt. */
    String describe(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            String message = e.getOriginalMessage();
            if (message != null && message.contains("nesting depth")) {
                return "JSON is nested deeper than " + maxDepth + " levels";
            }
            return "JSON exceeds a size limit: " + firstSentence(message);
        }
        JsonLocation at = e.getLocation();
        String where = at == null || at.getColumnNr() < 1 ? "" : " (column " + at.getColumnNr() + ")";
        return "invalid JSON: " + firstSentence(e.getOriginalMessage()) + where;
    }

    /** The line a JSON error happened on, when known. */
    static int line(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null ? -1 : at.getLineNr();
    }

    private static String firstSentence(String message) {
        if (message == null) {
            return "unreadable";
        }
        String m = message.replace('\n', ' ').strip();
        int cut = m.indexOf(" (from `");
        return cut > 0 ? m.substring(0, cut) : m;
    }
}
