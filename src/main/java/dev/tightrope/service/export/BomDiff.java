package dev.tightrope.service.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changed between two CycloneDX BOMs: components added, removed and changed (version,
 * hashes), dependencies gained and lost, vulnerabilities opened and closed. Components are matched
 * by {@code bom-ref}, else by type, group, name and version; the subject in
 * {@code metadata.component} and nested components count as components. No IO.
 */
public final class BomDiff {

    /** One difference, e.g. {@code changed  tr:model_version:… hashes sha256:ab… → sha256:cd…}. */
    public record Change(String what, String ref, String detail) {
        @Override
        public String toString() {
            return String.format("%-9s %s%s", what, ref, detail.isEmpty() ? "" : "  " + detail);
        }
    }

    private BomDiff() {
    }

    /** The differences from {@code before} to {@code after}, in a stable order; empty when none. */
    public static List<Change> compare(JsonNode before, JsonNode after) {
        requireBom(before, "the first BOM");
        requireBom(after, "the second BOM");
        Map<String, JsonNode> a = components(before);
        Map<String, JsonNode> b = components(after);
        List<Change> changes = new ArrayList<>();
        for (String ref : new TreeSet<>(a.keySet())) {
            if (!b.containsKey(ref)) {
                changes.add(new Change("removed", ref, label(a.get(ref))));
            }
        }
        for (String ref : new TreeSet<>(b.keySet())) {
            JsonNode old = a.get(ref);
            JsonNode now = b.get(ref);
            if (old == null) {
                changes.add(new Change("added", ref, label(now)));
                continue;
            }
            if (!Objects.equals(text(old, "version"), text(now, "version"))) {
                changes.add(new Change("changed", ref, "version " + text(old, "version") + " → " + text(now, "version")));
            }
            if (!hashes(old).equals(hashes(now))) {
                changes.add(new Change("changed", ref, "hashes " + String.join(",", hashes(old)) + " → " + String.join(",", hashes(now))));
            }
        }
        Map<String, Set<String>> da = dependencies(before);
        Map<String, Set<String>> db = dependencies(after);
        for (String ref : new TreeSet<>(union(da.keySet(), db.keySet()))) {
            Set<String> old = da.getOrDefault(ref, Set.of());
            Set<String> now = db.getOrDefault(ref, Set.of());
            for (String d : new TreeSet<>(now)) {
                if (!old.contains(d)) {
                    changes.add(new Change("depends", ref, "now on " + d));
                }
            }
            for (String d : new TreeSet<>(old)) {
                if (!now.contains(d)) {
                    changes.add(new Change("depends", ref, "no longer on " + d));
                }
            }
        }
        Set<String> va = vulnerabilities(before);
        Set<String> vb = vulnerabilities(after);
        for (String v : new TreeSet<>(vb)) {
            if (!va.contains(v)) {
                changes.add(new Change("opened", v, ""));
            }
        }
        for (String v : new TreeSet<>(va)) {
            if (!vb.contains(v)) {
                changes.add(new Change("closed", v, ""));
            }
        }
        return changes;
    }

    private static void requireBom(JsonNode bom, String which) {
        if (bom == null || !bom.isObject() || !"CycloneDX".equals(bom.path("bomFormat").asText(null))) {
            throw new IllegalArgumentException(which + " is not a CycloneDX BOM (no \"bomFormat\": \"CycloneDX\")");
        }
    }

    private static Map<String, JsonNode> components(JsonNode bom) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        JsonNode subject = bom.path("metadata").path("component");
        if (subject.isObject()) {
            add(subject, out);
        }
        for (JsonNode c : bom.path("components")) {
            add(c, out);
        }
        return out;
    }

    private static void add(JsonNode c, Map<String, JsonNode> out) {
        out.putIfAbsent(key(c), c);
        for (JsonNode nested : c.path("components")) {
            add(nested, out);
        }
    }

    private static String key(JsonNode c) {
        String ref = text(c, "bom-ref");
        if (ref != null) {
            return ref;
        }
        String group = text(c, "group");
        String version = text(c, "version");
        return text(c, "type") + ":" + (group == null ? "" : group + "/") + text(c, "name") + (version == null ? "" : "@" + version);
    }

    private static String label(JsonNode c) {
        String version = text(c, "version");
        return text(c, "type") + " " + text(c, "name") + (version == null ? "" : " " + version);
    }

    private static List<String> hashes(JsonNode c) {
        List<String> out = new ArrayList<>();
        for (JsonNode h : c.path("hashes")) {
            out.add(text(h, "alg") + ":" + text(h, "content"));
        }
        out.sort(null);
        return out;
    }

    private static Map<String, Set<String>> dependencies(JsonNode bom) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (JsonNode d : bom.path("dependencies")) {
            Set<String> on = out.computeIfAbsent(text(d, "ref"), k -> new TreeSet<>());
            d.path("dependsOn").forEach(x -> on.add(x.asText()));
        }
        return out;
    }

    /** Each vulnerability as "id on ref, ref…" (its own bom-ref differs between exports). */
    private static Set<String> vulnerabilities(JsonNode bom) {
        Set<String> out = new TreeSet<>();
        for (JsonNode v : bom.path("vulnerabilities")) {
            List<String> refs = new ArrayList<>();
            v.path("affects").forEach(a -> refs.add(a.path("ref").asText()));
            refs.sort(null);
            out.add(text(v, "id") + " on " + String.join(", ", refs));
        }
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
