package dev.tightrope.sync.artifactory;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One file or folder of a repository, as AQL's {@code items} domain or the storage API's file
 * info describes it. Built only through the readers here, which check every field that becomes
 * part of a URN or a query: a record they cannot read is refused with the reason.
 *
 * @param path       the folder inside the repository, {@code "."} for its root (AQL's form)
 * @param properties Artifactory properties (a key can hold several values)
 */
record ArtifactoryItem(String repo, String path, String name, boolean folder, long size, String created, String createdBy,
                       String modified, String modifiedBy, String sha256, Map<String, List<String>> properties) {

    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int MAX_SEGMENT = 255;
    private static final int MAX_PATH = 1024;
    static final int MAX_PROPERTIES = 64;
    private static final int MAX_PROPERTY_KEY = 128;

    /** The item's path from the repository root ({@code fraud-bert/3/model.safetensors}). */
    String fullPath() {
        return ".".equals(path) ? name : path + "/" + name;
    }

    /** The item with more properties (from the properties query or a storage answer). */
    ArtifactoryItem withProperties(Map<String, List<String>> more) {
        if (more == null || more.isEmpty()) {
            return this;
        }
        Map<String, List<String>> all = new LinkedHashMap<>(properties);
        more.forEach(all::putIfAbsent);
        return new ArtifactoryItem(repo, path, name, folder, size, created, createdBy, modified, modifiedBy, sha256, all);
    }

    /** The item with the SHA-256 a storage answer gave. */
    ArtifactoryItem withSha256(String hex) {
        return new ArtifactoryItem(repo, path, name, folder, size, created, createdBy, modified, modifiedBy, hex, properties);
    }

    /** {@code modified} as an instant, or null when absent or unreadable. */
    Instant modifiedAt() {
        return instant(modified);
    }

    static Instant instant(String date) {
        if (date == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(date).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * One entry of an AQL answer's {@code results}: {@code repo}, {@code path}, {@code name},
     * {@code type}, {@code size}, {@code created}, {@code created_by}, {@code modified},
     * {@code modified_by}, {@code sha256} and, when the query included them, {@code properties}
     * ({@code [{"key","value"}]}).
     */
    static ArtifactoryItem fromAql(JsonNode r) {
        if (!r.isObject()) {
            throw new IllegalArgumentException("an AQL result is not a JSON object");
        }
        String repo = repo(text(r, "repo"));
        String name = segment(text(r, "name"), "name");
        String path = folderPath(text(r, "path"));
        String type = text(r, "type");
        boolean folder = "folder".equals(type);
        Map<String, List<String>> props = new LinkedHashMap<>();
        for (JsonNode p : r.path("properties")) {
            String key = text(p, "key");
            String value = p.path("value").isValueNode() && !p.path("value").isNull() ? p.path("value").asText() : "";
            addProperty(props, key, value);
        }
        return new ArtifactoryItem(repo, path, name, folder, size(r.get("size")), text(r, "created"), text(r, "created_by"),
                text(r, "modified"), text(r, "modified_by"), sha256(text(r, "sha256")), props);
    }

    /**
     * A storage API file info ({@code GET /api/storage/{repo}/{path}}): {@code repo}, {@code path}
     * from the root with a leading slash, {@code created}, {@code createdBy}, {@code lastModified},
     * {@code modifiedBy}, {@code size} as a string and {@code checksums.sha256}.
     */
    static ArtifactoryItem fromFileInfo(JsonNode info) {
        if (!info.isObject()) {
            throw new IllegalArgumentException("a file info is not a JSON object");
        }
        String repo = repo(text(info, "repo"));
        String full = text(info, "path");
        if (full == null || full.isBlank() || full.equals("/")) {
            throw new IllegalArgumentException("a file info has no \"path\"");
        }
        String rel = full.startsWith("/") ? full.substring(1) : full;
        int slash = rel.lastIndexOf('/');
        String name = segment(slash < 0 ? rel : rel.substring(slash + 1), "name");
        String path = slash < 0 ? "." : folderPath(rel.substring(0, slash));
        boolean folder = info.has("children");
        return new ArtifactoryItem(repo, path, name, folder, size(info.get("size")), text(info, "created"), text(info, "createdBy"),
                text(info, "lastModified"), text(info, "modifiedBy"), sha256(text(info.path("checksums"), "sha256")), Map.of());
    }

    /** A storage API properties answer's {@code properties}: {@code {"key":["value", …]}}. */
    static Map<String, List<String>> propertiesOf(JsonNode answer) {
        JsonNode node = answer.path("properties");
        if (!node.isObject()) {
            throw new IllegalArgumentException("a properties answer has no \"properties\" object");
        }
        Map<String, List<String>> props = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getValue().isArray()) {
                for (JsonNode v : e.getValue()) {
                    if (v.isValueNode() && !v.isNull()) {
                        addProperty(props, e.getKey(), v.asText());
                    }
                }
            } else if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                addProperty(props, e.getKey(), e.getValue().asText());
            }
        }
        return props;
    }

    private static void addProperty(Map<String, List<String>> props, String key, String value) {
        if (key == null || key.isBlank() || key.length() > MAX_PROPERTY_KEY || key.chars().anyMatch(Character::isISOControl)) {
            return;
        }
        if (!props.containsKey(key) && props.size() >= MAX_PROPERTIES) {
            return;
        }
        List<String> values = props.computeIfAbsent(key, k -> new ArrayList<>());
        if (values.size() < 16 && !values.contains(value)) {
            values.add(value);
        }
    }

    static String repo(String repo) {
        if (repo == null || !REPO.matcher(repo).matches()) {
            throw new IllegalArgumentException("an item has no valid \"repo\"" + (repo == null ? "" : " (" + abbreviate(repo) + ")"));
        }
        return repo;
    }

    private static String segment(String s, String what) {
        if (s == null || s.isBlank() || s.length() > MAX_SEGMENT || s.contains("/") || s.contains("\\")
                || s.equals(".") || s.equals("..") || s.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("an item has no valid \"" + what + "\"" + (s == null ? "" : " (" + abbreviate(s) + ")"));
        }
        return s;
    }

    /** A folder path inside a repository: {@code "."} or {@code a/b} with no empty, dot or dot-dot segments. */
    static String folderPath(String path) {
        if (path == null || path.equals(".") || path.equals("/") || path.isEmpty()) {
            return ".";
        }
        String p = path.startsWith("/") ? path.substring(1) : path;
        p = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        if (p.length() > MAX_PATH) {
            throw new IllegalArgumentException("an item's \"path\" is longer than " + MAX_PATH + " characters");
        }
        for (String seg : p.split("/", -1)) {
            segment(seg, "path");
        }
        return p;
    }

    private static long size(JsonNode n) {
        if (n == null || n.isNull()) {
            return -1;
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return Math.max(-1, n.asLong());
        }
        if (n.isTextual() && n.asText().matches("\\d{1,18}")) {
            return Long.parseLong(n.asText());
        }
        return -1;
    }

    private static String sha256(String hex) {
        return hex != null && SHA256.matcher(hex).matches() ? hex.toLowerCase(Locale.ROOT) : null;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "…";
    }
}
