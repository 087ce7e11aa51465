package dev.tightrope.sync.localdiscovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.Finding;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.RecordSink;
import dev.tightrope.scan.skills.ExtensionKind;
import dev.tightrope.scan.skills.AgentExtension;
import dev.tightrope.scan.skills.BundledFile;
import dev.tightrope.scan.skills.ExtensionRisk;
import dev.tightrope.scan.skills.Hook;
import dev.tightrope.scan.skills.SkillReport;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The skills, plugins, commands, subagents, extensions and rules of one machine as records: each
 * {@code tr:agent_skill:local-discovery:<path>} (its folder, or its one file), its {@code kind}
 * property {@code skill}, {@code plugin}, {@code command}, {@code subagent}, {@code extension} or
 * {@code rule}; part of its plugin when it came with one, else of its repository (project scope)
 * or of the machine; its bundled files listed with their SHA-256, its hooks' commands, and its risks
 * as findings at file:line.
 */
final class SkillRecords {

    private SkillRecords() {
    }

    static Urn urn(Path path) {
        return Urn.of(AssetKind.AGENT_SKILL, LocalDiscoveryConnector.TYPE, path.toAbsolutePath().normalize().toString());
    }

    /** Emits {@code report} under {@code machine}; {@code owned} claims the machine's owner for each asset. */
    static void emit(SkillReport report, Urn machine, RecordSink sink, Consumer<Urn> owned) {
        report.skipped().forEach(s -> sink.problem(new Problem(s.location(), s.reason())));
        Set<Urn> emitted = new HashSet<>();
        for (AgentExtension e : report.extensions()) {
            Urn urn = urn(e.path());
            if (!emitted.add(urn)) {
                continue;
            }
            long scripts = e.bundled().stream().filter(BundledFile::executable).count();
            sink.asset(Asset.builder(urn, e.name())
                    .description(e.client().label() + " " + e.kind().token() + " (" + e.scope().token() + " scope)"
                            + (e.description() == null ? "" : ": " + e.description()))
                    .property("kind", e.kind().token())
                    .property("client", e.client().token())
                    .property("scope", e.scope().token())
                    .property("path", e.path())
                    .property("file", e.file())
                    .property("project", e.project())
                    .property("plugin", e.plugin())
                    .property("version", e.version())
                    .property("allowed_tools", e.allowedTools().isEmpty() ? null : String.join(", ", e.allowedTools()))
                    .property("frontmatter.problem", e.frontmatter())
                    .property("bundled", e.bundled().isEmpty() ? null : e.bundled().size())
                    .property("bundled.files", e.bundled().isEmpty() ? null
                            : e.bundled().stream().map(BundledFile::describe).collect(Collectors.joining("\n")))
                    .property("bundled.json", e.bundled().isEmpty() ? null : bundledJson(e.bundled()))
                    .property("scripts", scripts == 0 ? null : scripts)
                    .property("hooks", e.hooks().isEmpty() ? null
                            : e.hooks().stream().map(h -> h.event() + (h.matcher() == null ? "" : " [" + h.matcher() + "]") + ": " + h.command()
                                    + " (" + h.location() + ")").collect(Collectors.joining("\n")))
                    .property("hooks.json", e.hooks().isEmpty() ? null : hooksJson(e.hooks()))
                    .sourceRef(e.file().toString())
                    .build());
            owned.accept(urn);
            Urn parent = e.plugin() != null ? urn(e.plugin())
                    : e.project() != null ? Urn.of(AssetKind.AGENT, LocalDiscoveryConnector.TYPE, e.project().toAbsolutePath().normalize().toString())
                    : machine;
            sink.edge(new Edge(parent, urn, EdgeType.PART_OF));
            if (e.kind() == ExtensionKind.PLUGIN) {
                // the MCP servers a plugin brings are in its .mcp.json, which the MCP discovery reads as a config
                Path servers = e.path().resolve(".mcp.json").toAbsolutePath().normalize();
                if (java.nio.file.Files.isRegularFile(servers, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    sink.edge(new Edge(urn, Urn.of(AssetKind.AGENT, LocalDiscoveryConnector.TYPE, servers.toString()), EdgeType.PART_OF));
                }
            }
            // the cache keeps one finding per rule and location: risks of one rule on one line become one, at the worst severity
            Map<String, ExtensionRisk> merged = new LinkedHashMap<>();
            for (ExtensionRisk r : e.risks()) {
                merged.merge(r.ruleId() + " " + r.location(), r, (a, b) -> {
                    ExtensionRisk worse = b.severity().compareTo(a.severity()) < 0 ? b : a;
                    return new ExtensionRisk(worse.ruleId(), worse.severity(), worse.title(), a.evidence() + " | " + b.evidence(), worse.location());
                });
            }
            for (ExtensionRisk r : merged.values()) {
                sink.finding(new Finding(urn, r.ruleId(), r.severity(), r.title(), r.evidence(), r.location(), LocalDiscoveryConnector.DETECTOR, null));
            }
        }
    }

    /** The bundled files as a JSON array, so a reader keeps a path with " (" or a line break whole (the lines above are for people). */
    private static String bundledJson(List<BundledFile> files) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (BundledFile f : files) {
            out.addObject().put("path", f.path()).put("size", f.size()).put("sha256", f.sha256()).put("executable", f.executable())
                    .put("link", f.link());
        }
        return out.toString();
    }

    private static String hooksJson(List<Hook> hooks) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (Hook h : hooks) {
            out.addObject().put("event", h.event()).put("matcher", h.matcher()).put("command", h.command()).put("file", h.file())
                    .put("line", h.line());
        }
        return out.toString();
    }
}
