package dev.tightrope.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An OCI content descriptor: what a manifest or an index points at.
 *
 * @param artifactType null when absent
 */
public record Descriptor(String mediaType, String digest, long size, String artifactType, Map<String, String> annotations) {

    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        if (!digest.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("descriptor digest '" + digest + "' is not sha256:<hex>");
        }
        if (size < 0) {
            throw new IllegalArgumentException("descriptor size must not be negative");
        }
        annotations = Collections.unmodifiableMap(new TreeMap<>(annotations == null ? Map.of() : annotations));
    }

    public static Descriptor of(String mediaType, byte[] content) {
        return new Descriptor(mediaType, OciDigests.sha256(content), content.length, null, null);
    }

    public Descriptor withAnnotations(Map<String, String> more) {
        Map<String, String> a = new TreeMap<>(annotations);
        a.putAll(more);
        return new Descriptor(mediaType, digest, size, artifactType, a);
    }

    ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("mediaType", mediaType);
        o.put("digest", digest);
        o.put("size", size);
        if (artifactType != null) {
            o.put("artifactType", artifactType);
        }
        if (!annotations.isEmpty()) {
            ObjectNode a = o.putObject("annotations");
            annotations.forEach(a::put);
        }
        return o;
    }

    static Descriptor fromJson(JsonNode node, String location) {
        if (node == null || !node.isObject() || !node.path("mediaType").isTextual() || !node.path("digest").isTextual()
                || !node.path("size").canConvertToLong()) {
            throw new RegistryException(location + ": a descriptor needs mediaType, digest and size", -1);
        }
        Map<String, String> annotations = new TreeMap<>();
        node.path("annotations").fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
        try {
            return new Descriptor(node.get("mediaType").asText(), node.get("digest").asText(), node.get("size").asLong(),
                    node.path("artifactType").isTextual() ? node.get("artifactType").asText() : null, annotations);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(location + ": " + e.getMessage(), -1);
        }
    }
}
