package dev.tightrope.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Reading fields of a service's answer the same way in every mapper: typed or absent, never guessed. */
public final class JsonFields {

    private JsonFields() {
    }

    /** The field's text when it is a JSON string, else null. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /** The record's positive numeric {@code id}; IllegalArgumentException (one record's problem) otherwise. */
    public static long id(JsonNode node, String what) {
        JsonNode id = node.get("id");
        if (id == null || !id.isIntegralNumber() || id.asLong() <= 0) {
            throw new IllegalArgumentException(what + " has no numeric id");
        }
        return id.asLong();
    }

    /** Puts a scalar value (string, number, boolean; not null or blank) as a property, clipped to {@code max} characters. */
    public static void put(Map<String, String> props, String key, JsonNode value, int max) {
        if (value != null && value.isValueNode() && !value.isNull() && !value.asText().isBlank()) {
            props.put(key, clip(value.asText(), max));
        }
    }

    /** {@code s} cut to {@code max} characters, ending in an ellipsis when cut. */
    public static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
