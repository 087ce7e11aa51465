package dev.tightrope.scan.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.domain.Severity;
import dev.tightrope.scan.mcp.Classification.Verdict;
import dev.tightrope.scan.report.SarifLog;
import dev.tightrope.scan.skills.AgentExtension;
import dev.tightrope.scan.skills.BundledFile;
import dev.tightrope.scan.skills.ExtensionRisk;
import dev.tightrope.scan.skills.Hook;
import dev.tightrope.scan.skills.SkillReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The shadow-AI state of one machine as a report: every server with its classification and the
 * evidence (file:line), the policy files, the agent skills and plugins with their risks, and the
 * files that could not be read; as text, JSON or SARIF 2.1.0. It fails (for CI) when a server is
 * UNREGISTERED, a literal secret is written into a config, or a skill or plugin has a critical risk.
 *
 * @param allowlist where the approved servers came from, or null when none was given
 * @param approved  how many approved servers the allowlist lists
 * @param skills    the skills, plugins, commands, subagents, extensions and rules found
 */
public record ShadowReport(Path home, OsLayout os, String allowlist, int approved, DiscoveryReport discovery, List<ClassifiedServer> servers,
                           SkillReport skills) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ShadowReport {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(discovery, "discovery");
        servers = List.copyOf(servers);
        skills = skills == null ? SkillReport.EMPTY : skills;
    }

    /** A report of the servers alone. */
    public ShadowReport(Path home, OsLayout os, String allowlist, int approved, DiscoveryReport discovery, List<ClassifiedServer> servers) {
        this(home, os, allowlist, approved, discovery, servers, SkillReport.EMPTY);
    }

    /** Every file that could not be read: configs first, then skill and plugin files. */
    private List<DiscoveryReport.Skipped> skipped() {
        List<DiscoveryReport.Skipped> out = new java.util.ArrayList<>(discovery.skipped());
        out.addAll(skills.skipped());
        return out;
    }

    /** How many servers have each verdict. */
    public Map<Verdict, Long> counts() {
        Map<Verdict, Long> out = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            out.put(v, servers.stream().filter(s -> s.verdict() == v).count());
        }
        return out;
    }

    /** The literal secrets written into configs. */
    public long literalSecrets() {
        return servers.stream().flatMap(s -> s.observations().stream()).filter(ClassifiedServer.Observation::literalSecret).count();
    }

    /** Whether a CI run should fail: an UNREGISTERED server, a literal secret, or a critical risk in a skill or plugin. */
    public boolean fails() {
        return counts().get(Verdict.UNREGISTERED) > 0 || literalSecrets() > 0 || skills.critical() > 0;
    }

    /** One line: servers by verdict, secrets, files read and skipped. */
    public String summary() {
        Map<Verdict, Long> counts = counts();
        return servers.size() + (servers.size() == 1 ? " server" : " servers") + " in " + discovery.files().size() + " config files: "
                + counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().token()).collect(Collectors.joining(", "))
                + "; " + literalSecrets() + " literal secrets" + (skipped().isEmpty() ? "" : "; " + skipped().size() + " files skipped")
                + (allowlist == null ? "; no allowlist given, so nothing is approved" : "; allowlist " + allowlist + " approves " + approved)
                + (skills.extensions().isEmpty() ? "" : "; " + skills.extensions().size() + " skills and plugins, " + skills.critical()
                        + " critical findings in them");
    }

    public void writeText(PrintWriter out) {
        for (ClassifiedServer s : servers) {
            out.printf("%-17s %s%n", s.verdict().token().toUpperCase(java.util.Locale.ROOT), s.key());
            out.println("  " + s.classification().reason());
            for (McpServerEntry e : s.entries()) {
                out.println("  configured in " + shown(e.file()) + (e.line() > 0 ? ":" + e.line() : "") + " (" + e.client().label() + ", "
                        + e.scope().token() + ") as '" + e.name() + "'" + (e.enabled() ? "" : ", disabled"));
            }
            for (ClassifiedServer.Observation o : s.observations()) {
                out.println("  " + o.risk().severity().name() + " " + o.risk().ruleId() + ": " + o.risk().title() + " — " + o.risk().evidence()
                        + " (" + shown(o.entry().file()) + (o.entry().line() > 0 ? ":" + o.entry().line() : "") + ")");
            }
        }
        for (PolicyFile p : discovery.policies()) {
            out.println("policy " + shown(p.file()) + ": " + p.summary());
        }
        for (AgentExtension x : skills.extensions()) {
            out.printf("%-17s %s%n", x.kind().token().toUpperCase(java.util.Locale.ROOT), x.name() + " — " + shown(x.path()) + " ("
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
                        + shown(Path.of(r.file())) + (r.line() > 0 ? ":" + r.line() : "") + ")");
            }
        }
        for (DiscoveryReport.Skipped s : skipped()) {
            out.println("skipped " + shown(Path.of(s.location())) + ": " + s.reason());
        }
        out.println(summary());
        out.flush();
    }

    public void writeJson(Writer out) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("home", home.toString());
        root.put("os", os.token());
        root.put("allowlist", allowlist);
        root.put("approved", approved);
        ObjectNode counts = root.putObject("counts");
        counts().forEach((v, n) -> counts.put(v.token(), n));
        root.put("literalSecrets", literalSecrets());
        root.put("fails", fails());
        ArrayNode list = root.putArray("servers");
        for (ClassifiedServer s : servers) {
            ObjectNode o = list.addObject();
            o.put("identity", s.key());
            o.put("classification", s.verdict().token());
            o.put("reason", s.classification().reason());
            o.put("lookalikeOf", s.classification().lookalikeOf());
            o.put("allowlistServer", s.classification().server() == null ? null : s.classification().server().name());
            LaunchIdentity id = s.first().identity();
            o.putObject("package").put("type", id.type().token()).put("identifier", id.identifier()).put("version", id.version())
                    .put("sha256", id.sha256());
            o.put("transport", s.first().transport());
            o.put("enabled", s.enabled());
            ArrayNode entries = o.putArray("entries");
            for (McpServerEntry e : s.entries()) {
                ObjectNode j = entries.addObject();
                j.put("client", e.client().token()).put("scope", e.scope().token()).put("file", e.file().toString()).put("line", e.line())
                        .put("name", e.name()).put("project", e.project()).put("enabled", e.enabled());
                e.envKeys().forEach(j.putArray("envKeys")::add);
                e.headerNames().forEach(j.putArray("headerNames")::add);
                s.blocked().stream().filter(b -> b.entry().equals(e)).findFirst().ifPresent(b -> j.put("blockedBy", b.reason()));
            }
            ArrayNode findings = o.putArray("findings");
            for (ClassifiedServer.Observation f : s.observations()) {
                findings.addObject().put("ruleId", f.risk().ruleId()).put("severity", f.risk().severity().token()).put("title", f.risk().title())
                        .put("evidence", f.risk().evidence()).put("file", f.entry().file().toString()).put("line", f.entry().line());
            }
        }
        ArrayNode policies = root.putArray("policies");
        discovery.policies().forEach(p -> policies.addObject().put("client", p.client().token()).put("file", p.file().toString())
                .put("summary", p.summary()));
        root.put("skillCriticalFindings", skills.critical());
        ArrayNode extensions = root.putArray("skills");
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
        ArrayNode skipped = root.putArray("skipped");
        skipped().forEach(s -> skipped.addObject().put("location", s.location()).put("reason", s.reason()));
        out.write(JSON.writeValueAsString(root));
        out.write('\n');
        out.flush();
    }

    /**
     * SARIF 2.1.0: one result per finding at the config file and line (URIs relative to the home,
     * absolute for repository roots and managed files), critical and high as {@code error}, medium
     * as {@code warning}, low and info as {@code note}; files that could not be read are
     * {@code mcp.unreadable-config} notes, so a CI run shows what it could not judge.
     */
    public void writeSarif(Writer out, String toolVersion) throws IOException {
        SarifLog log = new SarifLog("Tightrope shadow AI scan", toolVersion);
        for (ClassifiedServer s : servers) {
            for (ClassifiedServer.Observation o : s.observations()) {
                ConfigRisk r = o.risk();
                int idx = log.rule(r.ruleId(), () -> rule(log, r.ruleId(), r.title(), r.severity()));
                ObjectNode result = log.object();
                result.put("ruleId", r.ruleId());
                result.put("ruleIndex", idx);
                result.put("level", level(r.severity()));
                result.putObject("message").put("text", r.title() + ": " + r.evidence() + " (server " + s.key() + ", '" + o.entry().name() + "' in "
                        + o.entry().client().label() + ").");
                location(log, result, o.entry().file(), o.entry().line());
                ObjectNode props = result.putObject("properties");
                props.put("classification", s.verdict().token());
                props.put("identity", s.key());
                props.put("severity", r.severity().token());
                props.put("client", o.entry().client().token());
                result.putObject("partialFingerprints").put("tightrope-mcp/v1", r.ruleId() + ":" + s.key() + ":" + r.evidence());
                log.result(result);
            }
        }
        for (AgentExtension x : skills.extensions()) {
            for (ExtensionRisk r : x.risks()) {
                int idx = log.rule(r.ruleId(), () -> rule(log, r.ruleId(), r.title(), r.severity()));
                ObjectNode result = log.object();
                result.put("ruleId", r.ruleId());
                result.put("ruleIndex", idx);
                result.put("level", level(r.severity()));
                result.putObject("message").put("text", r.title() + ": " + r.evidence() + " (" + x.client().label() + " " + x.kind().token()
                        + " '" + x.name() + "').");
                location(log, result, Path.of(r.file()), r.line());
                ObjectNode props = result.putObject("properties");
                props.put("kind", x.kind().token());
                props.put("severity", r.severity().token());
                props.put("client", x.client().token());
                result.putObject("partialFingerprints").put("tightrope-skill/v1", r.ruleId() + ":" + x.path() + ":" + r.evidence());
                log.result(result);
            }
        }
        for (DiscoveryReport.Skipped skipped : skipped()) {
            int idx = log.rule("mcp.unreadable-config", () -> rule(log, "mcp.unreadable-config",
                    "A config file could not be read, so its servers were not judged", Severity.LOW));
            ObjectNode result = log.object();
            result.put("ruleId", "mcp.unreadable-config");
            result.put("ruleIndex", idx);
            result.put("level", "note");
            result.putObject("message").put("text", "Not read: " + skipped.reason() + ".");
            location(log, result, Path.of(skipped.location()), 0);
            log.result(result);
        }
        log.write(out);
    }

    private void location(SarifLog log, ObjectNode result, Path file, int line) {
        ObjectNode phys = result.putArray("locations").addObject().putObject("physicalLocation");
        phys.putObject("artifactLocation").put("uri", SarifLog.uri(file, home));
        if (line > 0) {
            phys.putObject("region").put("startLine", line);
        }
    }

    private static ObjectNode rule(SarifLog log, String id, String title, Severity severity) {
        ObjectNode o = log.object();
        o.put("id", id);
        o.put("name", id.replace('.', '_').replace('-', '_'));
        o.putObject("shortDescription").put("text", title);
        o.putObject("defaultConfiguration").put("level", level(severity));
        ObjectNode props = o.putObject("properties");
        props.putArray("tags").add("security").add("mcp").add("shadow-ai");
        props.put("security-severity", switch (severity) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "3.0";
            case INFO -> "0.0";
        });
        return o;
    }

    static String level(Severity s) {
        return switch (s) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, INFO -> "note";
        };
    }

    /** A path under the home as {@code ~/…}; others as they are. */
    private String shown(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path h = home.toAbsolutePath().normalize();
        return abs.startsWith(h) ? "~/" + h.relativize(abs).toString().replace('\\', '/') : abs.toString();
    }
}
