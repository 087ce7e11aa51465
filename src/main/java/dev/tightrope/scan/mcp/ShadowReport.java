package dev.tightrope.scan.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.domain.Severity;
import dev.tightrope.scan.mcp.Classification.Verdict;
import dev.tightrope.scan.report.ReportSection;
import dev.tightrope.scan.report.SarifLog;
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
 * evidence (file:line), the policy files, and the files that could not be read; as text, JSON or
 * SARIF 2.1.0. It fails (for CI) when a server is UNREGISTERED or a literal secret is written into a config.
 *
 * @param allowlist where the approved servers came from, or null when none was given
 * @param approved  how many approved servers the allowlist lists
 * @param local     per server key, whether its package is installed and whether it runs ({@link LocalStateCheck}); a key may be missing
 * @param sections  the rest of the machine's report (its repositories), in every form and in whether it fails
 */
public record ShadowReport(Path home, OsLayout os, String allowlist, int approved, DiscoveryReport discovery, List<ClassifiedServer> servers,
                           Map<String, LocalState> local, List<ReportSection> sections) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ShadowReport {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(discovery, "discovery");
        servers = List.copyOf(servers);
        local = Map.copyOf(local);
        sections = List.copyOf(sections);
    }

    /** The MCP servers alone. */
    public ShadowReport(Path home, OsLayout os, String allowlist, int approved, DiscoveryReport discovery, List<ClassifiedServer> servers) {
        this(home, os, allowlist, approved, discovery, servers, Map.of(), List.of());
    }

    /** The MCP servers with whether each is installed and running. */
    public ShadowReport(Path home, OsLayout os, String allowlist, int approved, DiscoveryReport discovery, List<ClassifiedServer> servers,
                        Map<String, LocalState> local) {
        this(home, os, allowlist, approved, discovery, servers, local, List.of());
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

    /** Whether a CI run should fail: an UNREGISTERED server or a literal secret, or what a section says fails. */
    public boolean fails() {
        return counts().get(Verdict.UNREGISTERED) > 0 || literalSecrets() > 0 || sections.stream().anyMatch(ReportSection::fails);
    }

    /** One line: servers by verdict, secrets, files read and skipped. */
    public String summary() {
        Map<Verdict, Long> counts = counts();
        return servers.size() + (servers.size() == 1 ? " server" : " servers") + " in " + discovery.files().size() + " config files: "
                + counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().token()).collect(Collectors.joining(", "))
                + "; " + literalSecrets() + " literal secrets" + (discovery.skipped().isEmpty() ? "" : "; " + discovery.skipped().size() + " files skipped")
                + (allowlist == null ? "; no allowlist given, so nothing is approved" : "; allowlist " + allowlist + " approves " + approved)
                + sections.stream().map(r -> "; " + r.summary()).collect(Collectors.joining());
    }

    public void writeText(PrintWriter out) {
        for (ClassifiedServer s : servers) {
            out.printf("%-17s %s%n", s.verdict().token().toUpperCase(java.util.Locale.ROOT), s.key());
            out.println("  " + s.classification().reason());
            LocalState state = local.get(s.key());
            if (state != null && (state.installed() != null || state.running() != null)) {
                out.println("  " + (state.installed() == null ? "" : "installed: " + installedText(state.installed()))
                        + (state.installed() != null && state.running() != null ? " · " : "")
                        + (state.running() == null ? "" : "running: " + runningText(state.running())));
            }
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
        for (DiscoveryReport.Skipped s : discovery.skipped()) {
            out.println("skipped " + shown(Path.of(s.location())) + ": " + s.reason());
        }
        sections.forEach(r -> r.text(out, home));
        out.println(summary());
        out.flush();
    }

    public void writeJson(Writer out) throws IOException {
        out.write(JSON.writeValueAsString(json()));
        out.write('\n');
        out.flush();
    }

    /** The report as {@link #writeJson} writes it, for a caller that adds to it. */
    public ObjectNode json() {
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
            LocalState state = local.get(s.key());
            if (state != null && state.installed() != null) {
                LocalState.Installed in = state.installed();
                ObjectNode j = o.putObject("installed").put("state", in.presence().token());
                in.versions().forEach(j.putArray("versions")::add);
                in.where().forEach(j.putArray("where")::add);
                j.put("versionMatches", in.versionMatches());
                j.put("reason", in.reason());
            }
            if (state != null && state.running() != null) {
                LocalState.Running run = state.running();
                ObjectNode j = o.putObject("running").put("state", run.presence().token());
                ArrayNode processes = j.putArray("processes");
                run.processes().forEach(p -> processes.addObject().put("pid", p.pid()).put("user", p.user())
                        .put("start", p.start() == null ? null : p.start().toString()));
                j.put("reason", run.reason());
            }
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
        ArrayNode skipped = root.putArray("skipped");
        discovery.skipped().forEach(s -> skipped.addObject().put("location", s.location()).put("reason", s.reason()));
        sections.forEach(r -> r.json(root));
        return root;
    }

    /**
     * SARIF 2.1.0: one result per finding at the config file and line (URIs relative to the home,
     * absolute for repository roots and managed files), critical and high as {@code error}, medium
     * as {@code warning}, low and info as {@code note}; files that could not be read are
     * {@code mcp.unreadable-config} notes, so a CI run shows what it could not judge.
     */
    public void writeSarif(Writer out, String toolVersion) throws IOException {
        sarif(toolVersion).write(out);
    }

    /** The SARIF log {@link #writeSarif} writes, for a caller that adds results to it. */
    public SarifLog sarif(String toolVersion) {
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
        for (DiscoveryReport.Skipped skipped : discovery.skipped()) {
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
        sections.forEach(r -> r.sarif(log, home));
        return log;
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
        props.put("security-severity", ReportSection.securitySeverity(severity));
        return o;
    }

    static String level(Severity s) {
        return ReportSection.level(s);
    }

    private static String installedText(LocalState.Installed in) {
        if (in.presence() != LocalState.Presence.YES) {
            return in.presence().token() + (in.reason() == null ? "" : " (" + in.reason() + ")");
        }
        return "yes, " + String.join("; ", in.where()) + (Boolean.FALSE.equals(in.versionMatches()) ? ", not the configured version" : "");
    }

    private static String runningText(LocalState.Running run) {
        if (run.presence() != LocalState.Presence.YES) {
            return run.presence().token() + (run.reason() == null ? "" : " (" + run.reason() + ")");
        }
        return "yes, " + run.processes().stream().map(LocalState.RunningProcess::describe).collect(Collectors.joining("; "));
    }

    private String shown(Path file) {
        return shown(file, home);
    }

    /** A path under {@code home} as {@code ~/…}; others as they are. */
    public static String shown(Path file, Path home) {
        Path abs = file.toAbsolutePath().normalize();
        Path h = home.toAbsolutePath().normalize();
        return abs.startsWith(h) ? "~/" + h.relativize(abs).toString().replace('\\', '/') : abs.toString();
    }
}
