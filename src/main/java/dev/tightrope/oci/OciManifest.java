package dev.tightrope.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.base.UntrustedJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An OCI image manifest or image index, built or parsed. Parsing is lenient about fields it does
 * not need and strict about the ones it does.
 *
 * @param config    null for an index
 * @param layers    layers of a manifest, or the manifests of an index
 * @param subject   the artifact this one refers to (OCI 1.1), or null
 */
public record OciManifest(String mediaType, String artifactType, Descriptor config, List<Descriptor> layers, Descriptor subject,
                          Map<String, String> annotations) {

    public static final String IMAGE_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String IMAGE_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String IMAGE_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String EMPTY_CONFIG = "application/vnd.oci.empty.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    /** The empty JSON object {@code {}} that artifacts use as their config. */
    public static final byte[] EMPTY_JSON = {'{', '}'};
    static final int MAX_BYTES = 4 * 1024 * 1024;
    /** What a registry sends (manifests, indexes, token and error documents): read strictly; they nest a few levels. */
    static final UntrustedJson REGISTRY_JSON = UntrustedJson.withLimits(
            new JsonLimits(32, MAX_BYTES, JsonLimits.LONGEST_PLAIN_NUMBER, MAX_BYTES));
    private static final ObjectMapper JSON = new ObjectMapper();

    public OciManifest {
        layers = List.copyOf(layers);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    private static boolean isManifestType(String type) {
        return IMAGE_MANIFEST.equals(type) || IMAGE_INDEX.equals(type) || DOCKER_MANIFEST.equals(type) || DOCKER_LIST.equals(type);
    }

    public boolean isIndex() {
        return IMAGE_INDEX.equals(mediaType) || DOCKER_LIST.equals(mediaType);
    }

    /** The artifact type: {@code artifactType}, else the config's media type when it is not an image config. */
    public String effectiveArtifactType() {
        if (artifactType != null) {
            return artifactType;
        }
        return config != null && !IMAGE_CONFIG.equals(config.mediaType()) ? config.mediaType() : null;
    }

    public static OciManifest imageManifest(String artifactType, Descriptor config, List<Descriptor> layers, Descriptor subject,
                                            Map<String, String> annotations) {
        return new OciManifest(IMAGE_MANIFEST, artifactType, config, layers, subject, annotations);
    }

    public static OciManifest index(List<Descriptor> manifests) {
        return new OciManifest(IMAGE_INDEX, null, null, manifests, null, null);
    }

    /** Compact JSON, the bytes that are pushed and whose SHA-256 is the manifest's digest. */
    public byte[] toBytes() {
        ObjectNode o = JSON.createObjectNode();
        o.put("schemaVersion", 2);
        o.put("mediaType", mediaType);
        if (artifactType != null) {
            o.put("artifactType", artifactType);
        }
        if (config != null) {
            o.set("config", config.toJson());
        }
        ArrayNode list = o.putArray(isIndex() ? "manifests" : "layers");
        layers.forEach(l -> list.add(l.toJson()));
        if (subject != null) {
            o.set("subject", subject.toJson());
        }
        if (!annotations.isEmpty()) {
            ObjectNode a = o.putObject("annotations");
            new TreeMap<>(annotations).forEach(a::put);
        }
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** Parses a manifest or index; {@code contentType} is used when the document does not say. */
    public static OciManifest parse(byte[] bytes, String contentType, String location) {
        JsonNode root;
        try {
            root = REGISTRY_JSON.read(bytes);
        } catch (JsonProcessingException e) {
            throw new RegistryException(location + ": " + REGISTRY_JSON.describe(e), -1);
        } catch (IOException e) {
            throw new RegistryException(location + ": not readable JSON: " + e.getMessage(), -1);
        }
        if (root == null || !root.isObject()) {
            throw new RegistryException(location + ": a manifest is a JSON object", -1);
        }
        if (root.path("schemaVersion").asInt() != 2) {
            throw new RegistryException(location + ": schemaVersion is not 2", -1);
        }
        String declared = root.path("mediaType").isTextual() ? root.get("mediaType").asText() : null;
        if (declared != null && isManifestType(contentType) && !declared.equals(contentType)) {
            // Which one a reader believes decides whether it reads layers or manifests: refuse to guess.
            throw new RegistryException(location + ": the document says it is " + declared + " but was served as " + contentType, -1);
        }
        if (root.has("manifests") && root.has("layers")) {
            throw new RegistryException(location + ": a document with both 'manifests' and 'layers' is neither an index nor a manifest", -1);
        }
        String mediaType = declared != null ? declared : contentType != null ? contentType
                : root.has("manifests") ? IMAGE_INDEX : IMAGE_MANIFEST;
        boolean index = isManifestType(mediaType) ? IMAGE_INDEX.equals(mediaType) || DOCKER_LIST.equals(mediaType) : root.has("manifests");
        if (isManifestType(mediaType) && root.has(index ? "layers" : "manifests")) {
            throw new RegistryException(location + ": a " + mediaType + " holds '" + (index ? "layers" : "manifests") + "'", -1);
        }
        List<Descriptor> items = new ArrayList<>();
        JsonNode list = root.path(index ? "manifests" : "layers");
        for (int i = 0; i < list.size(); i++) {
            items.add(Descriptor.fromJson(list.get(i), location + (index ? " manifests[" : " layers[") + i + "]"));
        }
        Descriptor config = root.has("config") ? Descriptor.fromJson(root.get("config"), location + " config") : null;
        Descriptor subject = root.has("subject") ? Descriptor.fromJson(root.get("subject"), location + " subject") : null;
        Map<String, String> annotations = new TreeMap<>();
        root.path("annotations").fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
        return new OciManifest(mediaType, root.path("artifactType").isTextual() ? root.get("artifactType").asText() : null,
                config, items, subject, annotations);
    }
}
