package dev.tightrope.sync.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Digest;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.OwnerClaim;
import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.RecordSink;
import dev.tightrope.oci.Descriptor;
import dev.tightrope.oci.OciManifest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns what a registry holds into records. A manifest is one asset, named by its registry,
 * repository and digest ({@code tr:<kind>:oci:<host>/<repo>@sha256:<hex>}), with its digest as
 * the asset's digest, so an image that OpenLineage names {@code oci://host} /
 * {@code repo:tag@sha256:…} is the same content. Images and indexes are container images;
 * model artifacts (CNCF ModelPack, Docker Model Runner, Ollama) are model versions; each layer
 * of a model artifact is a model file ({@code tr:model_artifact:oci:<host>/<repo>/blobs/sha256:<hex>})
 * whose digest is the layer's, so a raw weight layer is the same content as the Hub file, the
 * Artifactory file or the scanned file with those bytes, and it is {@code packaged_as} the artifact.
 */
final class OciMapper {

    static final String TYPE = "oci";
    static final String MODEL_CONFIG = "application/vnd.cncf.model.config.v1+json";
    static final String MODEL_MANIFEST = "application/vnd.cncf.model.manifest.v1+json";
    static final String DOCKER_IMAGE_CONFIG = "application/vnd.docker.container.image.v1+json";
    private static final List<String> MODEL_PREFIXES = List.of("application/vnd.cncf.model.", "application/vnd.docker.ai.",
            "application/vnd.ollama.image.");
    private static final String ANNOTATION = "org.opencontainers.image.";
    private static final Set<String> KNOWN = Set.of("created", "authors", "url", "documentation", "source", "version", "revision",
            "vendor", "licenses", "title", "description", "base.name", "base.digest", "ref.name");
    private static final int MAX_EXTRA = 20;
    private static final int MAX_VALUE = 400;

    private final String host;
    private final RecordSink sink;

    OciMapper(String host, RecordSink sink) {
        this.host = host;
        this.sink = sink;
    }

    /** What a manifest is, for its kind and how it is read. */
    enum Nature { IMAGE, INDEX, MODEL, ARTIFACT }

    static Nature nature(OciManifest m) {
        if (m.isIndex()) {
            return isModelType(m.artifactType()) ? Nature.MODEL : Nature.INDEX;
        }
        String type = m.effectiveArtifactType();
        if (isModelType(type) || m.layers().stream().anyMatch(l -> isModelType(l.mediaType()))) {
            return Nature.MODEL;
        }
        return type == null || DOCKER_IMAGE_CONFIG.equals(type) ? Nature.IMAGE : Nature.ARTIFACT;
    }

    static boolean isModelType(String mediaType) {
        return mediaType != null && MODEL_PREFIXES.stream().anyMatch(mediaType::startsWith);
    }

    /** Whether a layer is a file as it is (its digest is the file's), not an archive of files. */
    static boolean rawFile(Descriptor layer) {
        String t = layer.mediaType().toLowerCase(Locale.ROOT);
        return !(t.contains(".tar") || t.endsWith("+gzip") || t.endsWith("+zstd") || t.contains("rootfs"));
    }

    Urn manifestUrn(Nature nature, String repository, String digest) {
        AssetKind kind = nature == Nature.MODEL ? AssetKind.MODEL_VERSION : AssetKind.CONTAINER_IMAGE;
        return Urn.of(kind, TYPE, host + "/" + repository + "@" + digest);
    }

    Urn layerUrn(String repository, String digest) {
        return Urn.of(AssetKind.MODEL_ARTIFACT, TYPE, host + "/" + repository + "/blobs/" + digest);
    }

    /**
     * One manifest.
     *
     * @param tags     the tags pointing at it (empty for an index's child)
     * @param config   its parsed config blob (image config or model config), or null
     * @param notes    what is attached to it: signatures, attestations, referrers (label → text)
     * @param platform an index child's platform ({@code linux/amd64}), or null
     */
    Urn manifest(String repository, String digest, List<String> tags, OciManifest m, JsonNode config, Map<String, String> notes,
                 String platform) {
        Nature nature = nature(m);
        Urn urn = manifestUrn(nature, repository, digest);
        Map<String, String> props = new TreeMap<>();
        props.put("image.repository", host + "/" + repository);
        if (!tags.isEmpty()) {
            props.put("image.tags", String.join(", ", tags));
        }
        props.put("oci.media-type", m.mediaType());
        if (m.effectiveArtifactType() != null && nature != Nature.IMAGE && !m.isIndex()) {
            props.put("oci.artifact-type", m.effectiveArtifactType());
        } else if (m.artifactType() != null) {
            props.put("oci.artifact-type", m.artifactType());
        }
        if (platform != null) {
            props.put("oci.platform", platform);
        }
        Map<String, String> annotations = new TreeMap<>(m.annotations());
        JsonNode labels = config == null ? null : config.path("config").path("Labels");
        if (labels != null && labels.isObject()) {
            // Image labels carry the same org.opencontainers keys; the manifest's annotations win.
            labels.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) {
                    annotations.putIfAbsent(e.getKey(), e.getValue().asText());
                }
            });
        }
        int extra = 0;
        for (Map.Entry<String, String> a : annotations.entrySet()) {
            String key = a.getKey();
            if (key.startsWith(ANNOTATION) && KNOWN.contains(key.substring(ANNOTATION.length()))) {
                if (!key.endsWith("ref.name") && !key.endsWith(".description")) {
                    props.put("image." + key.substring(ANNOTATION.length()), clip(a.getValue()));
                }
            } else if (extra < MAX_EXTRA) {
                props.put("annotation." + key, clip(a.getValue()));
                extra++;
            }
        }
        if (config != null && nature == Nature.IMAGE) {
            text(config, "architecture").ifPresent(v -> props.put("image.architecture", v));
            text(config, "os").ifPresent(v -> props.put("image.os", v));
            text(config, "created").ifPresent(v -> props.putIfAbsent("image.created", v));
        }
        String name = tags.isEmpty() ? repository + "@" + digest.substring(0, "sha256:".length() + 12) + (platform == null ? "" : " (" + platform + ")")
                : repository + ":" + tags.get(0);
        String description = annotations.get(ANNOTATION + "description");
        Set<String> authors = new LinkedHashSet<>(split(annotations.get(ANNOTATION + "authors")));
        if (nature == Nature.MODEL && config != null) {
            JsonNode d = config.path("descriptor");
            JsonNode c = config.path("config");
            text(d, "name").ifPresent(v -> props.put("model.name", v));
            text(d, "version").ifPresent(v -> props.put("model.version", v));
            text(d, "family").ifPresent(v -> props.put("model.family", v));
            text(d, "vendor").ifPresent(v -> props.put("model.vendor", v));
            text(d, "revision").ifPresent(v -> props.put("model.revision", v));
            text(d, "sourceURL").ifPresent(v -> props.put("model.source", v));
            text(d, "createdAt").ifPresent(v -> props.put("model.created", v));
            texts(d.path("licenses")).forEach(v -> props.merge("model.licenses", v, (x, y) -> x + ", " + y));
            texts(d.path("authors")).forEach(authors::add);
            for (String[] k : new String[][] {{"format", "model.format"}, {"architecture", "model.architecture"},
                    {"paramSize", "model.param-size"}, {"precision", "model.precision"}, {"quantization", "model.quantization"}}) {
                text(c, k[0]).ifPresent(v -> props.put(k[1], v));
            }
            // Docker Model Runner's config keeps its facts at the top level of "config".
            text(c, "size").ifPresent(v -> props.put("model.size", v));
            if (description == null) {
                description = text(d, "description").orElse(null);
            }
            String modelName = props.get("model.name");
            if (modelName != null && !modelName.isBlank()) {
                name = modelName + (props.containsKey("model.version") ? " " + props.get("model.version") : "")
                        + (tags.isEmpty() ? "" : " (" + repository + ":" + tags.get(0) + ")");
            }
        }
        props.putAll(notes);
        Asset.Builder asset = Asset.builder(urn, clipName(name))
                .description(description == null ? describe(nature, m) : description)
                .digest(Digest.parse(digest))
                .properties(props)
                .sourceRef("oci://" + host + "/" + repository + "@" + digest);
        sink.asset(asset.build());
        for (String author : authors) {
            if (!author.isBlank()) {
                sink.owner(OwnerClaim.fromSource(urn, author, null, OwnerRole.TECHNICAL_OWNER));
            }
        }
        if (nature == Nature.MODEL && !m.isIndex()) {
            for (Descriptor layer : m.layers()) {
                layer(repository, urn, layer);
            }
        }
        String base = annotations.get(ANNOTATION + "base.digest");
        if (base != null && base.matches("sha256:[0-9a-f]{64}")) {
            String baseName = annotations.getOrDefault(ANNOTATION + "base.name", "");
            String baseRepo = baseRepository(baseName);
            if (baseRepo != null) {
                // A base in the same registry is named the way this connector names it.
                sink.edge(new Edge(Urn.of(AssetKind.CONTAINER_IMAGE, TYPE, host + "/" + baseRepo + "@" + base), urn, EdgeType.DERIVED_FROM));
            }
        }
        return urn;
    }

    /** An index's child manifest is part of it. */
    void child(Urn index, Urn child) {
        sink.edge(new Edge(index, child, EdgeType.PART_OF));
    }

    private void layer(String repository, Urn artifact, Descriptor layer) {
        Urn urn = layerUrn(repository, layer.digest());
        String path = layer.annotations().getOrDefault("org.cncf.model.filepath",
                layer.annotations().getOrDefault(ANNOTATION + "title", layer.digest().substring(0, 19)));
        Map<String, String> props = new TreeMap<>();
        props.put("oci.media-type", layer.mediaType());
        props.put("size", Long.toString(layer.size()));
        props.put("image.repository", host + "/" + repository);
        props.put("oci.layer", rawFile(layer) ? "the file itself" : "an archive of files (its digest is the archive's)");
        sink.asset(Asset.builder(urn, clipName(path))
                .description("A layer of the model artifact " + repository + ": " + layer.mediaType())
                .digest(Digest.parse(layer.digest()))
                .properties(props)
                .sourceRef("oci://" + host + "/" + repository + "@" + layer.digest())
                .build());
        sink.edge(new Edge(urn, artifact, EdgeType.PACKAGED_AS));
    }

    private static String describe(Nature nature, OciManifest m) {
        return switch (nature) {
            case INDEX -> "OCI image index of " + m.layers().size() + (m.layers().size() == 1 ? " manifest" : " manifests");
            case IMAGE -> "Container image (" + m.mediaType() + ")";
            case MODEL -> "Model artifact (" + (m.effectiveArtifactType() == null ? m.mediaType() : m.effectiveArtifactType()) + ")";
            case ARTIFACT -> "OCI artifact of type " + m.effectiveArtifactType();
        };
    }

    /** {@code registry/repo:tag} or {@code repo:tag} → the repository path when it is this registry's (or unqualified). */
    private String baseRepository(String reference) {
        if (reference == null || reference.isBlank()) {
            return null;
        }
        String r = reference.strip();
        int at = r.indexOf('@');
        if (at >= 0) {
            r = r.substring(0, at);
        }
        int slash = r.indexOf('/');
        if (slash > 0 && (r.substring(0, slash).contains(".") || r.substring(0, slash).contains(":"))) {
            if (!r.substring(0, slash).equalsIgnoreCase(host)) {
                return null;
            }
            r = r.substring(slash + 1);
        }
        int colon = r.lastIndexOf(':');
        return colon > r.lastIndexOf('/') ? r.substring(0, colon) : r;
    }

    static List<String> split(String authors) {
        List<String> out = new ArrayList<>();
        if (authors == null) {
            return out;
        }
        for (String a : authors.split("[,;]")) {
            if (!a.isBlank()) {
                out.add(a.strip());
            }
        }
        return out;
    }

    private static java.util.Optional<String> text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && (v.isTextual() || v.isNumber() || v.isBoolean()) && !v.asText().isBlank()
                ? java.util.Optional.of(clip(v.asText())) : java.util.Optional.empty();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonNode n : array) {
                if (n.isTextual() && !n.asText().isBlank()) {
                    out.add(clip(n.asText()));
                }
            }
        }
        return out;
    }

    private static String clip(String s) {
        return s.length() <= MAX_VALUE ? s : s.substring(0, MAX_VALUE - 1) + "…";
    }

    private static String clipName(String s) {
        return s.length() <= 200 ? s : s.substring(0, 199) + "…";
    }
}
