package dev.tightrope.scan.skills;

import dev.tightrope.domain.Severity;
import dev.tightrope.scan.mcp.DiscoveryReport;
import java.util.List;

/** What one discovery of skills and plugins found, and the files it could not read with why. */
public record SkillReport(List<AgentExtension> extensions, List<DiscoveryReport.Skipped> skipped) {

    public static final SkillReport EMPTY = new SkillReport(List.of(), List.of());

    public SkillReport {
        extensions = List.copyOf(extensions);
        skipped = List.copyOf(skipped);
    }

    /** How many critical risks the extensions carry: each fails a CI scan. */
    public long critical() {
        return extensions.stream().flatMap(e -> e.risks().stream()).filter(r -> r.severity() == Severity.CRITICAL).count();
    }
}
