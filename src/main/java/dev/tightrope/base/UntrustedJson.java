package dev.tightrope.base;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The one way Tightrope reads JSON it did not write: registry responses, OpenLineage events,
 * trust stores, policies, Sigstore bundles, DSSE envelopes, evidence bundles, the JSON headers of
 * model files.
 *
 * <ul>
 *   <li>Duplicate keys are errors: parsers disagree on which of two values wins, so a document
 *       with both could say one thing to Tightrope and another to the next tool.</li>
 *   <li>Depth, string, number and document lengths are bounded by {@link JsonLimits}.</li>
 *   <li>A document is one value: anything after it is an error, not silently dropped.</li>
 *   <li>Only trees come out ({@link JsonNode}), never objects of a class the input names, so there
 *       is no polymorphic typing to abuse.</li>
 *   <li>Only standard JSON (no comments, single quotes, NaN or unquoted names), and error
 *       messages carry no excerpt of the input around the error, which may hold a secret.</li>
 * </ul>
 * Instances are immutable and thread-safe; make one per kind of document, with its limits.
 */
public final class UntrustedJson {

    private final JsonLimits limits;
    private final ObjectReader document;
    private final ObjectReader value;

    private UntrustedJson(JsonLimits limits) {
        this.limits = limits;
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth())
                        .maxStringLength(limits.maxStringLength())
                        .maxNumberLength(limits.maxNumberLength())
                        .maxDocumentLength(limits.maxDocumentLength())
                        .build())
                .build();
        JsonMapper mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .build();
        this.value = mapper.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.document = value.with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public static UntrustedJson withLimits(JsonLimits limits) {
        return new UntrustedJson(Objects.requireNonNull(limits, "limits"));
    }

    /** Exactly one JSON value; empty input gives a missing node. */
    public JsonNode read(byte[] bytes) throws IOException {
        return document.readTree(bytes);
    }

    public JsonNode read(byte[] bytes, int offset, int length) throws IOException {
        return document.readTree(bytes, offset, length);
    }

    public JsonNode read(InputStream in) throws IOException {
        return document.readTree(in);
    }

    /**
     * A parser for input read piece by piece: values one after another (NDJSON, a top-level
     * array), or a header walked token by token. The same bounds apply; the caller decides what
     * may follow a value. Read values at the parser with {@link #readValue(JsonParser)}.
     */
    public JsonParser parser(InputStream in) throws IOException {
        return value.createParser(in);
    }

    public JsonParser parser(byte[] bytes) throws IOException {
        return value.createParser(bytes);
    }

    /** The value the parser is at (or, before any token, the next one) as a tree; null at the end of input. */
    public JsonNode readValue(JsonParser parser) throws IOException {
        return value.readTree(parser);
    }

    /** Whether the input had two values for one key. */
    public static boolean isDuplicateKey(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        return !(e instanceof StreamConstraintsException) && message != null && message.startsWith("Duplicate field");
    }

    /** Whether the input went over one of the {@link JsonLimits}. */
    public static boolean exceedsLimit(JsonProcessingException e) {
        return e instanceof StreamConstraintsException;
    }

    /**
     * Why the input was refused, in words for the user, without the parser's source excerpt and
     * without a location (callers know better where the document came from).
     */
    public String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            if (message.contains("nesting depth")) {
                return "JSON is nested deeper than " + limits.maxDepth() + " levels";
            }
            if (message.startsWith("String value length")) {
                return "a JSON string is longer than " + limits.maxStringLength() + " characters";
            }
            if (message.startsWith("Number value length")) {
                return "a JSON number is longer than " + limits.maxNumberLength() + " characters";
            }
            if (message.startsWith("Document length")) {
                return "the JSON is longer than " + limits.maxDocumentLength() + " bytes";
            }
            return "JSON exceeds a size limit: " + firstSentence(message);
        }
        if (isDuplicateKey(e)) {
            return "invalid JSON: duplicate key " + message.substring("Duplicate field ".length()).strip()
                    + " (two values for one key; parsers disagree on which one counts)";
        }
        if (e instanceof MismatchedInputException && message.startsWith("Trailing token")) {
            return "invalid JSON: more data after the end of the JSON value";
        }
        return "invalid JSON: " + firstSentence(message);
    }

    private static String firstSentence(String message) {
        if (message.isBlank()) {
            return "unreadable";
        }
        String m = message.replace('\n', ' ').strip();
        int cut = m.indexOf(" (from `");
        return cut > 0 ? m.substring(0, cut) : m;
    }
}
