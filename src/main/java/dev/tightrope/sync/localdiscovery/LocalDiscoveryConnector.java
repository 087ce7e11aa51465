package dev.tightrope.sync.localdiscovery;

import dev.tightrope.base.BuildInfo;
import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.Finding;
import dev.tightrope.domain.OwnerClaim;
import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.RecordSink;
import dev.tightrope.scan.code.CodeOwners;
import dev.tightrope.scan.code.CodeScanLimits;
import dev.tightrope.scan.ModelScanner;
import dev.tightrope.scan.code.CodeScanner;
import dev.tightrope.scan.localmodels.LocalModelLimits;
import dev.tightrope.scan.localmodels.LocalModelScan;
import dev.tightrope.scan.mcp.Allowlist;
import dev.tightrope.scan.mcp.Classification;
import dev.tightrope.scan.mcp.ClassifiedServer;
import dev.tightrope.scan.mcp.Classifier;
import dev.tightrope.scan.mcp.ConfigLocation;
import dev.tightrope.scan.mcp.ConfigRisk;
import dev.tightrope.scan.mcp.DiscoveryLimits;
import dev.tightrope.scan.mcp.DiscoveryReport;
import dev.tightrope.scan.mcp.LocalStateCheck;
import dev.tightrope.scan.mcp.McpDiscovery;
import dev.tightrope.scan.mcp.McpServerEntry;
import dev.tightrope.scan.mcp.OsLayout;
import dev.tightrope.scan.skills.SkillDiscovery;
import dev.tightrope.sync.Connector;
import dev.tightrope.sync.ConnectorException;
import dev.tightrope.sync.ConnectorFactory;
import dev.tightrope.sync.SettingValues;
import dev.tightrope.sync.SyncContext;
import dev.tightrope.sync.SyncResult;
import dev.tightrope.sync.http.HttpSettings;
import dev.tightrope.sync.http.RetryPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The MCP servers configured on one machine. Reads files only (no process is started; the
 * network only to read an allowlist given as a registry URL) and emits:
 * <ul>
 *   <li>the machine: {@code tr:machine:local-discovery:<home path>}, owned by the home's user;</li>
 *   <li>each client config file read: {@code tr:agent:local-discovery:<file path>} (kind agent: the
 *       client as configured there), part of the machine;</li>
 *   <li>each server by its launch identity, never by its name:
 *       {@code tr:mcp_server:local-discovery:<identity>}, e.g. {@code npm:@org/pkg@1.2.0}. The same
 *       server configured in two clients (or on two machines) is one asset configured in two
 *       config assets; what differs per entry (client, scope, file:line, name, env keys, header
 *       names, enabled, blocked by policy) is listed in its {@code entries} property, and its
 *       findings carry the entry's file:line.</li>
 *   <li>each repository root with the AI SDKs its manifests declare and the AI keys written into
 *       its code and notebooks ({@link RepositoryRecords});</li>
 *   <li>the models in its model caches and the model files in its repositories, scanned ({@link LocalModelRecords}).</li>
 *   <li>the agent skills, plugins, commands, subagents, extensions and rules installed in the home
 *       and the roots ({@link SkillRecords}).</li>
 * </ul>
 * The {@code classification} property is {@code approved}, {@code approved-unpinned},
 * {@code name-only} or {@code unregistered}; {@code installed} and {@code running} (yes, no,
 * unknown, with where, versions and pids) say whether the package is on the machine and runs now
 * ({@link LocalStateCheck}: the process table and container images only when the home is this machine's). Files that cannot be read are problems of the sync,
 * with the file and the reason; the rest is still imported. The network is used only when the
 * allowlist is a registry URL.
 */
public final class LocalDiscoveryConnector implements Connector {

    public static final String TYPE = "local-discovery";
    static final String DETECTOR = "tightrope-mcp/" + BuildInfo.version().orElse("dev");

    private final Path home;
    private final List<Path> roots;
    private final OsLayout os;
    private final Path systemRoot;
    private final AllowlistSource allowlist;
    private final String owner;
    private final McpDiscovery discovery;
    private final Boolean live;
    private final CodeScanner code = new CodeScanner(CodeScanLimits.STANDARD);
    /** Each repository root's CODEOWNERS defaults, read at the start of a sync. */
    private final Map<Path, CodeOwners.Defaults> codeOwners = new LinkedHashMap<>();
    private final LocalModelScan models = new LocalModelScan(LocalModelLimits.STANDARD, ModelScanner.standard());

    LocalDiscoveryConnector(Path home, List<Path> roots, OsLayout os, Path systemRoot, AllowlistSource allowlist, String owner, DiscoveryLimits limits,
                            Boolean live) {
        this.home = home.toAbsolutePath().normalize();
        this.roots = roots.stream().map(r -> r.toAbsolutePath().normalize()).toList();
        this.os = os;
        this.systemRoot = systemRoot == null ? null : systemRoot.toAbsolutePath().normalize();
        this.allowlist = allowlist;
        this.owner = owner == null || owner.isBlank() ? this.home.getFileName().toString() : owner.strip();
        this.discovery = new McpDiscovery(limits);
        this.live = live;
    }

    public static ConnectorFactory factory() {
        return factory(DiscoveryLimits.STANDARD);
    }

    static ConnectorFactory factory(DiscoveryLimits limits) {
        return new ConnectorFactory() {
            @Override
            public String type() {
                return TYPE;
            }

            @Override
            public String description() {
                return "MCP servers configured on a machine (a home directory and repository roots), classified against the allowlist, without starting any";
            }

            @Override
            public List<SettingSpec> settings() {
                return List.of(new SettingSpec("home", "home directory to look in", true, false),
                        new SettingSpec("roots", "repository roots to look in, separated by commas", false, false),
                        new SettingSpec("os", "layout of that home: linux, macos or windows (default: this machine's)", false, false),
                        new SettingSpec("allowlist", "approved servers: a file in the MCP registry's server.json format, or a registry's https:// URL (GET /v0.1/servers)", false, false),
                        new SettingSpec("system", "where managed (machine-wide) config files are looked for, e.g. / (default: none)", false, false),
                        new SettingSpec("owner", "who owns this machine's configs (default: the home directory's name)", false, false),
                        new SettingSpec("live", "whether this machine's processes and container images are this home's, to tell which servers run "
                                + "and which images are present: yes or no (default: yes when the home is the home of the user running Tightrope)", false, false));
            }

            @Override
            public Connector create(SourceConfig config) {
                List<Path> roots = SettingValues.list(config, "roots", s -> true, "directories").stream().map(Path::of).toList();
                String os = config.setting("os");
                String system = config.setting("system");
                String allow = config.setting("allowlist");
                return new LocalDiscoveryConnector(Path.of(config.requireSetting("home")), roots,
                        os == null || os.isBlank() ? OsLayout.current() : OsLayout.fromToken(os),
                        system == null || system.isBlank() ? null : Path.of(system),
                        allow == null || allow.isBlank() ? null : AllowlistSource.of(allow, () -> HttpSettings.client(config), RetryPolicy.standard()),
                        config.setting("owner"), limits, live(config.setting("live")));
            }
        };
    }

    private static Boolean live(String setting) {
        if (setting == null || setting.isBlank()) {
            return null;
        }
        return switch (setting.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            default -> throw new IllegalArgumentException("live must be yes or no: '" + setting + "'");
        };
    }

    @Override
    public String check(SyncContext context) throws ConnectorException, InterruptedException {
        if (!Files.isDirectory(home)) {
            throw new ConnectorException(home.toString(), "the home directory does not exist");
        }
        Allowlist approved = readAllowlist();
        return "the home " + home + " can be read" + (allowlist == null ? "; no allowlist, so every server is unregistered"
                : "; the allowlist approves " + approved.servers().size() + " servers");
    }

    @Override
    public SyncResult sync(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        if (!Files.isDirectory(home)) {
            throw new ConnectorException(home.toString(), "the home directory does not exist (moved or unmounted?)");
        }
        Classifier classifier = new Classifier(readAllowlist());
        context.progress(0, -1, "reading MCP configs under " + home);
        DiscoveryReport report = discovery.discover(new McpDiscovery.Request(home, roots, os, systemRoot), () -> cancelled(context));
        if (Thread.interrupted()) {
            throw new InterruptedException("cancelled");
        }
        report.skipped().forEach(s -> sink.problem(new Problem(s.location(), s.reason())));

        codeOwners.clear();
        for (Path root : roots) {
            CodeOwners.defaults(root).ifPresent(d -> codeOwners.put(root, d));
        }
        Urn machine = Urn.of(AssetKind.MACHINE, TYPE, home.toString());
        sink.asset(Asset.builder(machine, home.getFileName().toString())
                .description("Machine (" + os.token() + " layout) whose MCP client configs Tightrope read: " + report.files().size()
                        + " config files, " + report.entries().size() + " server entries")
                .property("os", os.token())
                .property("home", home)
                .property("roots", roots.isEmpty() ? null : roots.stream().map(Path::toString).collect(Collectors.joining(", ")))
                .property("system", systemRoot)
                .property("policies", report.policies().isEmpty() ? null
                        : report.policies().stream().map(p -> p.summary() + " (" + p.file() + ")").collect(Collectors.joining("\n")))
                .sourceRef(home.toString())
                .build());
        owned(machine, sink);

        Map<Path, Urn> configs = new LinkedHashMap<>();
        for (DiscoveryReport.ConfigFile f : report.files()) {
            ConfigLocation l = f.location();
            Urn config = Urn.of(AssetKind.AGENT, TYPE, l.file().toAbsolutePath().normalize().toString());
            if (configs.putIfAbsent(l.file(), config) != null) {
                continue;
            }
            sink.asset(Asset.builder(config, l.client().label() + " " + l.scope().token() + " config " + shown(l.file()))
                    .description(l.client().label() + " MCP config (" + l.scope().token() + " scope) with " + f.servers() + " servers")
                    .property("client", l.client().token())
                    .property("scope", l.scope().token())
                    .property("file", l.file())
                    .property("project", l.project())
                    .property("servers", f.servers())
                    .sourceRef(l.file().toString())
                    .build());
            sink.edge(new Edge(machine, config, EdgeType.PART_OF));
            owned(config, sink);
        }

        List<ClassifiedServer> servers = ClassifiedServer.of(report, classifier);
        LocalStateCheck local = LocalStateCheck.of(home, os, live);
        int done = 0;
        for (ClassifiedServer server : servers) {
            context.checkCancelled();
            context.progress(done++, servers.size(), "classifying " + server.key());
            emitServer(server, configs, local, sink);
        }
        for (Path root : roots) {
            context.checkCancelled();
            if (!Files.isDirectory(root)) {
                continue; // reported by the MCP discovery already
            }
            context.progress(0, -1, "reading manifests, code and notebooks under " + root);
            CodeOwners.Defaults owners = codeOwners.get(root);
            RepositoryRecords.emit(code.scan(root, () -> cancelled(context)), machine, owners == null ? null : owners.location(), sink,
                    urn -> owned(urn, sink));
            if (Thread.interrupted()) {
                throw new InterruptedException("cancelled");
            }
        }
        LocalModelRecords.scanAndEmit(models, home, roots, os, machine, context, sink, urn -> owned(urn, sink));
        SkillRecords.emit(new SkillDiscovery(discovery.limits()).discover(new McpDiscovery.Request(home, roots, os, systemRoot), () -> cancelled(context)),
                machine, sink, urn -> owned(urn, sink));
        context.progress(servers.size(), servers.size(), report.entries().size() + " server entries in " + report.files().size() + " config files");
        return SyncResult.full(null);
    }

    private void emitServer(ClassifiedServer server, Map<Path, Urn> configs, LocalStateCheck local, RecordSink sink) {
        String key = server.key();
        List<McpServerEntry> entries = server.entries();
        Urn urn = Urn.of(AssetKind.MCP_SERVER, TYPE, key);
        McpServerEntry first = server.first();
        Classification c = server.classification();
        Set<McpServerEntry> blocked = server.blocked().stream().map(ClassifiedServer.Blocked::entry).collect(Collectors.toSet());
        List<String> lines = new ArrayList<>();
        // the same places as data, for the Shadow AI view: a name a config chose may hold " · " or a line break
        com.fasterxml.jackson.databind.node.ArrayNode places = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        for (McpServerEntry e : entries) {
            com.fasterxml.jackson.databind.node.ObjectNode place = places.addObject()
                    .put("client", e.client().label()).put("scope", e.scope().token())
                    .put("file", e.file().toAbsolutePath().normalize().toString()).put("line", e.line())
                    .put("shown", shown(e.file()) + (e.line() > 0 ? ":" + e.line() : "")).put("name", e.name())
                    .put("project", e.project()).put("enabled", e.enabled()).put("blocked", blocked.contains(e));
            e.envKeys().forEach(place.putArray("envKeys")::add);
            e.headerNames().forEach(place.putArray("headerNames")::add);
            lines.add(e.client().label() + " · " + e.scope().token() + " · " + shown(e.file()) + (e.line() > 0 ? ":" + e.line() : "")
                    + " · '" + oneLine(e.name()) + "'" + (e.project() != null ? " · project " + e.project() : "")
                    + (e.enabled() ? "" : " · disabled") + (blocked.contains(e) ? " · blocked by policy" : "")
                    + (e.envKeys().isEmpty() ? "" : " · env " + String.join(", ", e.envKeys()))
                    + (e.headerNames().isEmpty() ? "" : " · headers " + String.join(", ", e.headerNames())));
        }
        Asset.Builder asset = Asset.builder(urn, first.name())
                .description("MCP server launched as " + key + ", configured " + entries.size() + (entries.size() == 1 ? " time" : " times")
                        + " on " + home.getFileName() + ". " + c.reason())
                .property("classification", c.verdict().token())
                .property("classification.reason", c.reason())
                .property("package.type", first.identity().type().token())
                .property("package.identifier", first.identity().identifier())
                .property("package.version", first.identity().version())
                .property("sha256", first.identity().sha256())
                .property("transport", first.transport())
                .property("command", first.command())
                .property("args", first.args().isEmpty() ? null : String.join(" ", first.args()))
                .property("url", first.url())
                .property("names", entries.stream().map(McpServerEntry::name).distinct().collect(Collectors.joining(", ")))
                .property("clients", entries.stream().map(e -> e.client().token()).distinct().collect(Collectors.joining(", ")))
                .property("env.keys", joined(entries.stream().flatMap(e -> e.envKeys().stream()).distinct().toList()))
                .property("header.names", joined(entries.stream().flatMap(e -> e.headerNames().stream()).distinct().toList()))
                .property("enabled", server.enabled())
                .property("blocked", blocked.isEmpty() ? null : server.blocked().stream()
                        .map(b -> b.entry().location() + ": " + b.reason()).collect(Collectors.joining("\n")))
                .property("entries", String.join("\n", lines))
                .property("entries.json", places.toString())
                .property("entries.locations", entries.stream().map(McpServerEntry::location).collect(Collectors.joining("\n")))
                .property("configs", entries.size())
                .property("lookalike.of", c.lookalikeOf())
                .sourceRef(first.location());
        if (c.server() != null) {
            asset.property("allowlist.server", c.server().name())
                    .property("approval.by", c.server().approval().approvedBy())
                    .property("approval.at", c.server().approval().approvedAt())
                    .property("approval.scope", c.server().approval().scope())
                    .property("approval.versions", joined(c.server().approval().approvedVersions()));
        }
        local.check(server).properties().forEach(asset::property);
        sink.asset(asset.build());
        // the owners of where it is configured: a project's CODEOWNERS, the home's user for the rest
        entries.stream().map(e -> e.file().toAbsolutePath().normalize().toString()).distinct().forEach(f -> owned(urn, f, sink));
        Set<Urn> linked = new HashSet<>();
        for (McpServerEntry e : entries) {
            Urn config = configs.get(e.file());
            if (config != null && linked.add(config)) {
                sink.edge(new Edge(config, urn, EdgeType.CONFIGURED_IN));
            }
        }
        for (ClassifiedServer.Observation o : server.observations()) {
            ConfigRisk r = o.risk();
            sink.finding(new Finding(urn, r.ruleId(), r.severity(), r.title(), r.evidence(), o.entry().location(), DETECTOR, null));
        }
    }

    /** Whether the sync was cancelled, for a scan's cancellation check (the interrupt is kept for the caller to see). */
    static boolean cancelled(SyncContext context) {
        try {
            context.checkCancelled();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /**
     * Claims the owner of {@code urn}: the CODEOWNERS defaults of the repository root its path is
     * in (a repository, its AI SDKs, project configs, skills and model files), else the home's
     * user. The path is the URN's native id up to a {@code #}.
     */
    private void owned(Urn urn, RecordSink sink) {
        String id = urn.nativeId();
        int hash = id.indexOf('#');
        owned(urn, hash < 0 ? id : id.substring(0, hash), sink);
    }

    private void owned(Urn urn, String path, RecordSink sink) {
        for (String o : ownersAt(path)) {
            // CODEOWNERS writes a team as @org/team
            sink.owner(OwnerClaim.fromSource(urn, o, o.startsWith("@") && o.contains("/") ? "team" : null, OwnerRole.TECHNICAL_OWNER));
        }
    }

    private List<String> ownersAt(String path) {
        Path best = null;
        for (Path root : codeOwners.keySet()) {
            boolean inside = path.equals(root.toString()) || path.startsWith(root + java.io.File.separator);
            if (inside && (best == null || root.getNameCount() > best.getNameCount())) {
                best = root; // the innermost root: a repository inside another has its own CODEOWNERS
            }
        }
        return best == null ? List.of(owner) : codeOwners.get(best).owners();
    }

    private Allowlist readAllowlist() throws ConnectorException, InterruptedException {
        return allowlist == null ? Allowlist.empty() : allowlist.read();
    }

    /** A path under the home as {@code ~/…}, under the system root as the machine sees it ({@code /etc/…}); others as they are. */
    private String shown(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (abs.startsWith(home)) {
            return "~/" + home.relativize(abs).toString().replace('\\', '/');
        }
        return systemRoot != null && abs.startsWith(systemRoot) ? "/" + systemRoot.relativize(abs).toString().replace('\\', '/') : abs.toString();
    }

    /** A name as one line of text: control characters (line breaks among them) shown as spaces. */
    private static String oneLine(String name) {
        return name.codePoints().map(c -> Character.isISOControl(c) ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    private static String joined(List<String> values) {
        return values.isEmpty() ? null : String.join(", ", values);
    }
}
