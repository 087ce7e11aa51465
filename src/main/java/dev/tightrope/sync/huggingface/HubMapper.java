package dev.tightrope.sync.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Digest;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.Finding;
import dev.tightrope.domain.OwnerClaim;
import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.Severity;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.RecordSink;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps the Hub's model and dataset infos (the shapes of {@code /api/models/{id}?blobs=true&securityStatus=true}
 * and {@code /api/datasets}) to assets, edges, owner claims and findings. Native ids carry the
 * Hub's host, so the same model id on two Hub-compatible endpoints are two assets.
 */
final class HubMapper {

    static final String TYPE = "huggingface";
    static final String DETECTOR = "huggingface-hub-scan";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern REPO_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}(/[A-Za-z0-9][A-Za-z0-9._-]{0,95})?");

    private final String host;

    HubMapper(String host) {
        this.host = host;
    }

    Urn model(String id) {
        return Urn.of(AssetKind.MODEL, TYPE, host + "/" + id);
    }

    Urn version(String id, String sha) {
        return Urn.of(AssetKind.MODEL_VERSION, TYPE, host + "/" + id + "@" + sha);
    }

    Urn dataset(String id) {
        return Urn.of(AssetKind.DATASET, TYPE, host + "/datasets/" + id);
    }

    /** The model's id, checked: it becomes part of request paths and URNs. */
    static String repoId(JsonNode info, String what) {
        String id = text(info, "id");
        if (id == null || !REPO_ID.matcher(id).matches() || id.contains("..")) {
            throw new IllegalArgumentException(what + " has no valid \"id\"" + (id == null ? "" : " (" + abbreviate(id) + ")"));
        }
        return id;
    }

    /** One model with its revision and files; throws IllegalArgumentException for a record it cannot read. */
    void emitModel(JsonNode info, RecordSink sink) {
        String id = repoId(info, "a model");
        String sha = text(info, "sha");
        Urn model = model(id);
        String author = text(info, "author") != null ? text(info, "author") : id.contains("/") ? id.substring(0, id.indexOf('/')) : null;
        JsonNode card = info.path("cardData");

        Asset.Builder m = Asset.builder(model, id)
                .description(pipelineDescription(info))
                .sourceRef("https://" + host + "/" + id)
                .tags(tags(info));
        property(m, "author", author);
        property(m, "license", licence(info, card));
        property(m, "pipeline_tag", text(info, "pipeline_tag"));
        property(m, "library_name", text(info, "library_name"));
        property(m, "gated", info.has("gated") ? info.get("gated").asText() : null);
        property(m, "private", info.has("private") ? info.get("private").asText() : null);
        property(m, "disabled", info.path("disabled").asBoolean(false) ? "true" : null);
        property(m, "downloads", info.has("downloads") ? info.get("downloads").asText() : null);
        property(m, "likes", info.has("likes") ? info.get("likes").asText() : null);
        property(m, "createdAt", text(info, "createdAt"));
        property(m, "lastModified", text(info, "lastModified"));
        property(m, "sha", sha);
        property(m, "hub.scan", scanState(info.path("securityRepoStatus")));
        sink.asset(m.build());
        if (author != null) {
            sink.owner(OwnerClaim.fromSource(model, author, null, OwnerRole.TECHNICAL_OWNER));
        }
        if (sha == null || sha.isBlank()) {
            return; // a list entry without its revision: the model only
        }

        Urn version = version(id, sha);
        Asset.Builder v = Asset.builder(version, id + "@" + sha.substring(0, Math.min(7, sha.length())))
                .description("Revision " + sha + " of " + id)
                .sourceRef("https://" + host + "/" + id + "/tree/" + sha);
        property(v, "sha", sha);
        property(v, "lastModified", text(info, "lastModified"));
        property(v, "license", licence(info, card));
        property(v, "hub.scan", scanState(info.path("securityRepoStatus")));
        sink.asset(v.build());
        sink.edge(new Edge(model, version, EdgeType.VERSION_OF));
        if (author != null) {
            sink.owner(OwnerClaim.fromSource(version, author, null, OwnerRole.TECHNICAL_OWNER));
        }

        for (String base : strings(card.path("base_model"))) {
            if (REPO_ID.matcher(base).matches()) {
                sink.edge(new Edge(model(base), version, EdgeType.DERIVED_FROM));
            }
        }
        for (String ds : datasets(info, card)) {
            sink.edge(new Edge(dataset(ds), version, EdgeType.TRAINED_ON));
        }

        for (JsonNode sibling : info.path("siblings")) {
            String name = text(sibling, "rfilename");
            if (name == null || name.isBlank()) {
                continue;
            }
            JsonNode lfs = sibling.path("lfs");
            String sha256 = text(lfs, "sha256");
            if (sha256 == null || !SHA256.matcher(sha256).matches()) {
                continue; // small git-stored files (config.json, README.md) are not model files
            }
            Urn file = Urn.of(AssetKind.MODEL_ARTIFACT, TYPE, host + "/" + id + "@" + sha + "/" + name);
            Asset.Builder f = Asset.builder(file, name)
                    .digest(Digest.sha256(sha256))
                    .sourceRef("https://" + host + "/" + id + "/blob/" + sha + "/" + name)
                    .property("path", name)
                    .property("repo", id);
            long size = lfs.path("size").asLong(sibling.path("size").asLong(-1));
            if (size >= 0) {
                f.property("size", size);
            }
            sink.asset(f.build());
            sink.edge(new Edge(version, file, EdgeType.PART_OF));
        }
        emitScanFindings(id, sha, info.path("securityRepoStatus"), sink);
    }

    /** The Hub's own scan: files with issues become findings on the file (or the revision when the file is unknown). */
    private void emitScanFindings(String id, String sha, JsonNode status, RecordSink sink) {
        Urn version = version(id, sha);
        if (status.isMissingNode() || status.isNull()) {
            return;
        }
        for (JsonNode issue : status.path("filesWithIssues")) {
            String path = text(issue, "path");
            String level = text(issue, "level");
            if (path == null || level == null) {
                continue;
            }
            Severity severity = switch (level.toLowerCase(Locale.ROOT)) {
                case "malicious" -> Severity.CRITICAL;
                case "unsafe" -> Severity.HIGH;
                case "suspicious", "caution" -> Severity.MEDIUM;
                default -> Severity.LOW;
            };
            sink.finding(new Finding(version, "hf-scan-" + level.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "-"), severity,
                    "The Hub's scan marks " + path + " as " + level, "Hugging Face securityRepoStatus: " + path + " level " + level,
                    path, DETECTOR, null));
        }
    }

    /** {@code scanned}, {@code issues found}, or {@code not scanned}: never "clean" without scansDone. */
    static String scanState(JsonNode status) {
        if (status.isMissingNode() || status.isNull()) {
            return null;
        }
        if (!status.path("scansDone").asBoolean(false)) {
            return "not scanned";
        }
        return status.path("filesWithIssues").size() > 0 ? "issues found" : "scanned, no issues";
    }

    /** One dataset from {@code /api/datasets}. */
    void emitDataset(JsonNode info, RecordSink sink) {
        String id = repoId(info, "a dataset");
        Urn urn = dataset(id);
        String author = text(info, "author") != null ? text(info, "author") : id.contains("/") ? id.substring(0, id.indexOf('/')) : null;
        Asset.Builder d = Asset.builder(urn, id)
                .sourceRef("https://" + host + "/datasets/" + id)
                .tags(tags(info));
        property(d, "author", author);
        property(d, "sha", text(info, "sha"));
        property(d, "license", licence(info, info.path("cardData")));
        property(d, "gated", info.has("gated") ? info.get("gated").asText() : null);
        property(d, "private", info.has("private") ? info.get("private").asText() : null);
        property(d, "lastModified", text(info, "lastModified"));
        sink.asset(d.build());
        if (author != null) {
            sink.owner(OwnerClaim.fromSource(urn, author, null, OwnerRole.TECHNICAL_OWNER));
        }
    }

    private static String pipelineDescription(JsonNode info) {
        String pipeline = text(info, "pipeline_tag");
        String library = text(info, "library_name");
        if (pipeline == null && library == null) {
            return null;
        }
        return "Hugging Face model" + (pipeline == null ? "" : ", " + pipeline) + (library == null ? "" : " (" + library + ")");
    }

    private static String licence(JsonNode info, JsonNode card) {
        String fromCard = text(card, "license");
        if (fromCard != null) {
            return fromCard;
        }
        for (String tag : strings(info.path("tags"))) {
            if (tag.startsWith("license:")) {
                return tag.substring("license:".length());
            }
        }
        return null;
    }

    /** {@code cardData.datasets} (a string or a list) and {@code dataset:…} tags. */
    private static Set<String> datasets(JsonNode info, JsonNode card) {
        Set<String> out = new LinkedHashSet<>();
        for (String d : strings(card.path("datasets"))) {
            if (REPO_ID.matcher(d).matches()) {
                out.add(d);
            }
        }
        for (String tag : strings(info.path("tags"))) {
            if (tag.startsWith("dataset:") && REPO_ID.matcher(tag.substring(8)).matches()) {
                out.add(tag.substring(8));
            }
        }
        return out;
    }

    private static List<String> tags(JsonNode info) {
        List<String> out = new ArrayList<>();
        for (String t : strings(info.path("tags"))) {
            if (out.size() < 64 && t.length() <= 200) {
                out.add(t);
            }
        }
        return out;
    }

    /** A string or a list of strings; anything else is empty. */
    static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isArray()) {
            for (JsonNode n : node) {
                if (n.isTextual()) {
                    out.add(n.asText());
                }
            }
        }
        return out;
    }

    private static void property(Asset.Builder b, String key, String value) {
        if (value != null && !value.isBlank()) {
            b.property(key, value);
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "…";
    }
}
