package dev.tightrope.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetRecord;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.Neighbour;
import dev.tightrope.domain.Note;
import dev.tightrope.domain.OwnerAssignment;
import dev.tightrope.domain.StoredFinding;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Stable JSON shapes of the CLI (documented in the README) and plain-text tables. */
final class Output {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {
    }

    static void printJson(PrintWriter out, Object node) {
        try {
            out.println(JSON.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode summary(AssetSummary a) {
        ObjectNode n = JSON.createObjectNode();
        n.put("urn", a.urn());
        n.put("kind", a.kind().token());
        n.put("name", a.name());
        n.put("source", a.source());
        ArrayNode owners = n.putArray("owners");
        if (a.owners() != null) {
            for (String o : a.owners().split(", ")) {
                owners.add(o);
            }
        }
        n.put("lastSeen", iso(a.lastSeen()));
        n.put("gone", a.goneAt() != null);
        n.put("goneAt", iso(a.goneAt()));
        n.put("risk", a.worstFinding() == null ? null : a.worstFinding().token());
        return n;
    }

    static ObjectNode detail(AssetDetail d) {
        AssetRecord r = d.record();
        ObjectNode n = JSON.createObjectNode();
        n.put("urn", r.urn().toString());
        n.put("kind", r.urn().kind().token());
        n.put("name", r.asset().name());
        n.put("description", r.asset().description());
        n.put("source", r.source());
        n.put("sourceType", d.sourceType());
        n.put("sourceRef", r.asset().sourceRef());
        n.put("digest", r.asset().digest() == null ? null : r.asset().digest().toString());
        n.put("firstSeen", iso(r.firstSeen()));
        n.put("lastSeen", iso(r.lastSeen()));
        n.put("gone", r.gone());
        n.put("goneAt", iso(r.goneAt()));
        ArrayNode tags = n.putArray("tags");
        r.asset().tags().forEach(tags::add);
        ObjectNode props = n.putObject("properties");
        r.asset().properties().forEach(props::put);
        ArrayNode owners = n.putArray("owners");
        for (OwnerAssignment o : r.owners()) {
            ObjectNode on = owners.addObject();
            on.put("owner", o.owner());
            on.put("type", o.type().name().toLowerCase());
            on.put("role", o.role().token());
            on.put("provenance", o.provenance().name().toLowerCase());
            on.put("claimedBy", o.claimedBy());
            on.put("since", iso(o.since()));
        }
        n.set("upstream", neighbours(d.upstream()));
        n.put("upstreamTotal", d.upstreamTotal());
        n.set("downstream", neighbours(d.downstream()));
        n.put("downstreamTotal", d.downstreamTotal());
        ArrayNode findings = n.putArray("findings");
        for (StoredFinding f : d.findings()) {
            ObjectNode fn = findings.addObject();
            fn.put("id", f.id());
            fn.put("ruleId", f.finding().ruleId());
            fn.put("severity", f.finding().severity().token());
            fn.put("title", f.finding().title());
            fn.put("evidence", f.finding().evidence());
            fn.put("location", f.finding().location());
            fn.put("detector", f.finding().detector());
            fn.put("status", f.finding().status().name().toLowerCase());
            fn.put("justification", f.justification());
        }
        ArrayNode same = n.putArray("sameContent");
        for (AssetSummary a : d.sameContent()) {
            same.add(summary(a));
        }
        ArrayNode notes = n.putArray("notes");
        for (Note note : d.notes()) {
            ObjectNode nn = notes.addObject();
            nn.put("author", note.author());
            nn.put("createdAt", iso(note.createdAt()));
            nn.put("text", note.text());
        }
        return n;
    }

    private static ArrayNode neighbours(List<Neighbour> list) {
        ArrayNode arr = JSON.createArrayNode();
        for (Neighbour nb : list) {
            ObjectNode o = arr.addObject();
            o.put("urn", nb.urn());
            o.put("kind", nb.kind().token());
            o.put("name", nb.name());
            o.put("relation", nb.type().token());
            o.put("gone", nb.gone());
        }
        return arr;
    }

    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    /** A plain text table with columns sized to content (capped). */
    static void table(PrintWriter out, List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i) == null ? "" : row.get(i);
                widths[i] = Math.min(60, Math.max(widths[i], cell.length()));
            }
        }
        for (List<String> row : all) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i) == null ? "" : row.get(i);
                if (cell.length() > widths[i]) {
                    cell = cell.substring(0, widths[i] - 1) + "…";
                }
                sb.append(cell);
                if (i < row.size() - 1) {
                    sb.append(" ".repeat(widths[i] - cell.length() + 2));
                }
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
