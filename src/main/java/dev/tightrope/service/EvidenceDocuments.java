package dev.tightrope.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetRecord;
import dev.tightrope.domain.LineageGraph;
import dev.tightrope.domain.OwnerAssignment;
import dev.tightrope.domain.StoredFinding;
import dev.tightrope.trust.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The evidence a reviewer looks at for one asset, as JSON documents: {@code asset.json},
 * {@code owners.json}, {@code findings.json}, {@code lineage.json}. Times that every sync moves
 * (last seen) are left out, so the same evidence has the same bytes: an approval records the
 * digests of what its reviewer saw, and an evidence bundle exported later shows whether it is
 * still the same.
 */
final class EvidenceDocuments {

    static final int LINEAGE_DEPTH = 2;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EvidenceDocuments() {
    }

    /** File name to bytes, in a fixed order. */
    static Map<String, byte[]> of(AssetDetail detail, LineageGraph lineage) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("asset.json", bytes(asset(detail.record())));
        out.put("owners.json", bytes(owners(detail.record())));
        out.put("findings.json", bytes(findings(detail)));
        out.put("lineage.json", (LineageFormats.json(lineage) + "\n").getBytes(StandardCharsets.UTF_8));
        return out;
    }

    static String sha256(byte[] bytes) {
        return Sha256.hex(bytes);
    }

    private static ObjectNode asset(AssetRecord r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("urn", r.urn().toString());
        n.put("kind", r.urn().kind().token());
        n.put("name", r.asset().name());
        n.put("description", r.asset().description());
        n.put("source", r.source());
        n.put("sourceRef", r.asset().sourceRef());
        n.put("digest", r.asset().digest() == null ? null : r.asset().digest().toString());
        n.put("firstSeen", r.firstSeen() == null ? null : r.firstSeen().toString());
        n.put("gone", r.gone());
        ArrayNode tags = n.putArray("tags");
        r.asset().tags().forEach(tags::add);
        ObjectNode props = n.putObject("properties");
        r.asset().properties().forEach(props::put);
        return n;
    }

    private static ArrayNode owners(AssetRecord r) {
        ArrayNode a = JSON.createArrayNode();
        for (OwnerAssignment o : r.owners()) {
            ObjectNode on = a.addObject();
            on.put("owner", o.owner());
            on.put("type", o.type().name().toLowerCase());
            on.put("role", o.role().token());
            on.put("provenance", o.provenance().name().toLowerCase());
            on.put("claimedBy", o.claimedBy());
            on.put("since", o.since().toString());
        }
        return a;
    }

    private static ArrayNode findings(AssetDetail d) {
        ArrayNode a = JSON.createArrayNode();
        for (StoredFinding f : d.findings()) {
            ObjectNode fn = a.addObject();
            fn.put("id", f.id());
            fn.put("asset", f.finding().asset().toString());
            fn.put("ruleId", f.finding().ruleId());
            fn.put("severity", f.finding().severity().token());
            fn.put("title", f.finding().title());
            fn.put("evidence", f.finding().evidence());
            fn.put("location", f.finding().location());
            fn.put("detector", f.finding().detector());
            fn.put("status", f.finding().status().name().toLowerCase());
            fn.put("justification", f.justification());
            fn.put("firstSeen", f.firstSeen() == null ? null : f.firstSeen().toString());
        }
        return a;
    }

    private static byte[] bytes(Object node) {
        try {
            return (JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
