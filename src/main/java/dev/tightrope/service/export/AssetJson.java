package dev.tightrope.service.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetRecord;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.Labels;
import dev.tightrope.domain.Neighbour;
import dev.tightrope.domain.Note;
import dev.tightrope.domain.OwnerAssignment;
import dev.tightrope.domain.FindingDecision;
import dev.tightrope.domain.StoredFinding;
import java.time.Instant;
import java.util.List;

/**
 * The one JSON shape of assets, owners and findings: what {@code assets --json} and
 * {@code show --json} print and what evidence bundles contain. Documented in the README; fields
 * are only ever added.
 */
public final class AssetJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AssetJson() {
    }

    public static ObjectNode summary(AssetSummary a) {
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

    /** The asset itself: identity, description, where it came from, digest, times, tags, properties. */
    public static ObjectNode asset(AssetRecord r, String sourceType) {
        ObjectNode n = JSON.createObjectNode();
        n.put("urn", r.urn().toString());
        n.put("kind", r.urn().kind().token());
        n.put("name", r.asset().name());
        n.put("description", r.asset().description());
        n.put("source", r.source());
        if (sourceType != null) {
            n.put("sourceType", sourceType);
        }
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
        return n;
    }

    /** Everything {@code show --json} prints. */
    public static ObjectNode detail(AssetDetail d) {
        ObjectNode n = asset(d.record(), d.sourceType());
        n.set("owners", owners(d.record().owners()));
        n.set("upstream", neighbours(d.upstream()));
        n.put("upstreamTotal", d.upstreamTotal());
        n.set("downstream", neighbours(d.downstream()));
        n.put("downstreamTotal", d.downstreamTotal());
        n.set("findings", findings(d.findings()));
        ArrayNode same = n.putArray("sameContent");
        d.sameContent().forEach(a -> same.add(summary(a)));
        ArrayNode notes = n.putArray("notes");
        for (Note note : d.notes()) {
            ObjectNode nn = notes.addObject();
            nn.put("author", note.author());
            nn.put("createdAt", iso(note.createdAt()));
            nn.put("text", note.text());
        }
        return n;
    }

    public static ArrayNode owners(List<OwnerAssignment> owners) {
        ArrayNode a = JSON.createArrayNode();
        for (OwnerAssignment o : owners) {
            ObjectNode on = a.addObject();
            on.put("owner", o.owner());
            on.put("type", Labels.token(o.type()));
            on.put("role", o.role().token());
            on.put("provenance", Labels.token(o.provenance()));
            on.put("claimedBy", o.claimedBy());
            on.put("since", iso(o.since()));
        }
        return a;
    }

    /** Findings, each with the asset it was observed on (it may be a same-content asset). */
    public static ArrayNode findings(List<StoredFinding> findings) {
        ArrayNode a = JSON.createArrayNode();
        for (StoredFinding f : findings) {
            ObjectNode fn = a.addObject();
            fn.put("id", f.id());
            fn.put("asset", f.finding().asset().toString());
            fn.put("ruleId", f.finding().ruleId());
            fn.put("severity", f.finding().severity().token());
            fn.put("title", f.finding().title());
            fn.put("evidence", f.finding().evidence());
            fn.put("location", f.finding().location());
            fn.put("detector", f.finding().detector());
            fn.put("status", Labels.token(f.finding().status()));
            fn.put("justification", f.justification());
            fn.put("firstSeen", iso(f.firstSeen()));
            fn.set("decision", decision(f.decision()));
        }
        return a;
    }

    /** The user's triage decision on a finding, or null: who decided what, when, and until when. */
    private static ObjectNode decision(FindingDecision d) {
        if (d == null) {
            return null;
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("state", Labels.token(d.state()));
        n.put("by", d.decidedBy());
        n.put("at", iso(d.decidedAt()));
        n.put("expires", iso(d.expiresAt()));
        n.put("reopenedAt", iso(d.reopenedAt()));
        n.put("reopenReason", d.reopenReason());
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
}
