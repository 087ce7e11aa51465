package dev.tightrope.scan.mcp.probe;

import dev.tightrope.domain.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A probe against the one before it: a tool whose pinned definition changed is a rug pull (what
 * the user or the allowlist looked at is no longer what the model is told); added and removed
 * tools, prompts and resources, and a server that changed its name or version, are reported too.
 */
public final class ProbeComparison {
    private static final int QUOTE = 600;

    private ProbeComparison() {
    }

    public static List<ProbeFinding> compare(ProbeResult before, ProbeResult now) {
        List<ProbeFinding> out = new ArrayList<>();
        Map<String, ProbedEntity> earlier = byLabel(before);
        Map<String, ProbedEntity> later = byLabel(now);
        later.forEach((label, e) -> {
            ProbedEntity old = earlier.get(label);
            if (old == null) {
                out.add(new ProbeFinding("mcp.entity-added", Severity.MEDIUM, "New " + label + " since the probe of " + before.probedAt(),
                        "description: " + quote(e.description()) + "\nsha256 " + e.sha256(), label));
            } else if (!old.sha256().equals(e.sha256())) {
                boolean tool = e.kind() == ProbedEntity.Kind.TOOL;
                String evidence = (old.description().equals(e.description()) ? "description unchanged: " + quote(e.description())
                        : "before: " + quote(old.description()) + "\nnow: " + quote(e.description()))
                        + (old.definition().path("inputSchema").equals(e.definition().path("inputSchema")) ? "" : "\ninput schema changed")
                        + "\nsha256 " + old.sha256() + " -> " + e.sha256();
                out.add(new ProbeFinding(tool ? ProbeFinding.RUG_PULL : "mcp.entity-changed", tool ? Severity.HIGH : Severity.MEDIUM,
                        (tool ? "Rug pull: " : "Changed: ") + label + " differs from the probe of " + before.probedAt(), evidence, label));
            }
        });
        earlier.forEach((label, e) -> {
            if (!later.containsKey(label)) {
                out.add(new ProbeFinding("mcp.entity-removed", Severity.LOW, "Gone: " + label + " since the probe of " + before.probedAt(),
                        "description was: " + quote(e.description()), label));
            }
        });
        if (!before.serverName().equals(now.serverName()) || !before.serverVersion().equals(now.serverVersion())) {
            out.add(new ProbeFinding("mcp.server-info-changed", Severity.LOW, "The server calls itself differently since the last probe",
                    "before: " + before.serverName() + " " + before.serverVersion() + "\nnow: " + now.serverName() + " " + now.serverVersion(),
                    "serverInfo"));
        }
        return out;
    }

    private static Map<String, ProbedEntity> byLabel(ProbeResult r) {
        Map<String, ProbedEntity> out = new LinkedHashMap<>();
        r.entities().forEach(e -> out.putIfAbsent(e.label(), e));
        return out;
    }

    static String quote(String text) {
        String t = text.length() > QUOTE ? text.substring(0, QUOTE) + "…" : text;
        return "\"" + t + "\"";
    }
}
