package dev.tightrope.scan.code;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.scan.mcp.ShadowReport;
import dev.tightrope.scan.report.ReportSection;
import dev.tightrope.scan.report.SarifLog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The repository roots of a shadow-AI scan in its report: the AI SDKs their manifests declare,
 * whether one is probably an MCP server, and the AI keys written into their code and notebooks
 * (masked). A key fails the scan, as a literal secret in an MCP config does.
 */
public record RepositorySection(List<RepositoryScan> repositories) implements ReportSection {

    public RepositorySection {
        repositories = List.copyOf(repositories);
    }

    public long secrets() {
        return repositories.stream().mapToLong(r -> r.secrets().size()).sum();
    }

    public long dependencies() {
        return repositories.stream().mapToLong(r -> r.dependencies().size()).sum();
    }

    @Override
    public void json(ObjectNode report) {
        ArrayNode list = report.putArray("repositories");
        for (RepositoryScan r : repositories) {
            ObjectNode o = list.addObject();
            o.put("root", r.root().toString());
            o.put("probableMcpServer", r.probableMcpServer());
            o.put("filesRead", r.filesRead());
            ArrayNode deps = o.putArray("dependencies");
            for (RepositoryScan.AiDependency d : r.dependencies()) {
                deps.addObject().put("ecosystem", d.ecosystem().name().toLowerCase(java.util.Locale.ROOT)).put("name", d.name())
                        .put("version", d.version()).put("manifest", d.manifest()).put("line", d.line()).put("mcpSdk", d.mcpSdk());
            }
            ArrayNode secrets = o.putArray("secrets");
            for (RepositoryScan.CodeSecret s : r.secrets()) {
                secrets.addObject().put("ruleId", s.ruleId()).put("provider", s.hit().provider()).put("severity", s.hit().severity().token())
                        .put("file", s.file()).put("location", s.location()).put("masked", s.hit().masked()).put("how", s.hit().how());
            }
            ArrayNode skipped = o.putArray("skipped");
            r.skipped().forEach(k -> skipped.addObject().put("location", k.location()).put("reason", k.reason()));
        }
    }

    @Override
    public void text(PrintWriter out, Path home) {
        for (RepositoryScan r : repositories) {
            out.println("REPOSITORY        " + ShadowReport.shown(r.root(), home) + (r.probableMcpServer() ? " (probably an MCP server)" : ""));
            if (!r.dependencies().isEmpty()) {
                out.println("  AI SDKs: " + r.dependencies().stream().map(d -> d.name() + (d.version() == null ? "" : " " + d.version())
                        + " (" + d.location() + ")").collect(Collectors.joining(", ")));
            }
            for (RepositoryScan.CodeSecret s : r.secrets()) {
                out.println("  " + s.hit().severity().name() + " " + s.ruleId() + ": " + s.hit().provider() + " key " + s.hit().masked()
                        + " in " + s.location());
            }
            r.skipped().forEach(k -> out.println("  skipped " + k.location() + ": " + k.reason()));
        }
    }

    @Override
    public void sarif(SarifLog log, Path home) {
        for (RepositoryScan r : repositories) {
            for (RepositoryScan.CodeSecret s : r.secrets()) {
                String title = "An AI service key is written into " + (s.inNotebook() ? "a notebook" : "code");
                int idx = log.rule(s.ruleId(), () -> {
                    ObjectNode rule = log.object();
                    rule.put("id", s.ruleId());
                    rule.put("name", s.ruleId().replace('.', '_').replace('-', '_'));
                    rule.putObject("shortDescription").put("text", title);
                    rule.putObject("defaultConfiguration").put("level", ReportSection.level(s.hit().severity()));
                    ObjectNode props = rule.putObject("properties");
                    props.putArray("tags").add("security").add("secrets").add("shadow-ai");
                    props.put("security-severity", ReportSection.securitySeverity(s.hit().severity()));
                    return rule;
                });
                ObjectNode result = log.object();
                result.put("ruleId", s.ruleId());
                result.put("ruleIndex", idx);
                result.put("level", ReportSection.level(s.hit().severity()));
                result.putObject("message").put("text", title + ": a " + s.hit().provider() + " key, " + s.hit().masked() + ", in "
                        + s.location() + " (" + s.hit().how() + ").");
                ObjectNode phys = result.putArray("locations").addObject().putObject("physicalLocation");
                phys.putObject("artifactLocation").put("uri", SarifLog.uri(r.root().resolve(s.file()), home));
                if (!s.inNotebook()) {
                    // inside a notebook the line counts within its cell, not the file
                    phys.putObject("region").put("startLine", s.hit().line());
                }
                result.putObject("partialFingerprints").put("tightrope-secret/v1", s.ruleId() + ":" + s.file() + ":" + s.hit().masked());
                log.result(result);
            }
        }
    }

    @Override
    public boolean fails() {
        return secrets() > 0;
    }

    @Override
    public String summary() {
        long probable = repositories.stream().filter(RepositoryScan::probableMcpServer).count();
        return repositories.size() + (repositories.size() == 1 ? " repository: " : " repositories: ") + dependencies()
                + " AI SDK declarations, " + secrets() + " AI keys in code and notebooks"
                + (probable == 0 ? "" : ", " + probable + " probably MCP servers");
    }

}
