package dev.tightrope.scan.skills;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.domain.Severity;
import dev.tightrope.scan.mcp.DiscoveryReport;
import dev.tightrope.scan.mcp.ShadowReport;
import dev.tightrope.scan.report.ReportSection;
import dev.tightrope.scan.report.SarifLog;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The agent skills, plugins, commands, subagents, extensions and rules of a shadow-AI scan in its
 * report, with their bundled files (SHA-256), hooks and risks; the files that could not be read
 * among the report's skipped ones. A critical risk fails the scan.
 */
public record SkillSection(SkillReport skills) implements ReportSection {

    @Override
    public void json(ObjectNode report) {
        report.put("skillCriticalFindings", skills.critical());
        ArrayNode extensions = report.putArray("skills");
        for (AgentExtension x : skills.extensions()) {
            ObjectNode o = extensions.addObject();
            o.put("kind", x.kind().token()).put("client", x.client().token()).put("scope", x.scope().token()).put("name", x.name())
                    .put("description", x.description()).put("version", x.version()).put("path", x.path().toString())
                    .put("file", x.file().toString()).put("project", x.project() == null ? null : x.project().toString())
                    .put("plugin", x.plugin() == null ? null : x.plugin().toString()).put("frontmatterProblem", x.frontmatter());
            x.allowedTools().forEach(o.putArray("allowedTools")::add);
            ArrayNode bundled = o.putArray("bundled");
            x.bundled().forEach(b -> bundled.addObject().put("path", b.path()).put("size", b.size()).put("sha256", b.sha256())
                    .put("executable", b.executable()).put("link", b.link()));
            ArrayNode hooks = o.putArray("hooks");
            x.hooks().forEach(h -> hooks.addObject().put("event", h.event()).put("matcher", h.matcher()).put("command", h.command())
                    .put("file", h.file()).put("line", h.line()));
            ArrayNode findings = o.putArray("findings");
            x.risks().forEach(r -> findings.addObject().put("ruleId", r.ruleId()).put("severity", r.severity().token()).put("title", r.title())
                    .put("evidence", r.evidence()).put("file", r.file()).put("line", r.line()));
        }
        ArrayNode skipped = report.has("skipped") ? (ArrayNode) report.get("skipped") : report.putArray("skipped");
        skills.skipped().forEach(s -> skipped.addObject().put("location", s.location()).put("reason", s.reason()));
    }

    @Override
    public void text(PrintWriter out, Path home) {
        for (AgentExtension x : skills.extensions()) {
            out.printf("%-17s %s%n", x.kind().token().toUpperCase(java.util.Locale.ROOT), x.name() + " — " + ShadowReport.shown(x.path(), home) + " ("
                    + x.client().label() + ", " + x.scope().token() + ")");
            if (!x.bundled().isEmpty()) {
                long scripts = x.bundled().stream().filter(BundledFile::executable).count();
                out.println("  bundles " + x.bundled().size() + " files, " + scripts + " of them scripts");
            }
            for (Hook h : x.hooks()) {
                out.println("  hook " + h.event() + (h.matcher() == null ? "" : " [" + h.matcher() + "]") + " runs: " + h.command());
            }
            for (ExtensionRisk r : x.risks()) {
                out.println("  " + r.severity().name() + " " + r.ruleId() + ": " + r.title() + " — " + r.evidence() + " ("
                        + ShadowReport.shown(Path.of(r.file()), home) + (r.line() > 0 ? ":" + r.line() : "") + ")");
            }
        }
        for (DiscoveryReport.Skipped s : skills.skipped()) {
            out.println("skipped " + ShadowReport.shown(Path.of(s.location()), home) + ": " + s.reason());
        }
    }

    @Override
    public void sarif(SarifLog log, Path home) {
        for (AgentExtension x : skills.extensions()) {
            for (ExtensionRisk r : x.risks()) {
                int idx = log.rule(r.ruleId(), () -> rule(log, r.ruleId(), r.title(), r.severity()));
                ObjectNode result = log.object();
                result.put("ruleId", r.ruleId());
                result.put("ruleIndex", idx);
                result.put("level", ReportSection.level(r.severity()));
                result.putObject("message").put("text", r.title() + ": " + r.evidence() + " (" + x.client().label() + " " + x.kind().token()
                        + " '" + x.name() + "').");
                ObjectNode phys = result.putArray("locations").addObject().putObject("physicalLocation");
                phys.putObject("artifactLocation").put("uri", SarifLog.uri(Path.of(r.file()), home));
                if (r.line() > 0) {
                    phys.putObject("region").put("startLine", r.line());
                }
                ObjectNode props = result.putObject("properties");
                props.put("kind", x.kind().token());
                props.put("severity", r.severity().token());
                props.put("client", x.client().token());
                result.putObject("partialFingerprints").put("tightrope-skill/v1", r.ruleId() + ":" + x.path() + ":" + r.evidence());
                log.result(result);
            }
        }
        for (DiscoveryReport.Skipped skipped : skills.skipped()) {
            int idx = log.rule("skill.unreadable-file", () -> rule(log, "skill.unreadable-file",
                    "A skill or plugin file could not be read, so it was not judged", Severity.LOW));
            ObjectNode result = log.object();
            result.put("ruleId", "skill.unreadable-file");
            result.put("ruleIndex", idx);
            result.put("level", "note");
            result.putObject("message").put("text", "Not read: " + skipped.reason() + ".");
            result.putArray("locations").addObject().putObject("physicalLocation").putObject("artifactLocation")
                    .put("uri", SarifLog.uri(Path.of(skipped.location()), home));
            log.result(result);
        }
    }

    @Override
    public boolean fails() {
        return skills.critical() > 0;
    }

    @Override
    public String summary() {
        return skills.extensions().size() + " skills and plugins, " + skills.critical() + " critical findings in them"
                + (skills.skipped().isEmpty() ? "" : ", " + skills.skipped().size() + " of their files skipped");
    }

    private static ObjectNode rule(SarifLog log, String id, String title, Severity severity) {
        ObjectNode o = log.object();
        o.put("id", id);
        o.put("name", id.replace('.', '_').replace('-', '_'));
        o.putObject("shortDescription").put("text", title);
        o.putObject("defaultConfiguration").put("level", ReportSection.level(severity));
        ObjectNode props = o.putObject("properties");
        props.putArray("tags").add("security").add("agent-skill").add("shadow-ai");
        props.put("security-severity", ReportSection.securitySeverity(severity));
        return o;
    }

}
