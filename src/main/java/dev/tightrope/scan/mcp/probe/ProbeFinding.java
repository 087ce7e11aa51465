package dev.tightrope.scan.mcp.probe;

import dev.tightrope.domain.Severity;
import java.util.Objects;

/**
 * What a probe found wrong with a server's tools, prompts or resources.
 *
 * @param location the entity it is about and, for a description rule, the field: {@code tool get_weather},
 *                 {@code tool get_weather: inputSchema.properties.city.description}, {@code client Cursor on priya}
 * @param evidence the exact text that shows it (both descriptions of a rug pull, quoted)
 */
public record ProbeFinding(String ruleId, Severity severity, String title, String evidence, String location) {
    public static final String RUG_PULL = "mcp.rug-pull";

    public ProbeFinding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(location, "location");
    }

    /** A rug pull, or a description rule of high or critical severity: what makes {@code shadow probe} fail. */
    public boolean fails() {
        return ruleId.equals(RUG_PULL) || ruleId.startsWith("mcp.desc.") && severity.compareTo(Severity.HIGH) <= 0;
    }
}
