package dev.tightrope.scan.mcp.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One tool, prompt, resource or resource template as the server listed it.
 *
 * @param name       the tool's or prompt's name, the resource's URI (or URI template)
 * @param definition the fields that make up what a model is told about it (for a tool: name, title,
 *                   description, inputSchema, outputSchema, annotations), as listed
 * @param sha256     the pin: SHA-256 of the definition's canonical JSON (sorted keys)
 */
public record ProbedEntity(Kind kind, String name, String description, JsonNode definition, String sha256) {

    /** What was listed, with the fields of its definition that are pinned. */
    public enum Kind {
        TOOL(List.of("name", "title", "description", "inputSchema", "outputSchema", "annotations")),
        PROMPT(List.of("name", "title", "description", "arguments")),
        RESOURCE(List.of("uri", "name", "title", "description", "mimeType")),
        RESOURCE_TEMPLATE(List.of("uriTemplate", "name", "title", "description", "mimeType"));

        private final List<String> pinned;

        Kind(List<String> pinned) {
            this.pinned = pinned;
        }

        public String token() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Kind fromToken(String token) {
            return valueOf(token.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    public ProbedEntity {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(sha256, "sha256");
        description = description == null ? "" : description;
    }

    /** The entity from one element of a list result, pinned; only its pinned fields are kept. */
    public static ProbedEntity of(Kind kind, JsonNode listed) {
        ObjectNode definition = JsonNodeFactory.instance.objectNode();
        for (String field : kind.pinned) {
            if (listed.has(field) && !listed.get(field).isNull()) {
                definition.set(field, listed.get(field));
            }
        }
        String key = switch (kind) {
            case RESOURCE -> "uri";
            case RESOURCE_TEMPLATE -> "uriTemplate";
            default -> "name";
        };
        return new ProbedEntity(kind, listed.path(key).asText(""), listed.path("description").asText(""), definition,
                Canonical.sha256(Canonical.json(definition)));
    }

    /** {@code tool get_weather}. */
    public String label() {
        return kind.token() + " " + name;
    }
}
