package dev.tightrope.sync.localdiscovery;

import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.Finding;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.Severity;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.RecordSink;
import dev.tightrope.scan.code.RepositoryScan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A scanned repository root as records: the repository itself,
 * {@code tr:agent:local-discovery:<root path>} (kind agent: the application its code makes), part of
 * the machine; one {@code tr:ai_sdk:local-discovery:<root path>#<ecosystem>:<package>} per AI SDK it
 * declares (all its manifests' declarations of that package in one asset), used by the
 * repository; the keys found in its files as {@code secret.code-*} and {@code secret.notebook-*}
 * findings on the repository, masked; {@code mcp.probable-server} when it depends on an MCP SDK or
 * names the MCP server it publishes.
 */
final class RepositoryRecords {

    private RepositoryRecords() {
    }

    static Urn repository(RepositoryScan scan) {
        return repository(scan.root());
    }

    static Urn repository(java.nio.file.Path root) {
        return Urn.of(AssetKind.AGENT, LocalDiscoveryConnector.TYPE, root.toString());
    }

    static Urn sdk(RepositoryScan scan, RepositoryScan.AiDependency d) {
        return Urn.of(AssetKind.AI_SDK, LocalDiscoveryConnector.TYPE, scan.root() + "#" + d.ecosystem().token() + ":" + d.name());
    }

    /**
     * Emits {@code scan} under {@code machine}; {@code owned} claims each asset's owner, and
     * {@code codeowners} is the CODEOWNERS rule (file:line) those owners come from, or null.
     */
    static void emit(RepositoryScan scan, Urn machine, String codeowners, RecordSink sink, Consumer<Urn> owned) {
        scan.skipped().forEach(s -> sink.problem(new Problem(scan.root().resolve(s.location()).normalize().toString(), s.reason())));
        Map<String, List<RepositoryScan.AiDependency>> bySdk = new LinkedHashMap<>();
        for (RepositoryScan.AiDependency d : scan.dependencies()) {
            bySdk.computeIfAbsent(d.ecosystem().token() + ":" + d.name(), k -> new java.util.ArrayList<>()).add(d);
        }
        Urn repo = repository(scan);
        boolean mcp = scan.probableMcpServer();
        String sdks = bySdk.keySet().isEmpty() ? null : String.join(", ", bySdk.keySet());
        sink.asset(Asset.builder(repo, scan.root().getFileName().toString())
                .description("Repository " + scan.root() + ": " + bySdk.size() + " AI SDKs declared, " + scan.secrets().size()
                        + " AI service keys in its files, " + scan.filesRead() + " text files read")
                .property("kind", "repository")
                .property("root", scan.root())
                .property("ai.sdks", sdks)
                .property("secrets", scan.secrets().isEmpty() ? null : scan.secrets().size())
                .property("files.read", scan.filesRead())
                .property("files.not_read", scan.binaryFiles() + scan.largeFiles() == 0 ? null
                        : scan.binaryFiles() + " binary, " + scan.largeFiles() + " larger than the size limit")
                .property("probable_mcp_server", mcp ? "true" : null)
                .property("owners.from", codeowners)
                .sourceRef(scan.root().toString())
                .build());
        sink.edge(new Edge(machine, repo, EdgeType.PART_OF));
        owned.accept(repo);
        for (List<RepositoryScan.AiDependency> declarations : bySdk.values()) {
            RepositoryScan.AiDependency first = declarations.get(0);
            Urn sdk = sdk(scan, first);
            sink.asset(Asset.builder(sdk, first.name())
                    .description(first.ecosystem().token() + " package " + first.name() + (first.version() == null ? "" : " " + first.version())
                            + ", an AI SDK declared by " + scan.root().getFileName() + " in " + first.location())
                    .property("ecosystem", first.ecosystem().token())
                    .property("package", first.name())
                    .property("version", declarations.stream().map(RepositoryScan.AiDependency::version).filter(v -> v != null)
                            .distinct().collect(Collectors.collectingAndThen(Collectors.joining(", "), v -> v.isEmpty() ? null : v)))
                    .property("manifest", declarations.stream().map(RepositoryScan.AiDependency::location).distinct().collect(Collectors.joining(", ")))
                    .property("mcp_sdk", first.mcpSdk() ? "true" : null)
                    .property("repository", scan.root())
                    .sourceRef(scan.root().resolve(first.manifest()).toString())
                    .build());
            sink.edge(new Edge(sdk, repo, EdgeType.USES));
            owned.accept(sdk);
        }
        if (mcp) {
            String evidence = scan.dependencies().stream().filter(RepositoryScan.AiDependency::mcpSdk)
                    .map(d -> d.name() + " in " + d.location()).distinct().collect(Collectors.joining(", "));
            sink.finding(new Finding(repo, "mcp.probable-server", Severity.INFO, "The repository is probably an MCP server",
                    evidence.isEmpty() ? "package.json names the MCP server it publishes (mcpName)" : "depends on the MCP SDK " + evidence,
                    scan.root().toString(), LocalDiscoveryConnector.DETECTOR, null));
        }
        java.util.Set<String> reported = new java.util.HashSet<>();
        for (RepositoryScan.CodeSecret s : scan.secrets()) {
            if (!reported.add(s.ruleId() + " " + s.location())) {
                continue;
            }
            String where = s.inNotebook() ? (s.output() ? "a notebook cell's output" : "a notebook cell") : "a file";
            sink.finding(new Finding(repo, s.ruleId(), s.hit().severity(), "An AI service key (" + s.hit().provider() + ") is written into " + where,
                    s.hit().masked() + " (" + s.hit().how() + ")", s.location(), LocalDiscoveryConnector.DETECTOR, null));
        }
    }
}
