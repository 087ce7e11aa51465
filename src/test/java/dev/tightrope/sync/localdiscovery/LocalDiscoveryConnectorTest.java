package dev.tightrope.sync.localdiscovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetRecord;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.FindingStatus;
import dev.tightrope.domain.Neighbour;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.Severity;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.StoredFinding;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.Tightrope;
import dev.tightrope.sync.ConnectorRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local-discovery source through the real sync engine into a real cache: a laptop's MCP servers, classified. */
class LocalDiscoveryConnectorTest {

    /** An OpenAI-shaped key, fake: only its shape matters to the rules. */
    static final String LEAKED_KEY = "sk-proj-" + "a1B2c3D4e5".repeat(6) + "T3BlbkFJ" + "Z9y8X7w6V5".repeat(6);

    @TempDir
    Path dir;

    Path home;
    Path repo;
    Tightrope tightrope;

    @BeforeEach
    void open() throws IOException {
        home = Files.createDirectories(dir.resolve("home/priya"));
        repo = Files.createDirectories(dir.resolve("code/credit-risk"));
        tightrope = Tightrope.open(dir.resolve("ws"), ConnectorRegistry.defaults());
        write(dir.resolve("allowlist.json"), """
                [{"name":"io.github.modelcontextprotocol/filesystem","title":"Filesystem","version":"2025.8.21",
                  "packages":[{"registryType":"npm","identifier":"@modelcontextprotocol/server-filesystem","version":"2025.8.21"}],
                  "_meta":{"dev.tightrope/approval":{"approvedBy":"Ravi Kapoor","approvedAt":"2026-09-02","scope":"organisation"}}},
                 {"name":"io.github.modelcontextprotocol/github","title":"GitHub","version":"2025.4.8",
                  "packages":[{"registryType":"npm","identifier":"@modelcontextprotocol/server-github","version":"2025.4.8"}]},
                 {"name":"com.atlassian/jira","title":"Jira",
                  "packages":[{"registryType":"npm","identifier":"@atlassian/jira-mcp","version":"1.2.0"}]}]
                """);
        write(home.resolve(".cursor/mcp.json"), """
                {"mcpServers": {
                  "filesystem": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.8.21", "/home/priya/code"]},
                  "github": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"],
                             "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "${env:GITHUB_TOKEN}"}},
                  "jira": {"command": "npx", "args": ["-y", "jira-mcp-community@0.9.1"]},
                  "excel-helper": {"command": "uvx", "args": ["excel-mcp-server"], "env": {"OPENAI_API_KEY": "%s"}}
                }}
                """.formatted(LEAKED_KEY));
        write(repo.resolve(".mcp.json"), """
                {"mcpServers": {"files": {"command": "npx", "args": ["@modelcontextprotocol/server-filesystem@2025.8.21", "."]}}}
                """);
        tightrope.sources().add(new SourceConfig("priya-laptop", LocalDiscoveryConnector.TYPE, Map.of(
                "home", home.toString(), "roots", repo.toString(), "os", "linux", "allowlist", dir.resolve("allowlist.json").toString())));
    }

    @AfterEach
    void close() {
        tightrope.close();
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private SyncRun sync() {
        return tightrope.sources().sync("priya-laptop", true, SyncListener.NONE, new Cancellation()).get(0);
    }

    private static Urn server(String identity) {
        return Urn.of(AssetKind.MCP_SERVER, LocalDiscoveryConnector.TYPE, identity);
    }

    private Urn config(Path file) {
        return Urn.of(AssetKind.AGENT, LocalDiscoveryConnector.TYPE, file.toAbsolutePath().normalize().toString());
    }

    private AssetDetail detail(Urn urn) {
        return tightrope.inventory().detail(urn).orElseThrow(() -> new AssertionError("not in the cache: " + urn));
    }

    private static String classification(AssetDetail d) {
        return d.record().asset().properties().get("classification");
    }

    private static List<String> rules(AssetDetail d) {
        return d.findings().stream().filter(f -> f.finding().status() == FindingStatus.OPEN).map(f -> f.finding().ruleId()).sorted().toList();
    }

    @Test
    void theMachineItsClientConfigsAndItsServersLandClassifiedAndLinked() {
        SyncRun run = sync();

        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        Urn machine = Urn.of(AssetKind.MACHINE, LocalDiscoveryConnector.TYPE, home.toString());
        Urn cursor = config(home.resolve(".cursor/mcp.json"));
        Urn project = config(repo.resolve(".mcp.json"));
        AssetDetail laptop = detail(machine);
        assertThat(laptop.record().asset().properties()).containsEntry("os", "linux");
        assertThat(laptop.record().owners()).extracting(o -> o.owner()).containsExactly("priya");
        assertThat(laptop.downstream()).filteredOn(n -> n.type() == EdgeType.PART_OF).extracting(Neighbour::urn)
                .containsExactlyInAnyOrder(cursor.toString(), project.toString(),
                        Urn.of(AssetKind.AGENT, LocalDiscoveryConnector.TYPE, repo.toString()).toString());
        assertThat(detail(cursor).record().asset().properties()).containsEntry("client", "cursor").containsEntry("scope", "user")
                .containsEntry("servers", "4");

        AssetDetail filesystem = detail(server("npm:@modelcontextprotocol/server-filesystem@2025.8.21"));
        assertThat(classification(filesystem)).isEqualTo("approved");
        assertThat(filesystem.record().asset().properties()).containsEntry("approval.by", "Ravi Kapoor").containsEntry("configs", "2");
        // one server configured in two clients' files: one asset, configured in both, each part of the machine
        assertThat(filesystem.upstream()).filteredOn(n -> n.type() == EdgeType.CONFIGURED_IN).extracting(Neighbour::urn)
                .containsExactlyInAnyOrder(cursor.toString(), project.toString());
        assertThat(rules(filesystem)).isEmpty();

        AssetDetail github = detail(server("npm:@modelcontextprotocol/server-github"));
        assertThat(classification(github)).isEqualTo("approved-unpinned");
        assertThat(rules(github)).containsExactly("mcp.approved-unpinned", "mcp.unpinned-package");

        AssetDetail jira = detail(server("npm:jira-mcp-community@0.9.1"));
        assertThat(classification(jira)).isEqualTo("name-only");
        assertThat(rules(jira)).containsExactly("mcp.name-only");

        AssetDetail excel = detail(server("pypi:excel-mcp-server"));
        assertThat(classification(excel)).isEqualTo("unregistered");
        assertThat(rules(excel)).containsExactly("mcp.unpinned-package", "mcp.unregistered", "secret.mcp-env");
        StoredFinding secret = excel.findings().stream().filter(f -> f.finding().ruleId().equals("secret.mcp-env")).findFirst().orElseThrow();
        assertThat(secret.finding().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(secret.finding().location()).isEqualTo(home.resolve(".cursor/mcp.json") + ":6");
        assertThat(secret.finding().evidence()).startsWith("OPENAI_API_KEY = sk-p").contains("masked").doesNotContain(LEAKED_KEY);
        assertThat(excel.record().asset().properties().values()).noneMatch(v -> v.contains(LEAKED_KEY));
    }

    @Test
    void aSecondSyncFollowsTheFilesServersThatWentAreGoneAndTheirFindingsResolved() throws IOException {
        assertThat(sync().status()).isEqualTo(SyncStatus.SUCCEEDED);
        // Priya pins github to the approved version, drops the excel helper and the project config
        write(home.resolve(".cursor/mcp.json"), """
                {"mcpServers": {
                  "filesystem": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.8.21", "/home/priya/code"]},
                  "github": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"]},
                  "jira": {"command": "npx", "args": ["-y", "jira-mcp-community@0.9.1"]}
                }}
                """);
        Files.delete(repo.resolve(".mcp.json"));

        SyncRun second = sync();

        assertThat(second.status()).as(second.message()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(second.assetsGone()).isEqualTo(3);
        assertThat(classification(detail(server("npm:@modelcontextprotocol/server-github@2025.4.8")))).isEqualTo("approved");
        AssetRecord unpinned = tightrope.inventory().find(server("npm:@modelcontextprotocol/server-github")).orElseThrow();
        AssetRecord excel = tightrope.inventory().find(server("pypi:excel-mcp-server")).orElseThrow();
        AssetRecord project = tightrope.inventory().find(config(repo.resolve(".mcp.json"))).orElseThrow();
        assertThat(List.of(unpinned, excel, project)).allSatisfy(r -> assertThat(r.gone()).as(r.urn().toString()).isTrue());
        assertThat(detail(server("pypi:excel-mcp-server")).findings()).isNotEmpty()
                .allSatisfy(f -> assertThat(f.finding().status()).isEqualTo(FindingStatus.RESOLVED));
        AssetDetail filesystem = detail(server("npm:@modelcontextprotocol/server-filesystem@2025.8.21"));
        assertThat(filesystem.record().gone()).isFalse();
        assertThat(filesystem.record().asset().properties()).containsEntry("configs", "1");
        assertThat(detail(server("npm:jira-mcp-community@0.9.1")).record().gone()).isFalse();
    }

    @Test
    void hostileConfigsAreProblemsWithFileAndReasonAndTheRestIsImported() throws IOException {
        write(home.resolve(".codeium/windsurf/mcp_config.json"), "{\"mcpServers\": {\"a\": ");
        write(home.resolve(".kiro/settings/mcp.json"), "{\"mcpServers\":{},\"pad\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}");
        write(home.resolve(".junie/mcp/mcp.json"), "[".repeat(5_000) + "]".repeat(5_000));
        Files.createDirectories(home.resolve(".gemini"));
        Files.createSymbolicLink(home.resolve(".gemini/settings.json"), home.resolve(".gemini/loop.json"));
        Files.createSymbolicLink(home.resolve(".gemini/loop.json"), home.resolve(".gemini/settings.json"));
        write(dir.resolve("elsewhere/mcp.json"), "{\"mcpServers\":{\"escaped\":{\"command\":\"npx\",\"args\":[\"escaped-pkg@1.0.0\"]}}}");
        Files.createDirectories(home.resolve(".aws/amazonq"));
        Files.createSymbolicLink(home.resolve(".aws/amazonq/mcp.json"), Path.of("../../../../elsewhere/mcp.json"));

        SyncRun run = sync();

        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED_WITH_PROBLEMS);
        Map<String, String> problems = tightrope.sources().problems(run.id(), 100).stream()
                .collect(Collectors.toMap(p -> home.relativize(Path.of(p.location())).toString(), Problem::message));
        assertThat(problems).hasSize(5);
        assertThat(problems.get(".codeium/windsurf/mcp_config.json")).startsWith("invalid JSON");
        assertThat(problems.get(".kiro/settings/mcp.json")).contains("larger than the 4194304 bytes");
        assertThat(problems.get(".junie/mcp/mcp.json")).contains("nested deeper than");
        assertThat(problems.get(".gemini/settings.json")).isEqualTo("a symbolic link loop");
        assertThat(problems.get(".aws/amazonq/mcp.json")).contains("outside the home");
        assertThat(run.problems()).isEqualTo(5);
        // the good configs are all there, and the file outside the scanned places was never read
        assertThat(classification(detail(server("npm:@modelcontextprotocol/server-filesystem@2025.8.21")))).isEqualTo("approved");
        assertThat(classification(detail(server("pypi:excel-mcp-server")))).isEqualTo("unregistered");
        assertThat(tightrope.inventory().find(server("npm:escaped-pkg@1.0.0"))).isEmpty();

        // the cache is whole: the next sync, with the hostile files gone, is clean and keeps every server
        for (String f : List.of(".codeium/windsurf/mcp_config.json", ".kiro/settings/mcp.json", ".junie/mcp/mcp.json",
                ".gemini/settings.json", ".gemini/loop.json", ".aws/amazonq/mcp.json")) {
            Files.delete(home.resolve(f));
        }
        SyncRun clean = sync();
        assertThat(clean.status()).as(clean.message()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(clean.assetsGone()).isZero();
    }

    @Test
    void anAllowlistThatCannotBeReadFailsTheSyncAndKeepsThePreviousState() throws IOException {
        assertThat(sync().status()).isEqualTo(SyncStatus.SUCCEEDED);
        write(dir.resolve("allowlist.json"), "[{\"name\":\"a\",\"name\":\"b\"}]");

        SyncRun run = sync();

        assertThat(run.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(run.message()).contains("allowlist.json", "not valid");
        AssetRecord kept = tightrope.inventory().find(server("npm:@modelcontextprotocol/server-filesystem@2025.8.21")).orElseThrow();
        assertThat(kept.gone()).isFalse();
        assertThat(kept.asset().properties()).containsEntry("classification", "approved");
    }
}
