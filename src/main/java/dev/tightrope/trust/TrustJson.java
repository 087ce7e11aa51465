package dev.tightrope.trust;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.base.UntrustedJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * JSON for signed and reviewed documents: read with {@link UntrustedJson} (duplicate keys and
 * trailing data are errors, so two parsers never see two different documents; nesting and sizes
 * are bounded by {@link #LIMITS}), and written pretty-printed with sorted keys and {@code \n}
 * line ends so diffs stay readable.
 */
public final class TrustJson {

    /**
     * Trust stores, policies, bundles and envelopes nest a few levels; a payload or a file of
     * attestations is at most {@link dev.tightrope.trust.dsse.AttestationReader#MAX_FILE_BYTES}.
     */
    public static final JsonLimits LIMITS = new JsonLimits(64, 64 * 1024 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER, 64L * 1024 * 1024);
    private static final UntrustedJson READER = UntrustedJson.withLimits(LIMITS);
    private static final ObjectMapper WRITER = new ObjectMapper();
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private TrustJson() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /** Parses one JSON document; errors carry {@code location:line:column}. */
    public static JsonNode parse(byte[] json, String location) {
        try {
            JsonNode node = READER.read(json);
            if (node == null || node.isMissingNode()) {
                throw new TrustFormatException(location, "empty document, expected JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new TrustFormatException(where(location, e.getLocation()), READER.describe(e), e);
        } catch (IOException e) {
            throw new TrustFormatException(location, "cannot read JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The bytes of a trust document (trust store, policy, key metadata) of at most
     * {@code LIMITS.maxDocumentLength()} bytes, checked before and while reading so a huge or
     * growing file is refused without being loaded.
     */
    public static byte[] readFile(Path file) throws IOException {
        long max = LIMITS.maxDocumentLength();
        if (Files.size(file) > max) {
            throw new TrustFormatException(file.toString(), "larger than " + max + " bytes; not read");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) max + 1);
        }
        if (bytes.length > max) {
            throw new TrustFormatException(file.toString(), "larger than " + max + " bytes; not read");
        }
        return bytes;
    }

    public static JsonNode parse(String json, String location) {
        return parse(json.getBytes(StandardCharsets.UTF_8), location);
    }

    static String where(String location, JsonLocation at) {
        if (at == null || at.getLineNr() < 0) {
            return location;
        }
        return location + ":" + at.getLineNr() + ":" + at.getColumnNr();
    }

    /** Compact JSON in the given field order. */
    public static byte[] compact(JsonNode node) {
        try {
            return WRITER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** Pretty JSON, keys sorted at every level, two-space indent, {@code \n} line ends, final newline. */
    public static byte[] prettySorted(JsonNode node) {
        try {
            String text = WRITER.writer(PRETTY).writeValueAsString(sorted(node));
            return (text + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** Pretty JSON in the given field order (for payloads whose order carries meaning). */
    public static byte[] pretty(JsonNode node) {
        try {
            return WRITER.writer(PRETTY).writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            Collections.sort(names);
            ObjectNode out = object();
            for (String name : names) {
                out.set(name, sorted(node.get(name)));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = array();
            node.forEach(child -> out.add(sorted(child)));
            return out;
        }
        return node;
    }

    /** A required text field; missing or non-text is a format error naming the field. */
    public static String text(JsonNode parent, String field, String location) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            throw new TrustFormatException(location, "missing field '" + field + "'");
        }
        if (!value.isTextual()) {
            throw new TrustFormatException(location, "field '" + field + "' must be a string");
        }
        return value.asText();
    }

    /** An optional text field: null when absent or JSON null; non-text is a format error. */
    public static String optionalText(JsonNode parent, String field, String location) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new TrustFormatException(location, "field '" + field + "' must be a string");
        }
        return value.asText();
    }
}
