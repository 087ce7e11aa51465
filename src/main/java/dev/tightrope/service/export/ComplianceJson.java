package dev.tightrope.service.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.service.compliance.ControlResult;
import dev.tightrope.service.compliance.ControlStatus;
import dev.tightrope.service.compliance.EstateCoverage;
import dev.tightrope.service.compliance.Evidence;
import dev.tightrope.service.compliance.EvidenceLink;
import dev.tightrope.service.compliance.Framework;
import dev.tightrope.service.compliance.ModelCompliance;
import java.util.List;

/**
 * The stable JSON shapes of {@code tightrope compliance} (documented in the README):
 * {@value #MODEL_FORMAT} for one model, {@value #ESTATE_FORMAT} for the estate.
 */
public final class ComplianceJson {
    public static final String MODEL_FORMAT = "tightrope.compliance/assessment-v1";
    public static final String ESTATE_FORMAT = "tightrope.compliance/coverage-v1";

    private ComplianceJson() {
    }

    /** One model, only the frameworks in {@code frameworks}. */
    public static ObjectNode model(ModelCompliance m, List<Framework> frameworks) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("format", MODEL_FORMAT);
        root.put("urn", m.urn());
        root.put("name", m.name());
        root.put("via", m.via());
        root.put("assessedOn", m.assessedOn().toString());
        root.put("mapping", m.mapping());
        ArrayNode fs = root.putArray("frameworks");
        for (Framework f : frameworks) {
            ObjectNode fn = fs.addObject().put("id", f.id()).put("name", f.name());
            ObjectNode counts = fn.putObject("counts");
            for (ControlStatus s : ControlStatus.values()) {
                counts.put(s.label(), m.count(f, s));
            }
            ArrayNode controls = fn.putArray("controls");
            for (ControlResult r : m.of(f)) {
                ObjectNode c = controls.addObject();
                c.put("id", r.control().id());
                c.put("title", r.control().title());
                c.put("appliesFrom", r.control().appliesFrom() == null ? null : r.control().appliesFrom().toString());
                c.put("status", r.status().label());
                c.put("reason", r.reason());
                c.put("organisational", r.control().organisational());
                ArrayNode ev = c.putArray("evidence");
                for (Evidence e : r.evidence()) {
                    ObjectNode en = ev.addObject().put("kind", e.kind().token()).put("present", e.present()).put("detail", e.detail());
                    ArrayNode links = en.putArray("links");
                    for (EvidenceLink l : e.links()) {
                        links.addObject().put("type", l.type().token()).put("target", l.target()).put("label", l.label());
                    }
                }
            }
        }
        return root;
    }

    /** The estate, only the frameworks in {@code frameworks}. */
    public static ObjectNode estate(EstateCoverage e, List<Framework> frameworks) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("format", ESTATE_FORMAT);
        root.put("assessedOn", e.assessedOn().toString());
        root.put("mapping", e.mapping());
        root.put("models", e.models());
        ArrayNode fs = root.putArray("frameworks");
        for (Framework f : frameworks) {
            ArrayNode controls = fs.addObject().put("id", f.id()).put("name", f.name()).putArray("controls");
            for (EstateCoverage.Coverage c : e.of(f)) {
                controls.addObject().put("id", c.control().id()).put("title", c.control().title())
                        .put("notAssessed", c.notAssessed() == null ? null : c.notAssessed().label())
                        .put("evidenced", c.evidenced()).put("gaps", c.gaps());
            }
        }
        return root;
    }
}
