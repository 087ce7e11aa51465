package dev.tightrope.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.base.BuildInfo;
import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetRecord;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.Finding;
import dev.tightrope.domain.Neighbour;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.Urn;
import dev.tightrope.scan.mcp.probe.ConfiguredLaunch;
import dev.tightrope.scan.mcp.probe.DescriptionRules;
import dev.tightrope.scan.mcp.probe.HttpProbe;
import dev.tightrope.scan.mcp.probe.ProbeComparison;
import dev.tightrope.scan.mcp.probe.ProbeFinding;
import dev.tightrope.scan.mcp.probe.ProbeLimits;
import dev.tightrope.scan.mcp.probe.ProbeOutcome;
import dev.tightrope.scan.mcp.probe.ProbeRecords;
import dev.tightrope.scan.mcp.probe.ProbeResult;
import dev.tightrope.scan.mcp.probe.ProbeTarget;
import dev.tightrope.scan.mcp.probe.ProbedEntity;
import dev.tightrope.scan.mcp.probe.StdioProbe;
import dev.tightrope.scan.mcp.probe.ToxicFlow;
import dev.tightrope.store.ProbeFindingStore;
import dev.tightrope.sync.http.HttpSettings;
import dev.tightrope.sync.localdiscovery.LocalDiscoveryConnector;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Probes one MCP server of the cache on the user's request: {@link #plan} says exactly what
 * would be started (the argv read again from the server's config file, the environment with
 * values masked) so the user can agree first; {@link #probe} then runs it, compares the tools
 * with the last probe of the same server, reads its descriptions and schemas with the
 * {@link DescriptionRules} (against the last probes of the other servers each client that loads it
 * loads too, for shadowing and the toxic flow), keeps the result in the workspace and records what
 * it found (rug pulls, description findings, added or removed tools) as findings on the server's asset.
 * Nothing here runs by itself: a sync never probes.
 */
public final class McpProbeService {
    static final String DETECTOR = "tightrope-mcp-probe/" + BuildInfo.version().orElse("dev");
    private static final Pattern LINE = Pattern.compile("^(.*):(\\d+)$");

    /**
     * What a probe would start, for the user to read before agreeing.
     *
     * @param configFile the file the launch was read from
     */
    public record Plan(Urn server, String name, Path configFile, ProbeTarget target) {
        public String commandLine() {
            return target.commandLine();
        }

        public List<String> redactedEnvironment() {
            return target.redactedEnvironment();
        }

        /** Whether a process is started (stdio), rather than an endpoint called. */
        public boolean startsAProcess() {
            return target.stdio();
        }
    }

    /**
     * How a probe went.
     *
     * @param previous the probe compared with, or null for a first probe
     * @param findings what it found, also recorded on the asset
     */
    public record Outcome(Plan plan, ProbeOutcome probe, ProbeResult previous, List<ProbeFinding> findings) {
        public Outcome {
            findings = List.copyOf(findings);
        }

        public boolean succeeded() {
            return probe.succeeded();
        }

        /** Why the probe stopped early, or null. */
        public String failure() {
            return probe.failure();
        }

        /** The last part of the server's stderr (its logs), to explain a failure. */
        public String serverLog() {
            return probe.stderr();
        }

        /** A rug pull or a high or critical description finding: the command line's exit 1. */
        public boolean fails() {
            return findings.stream().anyMatch(ProbeFinding::fails);
        }

        /** The server, what it listed with each pin, and the findings with their evidence. */
        public void writeText(PrintWriter out) {
            ProbeResult r = probe.result();
            out.println(r.serverName() + " " + r.serverVersion() + " (protocol " + r.protocolVersion() + ") in "
                    + probe.millis() + " ms; server sha256 " + r.serverSha256());
            for (ProbedEntity.Kind kind : ProbedEntity.Kind.values()) {
                List<ProbedEntity> of = r.of(kind);
                if (!of.isEmpty()) {
                    out.println(of.size() + " " + kind.token() + (of.size() == 1 ? "" : "s") + ":");
                    for (ProbedEntity e : of) {
                        String d = e.description().strip().replaceAll("\\s+", " ");
                        out.println("  " + e.name() + "  " + e.sha256().substring(0, 12) + "  " + (d.length() > 100 ? d.substring(0, 100) + "…" : d));
                    }
                }
            }
            out.println(previous == null ? "first probe of this server" : "compared with the probe of " + previous.probedAt());
            for (ProbeFinding f : findings) {
                out.println(f.severity().token().toUpperCase(Locale.ROOT) + " " + f.ruleId() + " " + f.title());
                f.evidence().lines().forEach(l -> out.println("    " + l));
            }
            out.println(findings.isEmpty() ? "no findings" : findings.size() + " findings recorded on " + plan.server());
        }

        /** The same as one JSON document: the server, the command and masked environment, the result as kept, the findings. */
        public ObjectNode toJson() {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.put("server", plan.server().toString());
            out.put("config", plan.configFile().toString());
            out.put("command", plan.commandLine());
            ArrayNode env = out.putArray("environment");
            plan.redactedEnvironment().forEach(env::add);
            out.set("result", probe.result().toJson());
            out.put("previous", previous == null ? null : previous.probedAt().toString());
            ArrayNode list = out.putArray("findings");
            for (ProbeFinding f : findings) {
                ObjectNode n = list.addObject();
                n.put("ruleId", f.ruleId());
                n.put("severity", f.severity().token());
                n.put("title", f.title());
                n.put("evidence", f.evidence());
                n.put("location", f.location());
            }
            return out;
        }
    }

    private final InventoryService inventory;
    private final ProbeFindingStore findings;
    private final ProbeRecords records;
    private final AuditService audit;
    private final Clock clock;

    McpProbeService(InventoryService inventory, ProbeFindingStore findings, ProbeRecords records, AuditService audit, Clock clock) {
        this.inventory = inventory;
        this.findings = findings;
        this.records = records;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The launch of {@code server} as its config file says today. IllegalArgumentException, with
     * the reason, when it is not an MCP server of the cache or its config no longer launches it.
     */
    public Plan plan(Urn server) {
        AssetRecord record = inventory.find(server).orElseThrow(() -> new IllegalArgumentException("no asset " + server + " in the cache"));
        Asset asset = record.asset();
        if (asset.kind() != AssetKind.MCP_SERVER) {
            throw new IllegalArgumentException(server + " is a " + asset.kind().token() + ", not an MCP server");
        }
        String ref = asset.sourceRef() == null ? "" : asset.sourceRef();
        Matcher m = LINE.matcher(ref);
        Path file = Path.of(m.matches() ? m.group(1) : ref);
        if (ref.isEmpty() || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("the config that launches " + server + " (" + ref + ") is gone; run the local-discovery sync again");
        }
        String command = asset.properties().get("command");
        String url = asset.properties().get("url");
        Optional<ProbeTarget> target;
        try {
            target = ConfiguredLaunch.read(file, asset.name(), command, command == null ? url : null);
        } catch (IOException e) {
            throw new IllegalArgumentException("the config " + file + " cannot be read: " + e.getMessage(), e);
        }
        if (target.isEmpty()) {
            throw new IllegalArgumentException(file + " no longer has the server '" + asset.name() + "' launching "
                    + (command != null ? command : url) + "; run the local-discovery sync again");
        }
        return new Plan(server, asset.name(), file, target.get());
    }

    /** Runs the probe the user agreed to; at most {@code timeout} for the whole conversation. */
    public Outcome probe(Plan plan, Duration timeout) throws InterruptedException {
        ProbeLimits limits = ProbeLimits.STANDARD.withTimeout(timeout);
        ProbeOutcome outcome = plan.target().stdio() ? new StdioProbe(limits, clock).probe(plan.target())
                : new HttpProbe(HttpSettings.client(new SourceConfig("mcp-probe", LocalDiscoveryConnector.TYPE, Map.of())), limits, clock)
                        .probe(plan.target());
        String urn = plan.server().toString();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("command", plan.commandLine());
        details.put("config", plan.configFile().toString());
        details.put("result", outcome.succeeded() ? outcome.result().tools().size() + " tools, server sha256 " + outcome.result().serverSha256()
                : "failed: " + outcome.failure());
        if (!outcome.succeeded()) {
            audit.record("mcp.probe", urn, details);
            return new Outcome(plan, outcome, null, List.of());
        }
        Judged judged = judge(plan.server(), plan.name(), outcome.result(), details);
        return new Outcome(plan, outcome, judged.previous(), judged.findings());
    }

    /** A probe's result held against the server's last one, and what that found. */
    private record Judged(ProbeResult previous, List<ProbeFinding> findings) {
    }

    /**
     * Keeps a probe made elsewhere (on another machine, or recorded with the demo workspace) as if
     * it had been made here: compared with the server's last probe, checked and kept, its findings
     * recorded on the server's asset and the import audit-logged as {@code mcp.probe}. The result
     * is never started or called: it is what a server listed then. Returns the findings; an empty
     * list when the server is not in the cache (nothing kept).
     */
    public List<ProbeFinding> importProbe(Urn server, ProbeResult observed, String from) {
        Optional<AssetRecord> record = inventory.find(server);
        if (record.isEmpty()) {
            return List.of();
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("imported", from);
        details.put("result", observed.tools().size() + " tools, server sha256 " + observed.serverSha256() + ", probed " + observed.probedAt());
        return judge(server, record.get().asset().name(), observed, details).findings();
    }

    /** Whether a probe of {@code server} is kept in the workspace. */
    public boolean probed(Urn server) {
        return Files.isRegularFile(records.file(server.toString()));
    }

    private Judged judge(Urn server, String name, ProbeResult observed, Map<String, String> details) {
        String urn = server.toString();
        ProbeResult previous;
        try {
            previous = records.last(urn).orElse(null);
        } catch (IOException e) {
            throw new IllegalStateException("the last probe of " + urn + " cannot be read: " + e.getMessage(), e);
        }
        Map<String, Map<String, ProbeResult>> clients = sameClient(server, name);
        Map<String, ProbeResult> others = new TreeMap<>();
        clients.values().forEach(others::putAll);
        List<ProbeFinding> found = new ArrayList<>(DescriptionRules.check(observed, others));
        clients.forEach((client, servers) -> {
            Map<String, ProbeResult> all = new TreeMap<>(servers);
            all.put(name, observed);
            ToxicFlow.check(client, name, all).ifPresent(found::add);
        });
        if (previous != null) {
            found.addAll(ProbeComparison.compare(previous, observed));
        }
        try {
            records.save(urn, observed);
        } catch (IOException e) {
            throw new IllegalStateException("the probe of " + urn + " cannot be kept in " + records.file(urn) + ": " + e.getMessage(), e);
        }
        findings.record(server, found.stream().map(f -> new Finding(server, f.ruleId(), f.severity(), f.title(), f.evidence(),
                f.location(), DETECTOR, null)).toList(), clock.instant());
        details.put("findings", String.valueOf(found.size()));
        audit.record("mcp.probe", urn, details);
        return new Judged(previous, found);
    }

    /**
     * The other servers each client that loads {@code server} (configured as {@code name}) loads too, with their last
     * probe, by client ("cursor on priya-linux": the client's config files of every scope on one
     * machine) and configured name. Servers never probed are not known and not listed.
     */
    private Map<String, Map<String, ProbeResult>> sameClient(Urn server, String name) {
        Map<String, Map<String, ProbeResult>> out = new TreeMap<>();
        for (Neighbour config : neighbours(server, true, AssetKind.AGENT, EdgeType.CONFIGURED_IN)) {
            Optional<AssetDetail> detail = inventory.detail(Urn.parse(config.urn()));
            String client = detail.map(d -> d.record().asset().properties().get("client")).orElse(null);
            if (client == null) {
                continue;
            }
            for (Neighbour machine : detail.get().upstream().stream().filter(n -> n.kind() == AssetKind.MACHINE && n.type() == EdgeType.PART_OF).toList()) {
                Map<String, ProbeResult> servers = out.computeIfAbsent(client + " on " + machine.name(), k -> new TreeMap<>());
                for (Neighbour sibling : neighbours(Urn.parse(machine.urn()), false, AssetKind.AGENT, EdgeType.PART_OF)) {
                    boolean sameClient = inventory.find(Urn.parse(sibling.urn())).map(r -> client.equals(r.asset().properties().get("client"))).orElse(false);
                    for (Neighbour other : sameClient ? neighbours(Urn.parse(sibling.urn()), false, AssetKind.MCP_SERVER, EdgeType.CONFIGURED_IN) : List.<Neighbour>of()) {
                        if (!other.urn().equals(server.toString())) {
                            lastProbe(other.urn()).ifPresent(r -> servers.putIfAbsent(other.name(), r));
                        }
                    }
                }
            }
        }
        return out;
    }

    private List<Neighbour> neighbours(Urn of, boolean upstream, AssetKind kind, EdgeType type) {
        return inventory.detail(of).map(d -> upstream ? d.upstream() : d.downstream()).orElse(List.of()).stream()
                .filter(n -> n.kind() == kind && n.type() == type && !n.gone()).toList();
    }

    /** Another server's last probe; one whose record cannot be read is left out rather than failing this server's probe. */
    private Optional<ProbeResult> lastProbe(String urn) {
        try {
            return records.last(urn);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
