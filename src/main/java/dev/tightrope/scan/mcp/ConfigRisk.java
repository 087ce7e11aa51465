package dev.tightrope.scan.mcp;

import dev.tightrope.domain.Severity;
import java.util.Objects;

/**
 * A risk in how a server is configured, observed in its config alone.
 *
 * @param ruleId   {@code secret.*} for literal secrets, {@code mcp.*} otherwise
 * @param evidence what was observed: key names and masked values, never a secret
 */
public record ConfigRisk(String ruleId, Severity severity, String title, String evidence) {
    public ConfigRisk {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(evidence, "evidence");
    }
}
