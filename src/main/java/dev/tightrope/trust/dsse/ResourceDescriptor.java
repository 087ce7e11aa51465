package dev.tightrope.trust.dsse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.TrustJson;
import java.util.Collections;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An in-toto v1 ResourceDescriptor. Digests are lower-case hex by algorithm; annotations are
 * kept as strings (non-string annotation values read from others' statements keep their JSON text).
 */
public record ResourceDescriptor(String name, String uri, SortedMap<String, String> digest, String downloadLocation,
                                 String mediaType, SortedMap<String, String> annotations) {

    public ResourceDescriptor {
        digest = Collections.unmodifiableSortedMap(new TreeMap<>(digest == null ? Map.of() : digest));
        annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations == null ? Map.of() : annotations));
        if (uri == null && digest.isEmpty() && downloadLocation == null && name == null) {
            throw new IllegalArgumentException("a resource descriptor needs a uri, a digest or a name");
        }
        for (Map.Entry<String, String> e : digest.entrySet()) {
            if (!e.getValue().matches("[0-9a-f]+")) {
                throw new IllegalArgumentException("digest " + e.getKey() + " must be lower-case hex");
            }
        }
    }

    public static ResourceDescriptor of(String name, String sha256Hex) {
        return new ResourceDescriptor(name, null, new TreeMap<>(Map.of("sha256", sha256Hex)), null, null, null);
    }

    public static ResourceDescriptor ofUri(String name, String uri, String sha256Hex) {
        SortedMap<String, String> d = new TreeMap<>();
        if (sha256Hex != null) {
            d.put("sha256", sha256Hex);
        }
        return new ResourceDescriptor(name, uri, d, null, null, null);
    }

    public ResourceDescriptor withAnnotation(String key, String value) {
        SortedMap<String, String> a = new TreeMap<>(annotations);
        a.put(key, value);
        return new ResourceDescriptor(name, uri, digest, downloadLocation, mediaType, a);
    }

    public String sha256() {
        return digest.get("sha256");
    }

    public ObjectNode toJson() {
        ObjectNode o = TrustJson.object();
        if (name != null) {
            o.put("name", name);
        }
        if (uri != null) {
            o.put("uri", uri);
        }
        if (!digest.isEmpty()) {
            ObjectNode d = o.putObject("digest");
            digest.forEach(d::put);
        }
        if (downloadLocation != null) {
            o.put("downloadLocation", downloadLocation);
        }
        if (mediaType != null) {
            o.put("mediaType", mediaType);
        }
        if (!annotations.isEmpty()) {
            ObjectNode a = o.putObject("annotations");
            annotations.forEach(a::put);
        }
        return o;
    }

    public static ResourceDescriptor fromJson(JsonNode node, String location) {
        if (!node.isObject()) {
            throw new TrustFormatException(location, "a resource descriptor must be an object");
        }
        SortedMap<String, String> digest = new TreeMap<>();
        JsonNode d = node.get("digest");
        if (d != null && !d.isNull()) {
            if (!d.isObject()) {
                throw new TrustFormatException(location, "'digest' must be an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw new TrustFormatException(location, "digest '" + e.getKey() + "' must be a string");
                }
                String hex = e.getValue().asText();
                if (!hex.matches("[0-9a-fA-F]+")) {
                    throw new TrustFormatException(location, "digest '" + e.getKey() + "' is not hex");
                }
                digest.put(e.getKey().toLowerCase(Locale.ROOT), hex.toLowerCase(Locale.ROOT));
            }
        }
        SortedMap<String, String> annotations = new TreeMap<>();
        JsonNode a = node.get("annotations");
        if (a != null && a.isObject()) {
            a.fields().forEachRemaining(e -> annotations.put(e.getKey(),
                    e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        }
        String name = TrustJson.optionalText(node, "name", location);
        String uri = TrustJson.optionalText(node, "uri", location);
        String download = TrustJson.optionalText(node, "downloadLocation", location);
        if (name == null && uri == null && digest.isEmpty() && download == null && !node.has("content")) {
            throw new TrustFormatException(location, "a resource descriptor needs a uri, a digest or content");
        }
        return new ResourceDescriptor(name, uri, digest, download, TrustJson.optionalText(node, "mediaType", location), annotations);
    }
}
