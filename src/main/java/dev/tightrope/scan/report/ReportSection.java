package dev.tightrope.scan.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * One part of a machine's shadow-AI report besides its MCP servers (the repositories' AI SDKs and
 * keys, say), written into each of the report's forms: text, JSON and SARIF.
 */
public interface ReportSection {

    /** Adds this section's field(s) to the report's JSON object. */
    void json(ObjectNode report);

    void text(PrintWriter out, Path home);

    /** Adds this section's results to the log; URIs relative to {@code home} when under it. */
    void sarif(SarifLog log, Path home);

    /** Whether this section alone should fail a CI run. */
    boolean fails();

    /** A few words for the report's one-line summary. */
    String summary();

    /** SARIF's level for a severity: critical and high {@code error}, medium {@code warning}, the rest {@code note}. */
    static String level(dev.tightrope.domain.Severity s) {
        return switch (s) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, INFO -> "note";
        };
    }

    /** SARIF's {@code security-severity} for a severity (GitHub code scanning ranks by it). */
    static String securitySeverity(dev.tightrope.domain.Severity s) {
        return switch (s) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "3.0";
            case INFO -> "0.0";
        };
    }
}
