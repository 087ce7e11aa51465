package dev.tightrope.trust.dsse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.TrustJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An in-toto Statement v1. Subjects are matched by digest only. A statement parsed from an
 * envelope is parsed from the exact verified payload bytes and never re-serialised for checking.
 */
public record Statement(List<ResourceDescriptor> subjects, String predicateType, JsonNode predicate) {

    public static final String TYPE_V1 = "https://in-toto.io/Statement/v1";

    public Statement {
        subjects = List.copyOf(subjects);
        Objects.requireNonNull(predicateType, "predicateType");
        predicate = predicate == null ? null : predicate.deepCopy();
        if (subjects.isEmpty()) {
            throw new IllegalArgumentException("a statement needs at least one subject");
        }
    }

    @Override
    public JsonNode predicate() {
        return predicate == null ? null : predicate.deepCopy();
    }

    /** Whether any subject carries {@code sha256:<hex>}. */
    public boolean hasSubjectSha256(String hex) {
        return subjects.stream().anyMatch(s -> hex.equals(s.sha256()));
    }

    public ObjectNode toJson() {
        ObjectNode o = TrustJson.object();
        o.put("_type", TYPE_V1);
        ArrayNode subs = o.putArray("subject");
        subjects.forEach(s -> subs.add(s.toJson()));
        o.put("predicateType", predicateType);
        if (predicate != null) {
            o.set("predicate", predicate.deepCopy());
        }
        return o;
    }

    /** The payload bytes to sign: pretty JSON, fields in in-toto order. */
    public byte[] toBytes() {
        return TrustJson.pretty(toJson());
    }

    public static Statement parse(byte[] payload, String location) {
        JsonNode node = TrustJson.parse(payload, location);
        if (!node.isObject()) {
            throw new TrustFormatException(location, "an in-toto statement must be a JSON object");
        }
        String type = TrustJson.text(node, "_type", location);
        if (!TYPE_V1.equals(type)) {
            throw new TrustFormatException(location, "statement _type is '" + type + "', expected " + TYPE_V1);
        }
        JsonNode subs = node.get("subject");
        if (subs == null || !subs.isArray() || subs.isEmpty()) {
            throw new TrustFormatException(location, "statement has no subject");
        }
        List<ResourceDescriptor> subjects = new ArrayList<>();
        for (int i = 0; i < subs.size(); i++) {
            subjects.add(ResourceDescriptor.fromJson(subs.get(i), location + " subject[" + i + "]"));
        }
        String predicateType = TrustJson.text(node, "predicateType", location);
        JsonNode predicate = node.get("predicate");
        if (predicate != null && !predicate.isNull() && !predicate.isObject()) {
            throw new TrustFormatException(location, "'predicate' must be an object");
        }
        return new Statement(subjects, predicateType, predicate == null || predicate.isNull() ? null : predicate);
    }
}
