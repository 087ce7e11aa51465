package dev.tightrope.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.domain.AuditEntry;
import dev.tightrope.domain.AuditQuery;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.scan.mcp.Allowlist;
import dev.tightrope.sync.ConnectorRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Shadow AI view's service on Priya's demo laptop (sample-data/laptops, copied), through real syncs into a real cache. */
class ShadowServiceTest {

    static final Instant DECEMBER = Instant.parse("2026-12-07T10:00:00Z");
    static final String SOURCE = "priya-laptop";

    @TempDir
    Path dir;
    Path laptops;
    Tightrope tightrope;

    @BeforeEach
    void open() {
        laptops = DemoLaptop.copyInto(dir);
        tightrope = Tightrope.open(dir.resolve("ws"), ConnectorRegistry.defaults(), Clock.fixed(DECEMBER, ZoneOffset.UTC));
        tightrope.sources().add(DemoLaptop.source(SOURCE, laptops));
        sync();
    }

    @AfterEach
    void close() {
        tightrope.close();
    }

    @Test
    void listsEveryServerWithItsClassificationMachineOwnerAndEvidence() {
        List<ShadowService.Server> servers = tightrope.shadow().servers();
        assertThat(servers).extracting(ShadowService.Server::classification)
                .contains("approved", "approved-unpinned", "name-only", "unregistered");
        ShadowService.Server jira = server("npm:jira-mcp-community@0.9.1");
        assertThat(jira.classification()).isEqualTo("name-only");
        assertThat(jira.launch()).isEqualTo("npm jira-mcp-community 0.9.1");
        assertThat(jira.machine()).isEqualTo("priya-linux");
        assertThat(jira.owner()).isEqualTo("priya.natarajan@kestrel.example");
        assertThat(jira.clients()).containsExactly("Cursor");
        assertThat(jira.evidence()).matches("~/\\.cursor/mcp\\.json:\\d+");
        assertThat(server("pypi:excel-mcp-server").findings()).isPositive();
    }

    @Test
    void aServersDetailListsEveryPlaceItIsConfiguredWithEnvKeyNamesOnly() {
        ShadowService.Detail fs = tightrope.shadow().detail(server("npm:@modelcontextprotocol/server-filesystem@2025.8.21").urn()).orElseThrow();
        assertThat(fs.places()).hasSize(2);
        assertThat(fs.places()).extracting(ShadowService.Place::name).containsExactlyInAnyOrder("filesystem", "fs");
        assertThat(fs.places()).allSatisfy(p -> {
            assertThat(p.file()).isAbsolute().exists();
            assertThat(p.line()).isPositive();
            assertThat(p.shown()).endsWith(":" + p.line()).doesNotStartWith("/tmp");
        });
        assertThat(fs.cannotApprove()).contains("approved already");

        ShadowService.Detail excel = tightrope.shadow().detail(server("pypi:excel-mcp-server").urn()).orElseThrow();
        assertThat(excel.places()).singleElement().satisfies(p -> {
            assertThat(p.envKeys()).containsExactly("PERPLEXITY_API_KEY");
            assertThat(p.toString()).doesNotContain("pplx-");
        });
        assertThat(excel.findings()).anySatisfy(f -> assertThat(f.finding().ruleId()).isEqualTo("secret.mcp-env"));
        assertThat(excel.allowlist()).isEqualTo(allowlist());
        assertThat(excel.cannotApprove()).isNull();
    }

    @Test
    void approvingWritesAServerJsonEntryAndTheResyncApprovesTheServer() throws Exception {
        Urn jira = server("npm:jira-mcp-community@0.9.1").urn();
        ShadowService.ApprovedAndSynced done = tightrope.shadow().approveAndResync(jira, "Ravi Kapoor", "0.9.1",
                SyncListener.NONE, new Cancellation());

        assertThat(done.approved().newEntry()).isTrue();
        assertThat(done.runs()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(SyncStatus.SUCCEEDED));
        Allowlist written = Allowlist.parse(Files.readAllBytes(allowlist()));
        Allowlist.ApprovedServer entry = written.servers().stream().filter(s -> s.name().equals(done.approved().entryName()))
                .findFirst().orElseThrow();
        assertThat(entry.name()).isEqualTo("local.tightrope/jira-mcp-community").matches("^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$");
        assertThat(entry.packages()).containsExactly(new Allowlist.ApprovedPackage("npm", "jira-mcp-community", "0.9.1", null));
        assertThat(entry.approval()).isEqualTo(new Allowlist.Approval("Ravi Kapoor", "2026-12-07", List.of("0.9.1"), null));
        assertThat(written.servers()).hasSize(6);

        assertThat(server("npm:jira-mcp-community@0.9.1").classification()).isEqualTo("approved");
        List<AuditEntry> audit = tightrope.audit().entries(new AuditQuery(null, ShadowService.APPROVE_ACTION, null, null, null, 0, 10));
        assertThat(audit).singleElement().satisfies(a -> {
            assertThat(a.event().actor()).isEqualTo("Ravi Kapoor");
            assertThat(a.event().subject()).isEqualTo(jira.toString());
            assertThat(a.event().details()).containsEntry("version", "0.9.1").containsEntry("was", "name-only")
                    .containsEntry("allowlist", allowlist().toString());
        });
    }

    @Test
    void anotherVersionOfAnApprovedPackageIsAddedToItsEntryNotAsANewOne() throws Exception {
        Urn github = server("npm:@modelcontextprotocol/server-github").urn();
        ShadowService.Approved a = tightrope.shadow().approve(github, "Dana Whitfield", "2025.9.1");

        assertThat(a.newEntry()).isFalse();
        assertThat(a.entryName()).isEqualTo("io.github.modelcontextprotocol/github");
        Allowlist written = Allowlist.parse(Files.readAllBytes(allowlist()));
        assertThat(written.servers()).hasSize(5);
        assertThat(written.servers().get(1).approval().approvedVersions()).containsExactly("2025.4.8", "2025.9.1");
        assertThat(written.servers().get(1).approval().approvedBy()).isEqualTo("Ravi Kapoor");
        assertThat(Files.readString(allowlist())).contains("\"versionApprovals\"").contains("Dana Whitfield");
        sync();
        // launched without a version, it still runs whatever npm calls latest
        assertThat(server("npm:@modelcontextprotocol/server-github").classification()).isEqualTo("approved-unpinned");
    }

    @Test
    void aBrokenAllowlistIsRefusedWithTheReasonAndLeftAsItIs() throws Exception {
        Urn jira = server("npm:jira-mcp-community@0.9.1").urn();
        byte[] broken = "[{\"name\": \"io.github.x/y\", \"packages\": [{\"registryType\": \"npm\"".getBytes();
        Files.write(allowlist(), broken);

        assertThatThrownBy(() -> tightrope.shadow().approve(jira, "Ravi Kapoor", "0.9.1"))
                .isInstanceOf(ShadowService.CannotApprove.class)
                .hasMessageContaining(allowlist().toString()).hasMessageContaining("is not valid").hasMessageContaining("left as it is");
        assertThat(Files.readAllBytes(allowlist())).isEqualTo(broken);
        assertThat(tightrope.audit().entries(new AuditQuery(null, ShadowService.APPROVE_ACTION, null, null, null, 0, 10))).isEmpty();
        try (Stream<Path> files = Files.list(allowlist().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp"));
        }
    }

    @Test
    void anApprovalNeedsAVersionAndAnApproverAndIsRefusedForAnApprovedLaunch() {
        Urn excel = server("pypi:excel-mcp-server").urn();
        assertThatThrownBy(() -> tightrope.shadow().approve(excel, "Ravi Kapoor", " ")).hasMessageContaining("which version");
        assertThatThrownBy(() -> tightrope.shadow().approve(excel, "", "0.3.0")).hasMessageContaining("who approves");
        Urn fs = server("npm:@modelcontextprotocol/server-filesystem@2025.8.21").urn();
        assertThatThrownBy(() -> tightrope.shadow().approve(fs, "Ravi Kapoor", "2025.8.21")).hasMessageContaining("approved already");
    }

    @Test
    void anAllowlistOnARegistryIsNotWrittenTo() {
        Map<String, String> settings = new HashMap<>(tightrope.sources().find(SOURCE).orElseThrow().settings());
        settings.put("allowlist", "https://registry.kestrel.example");
        tightrope.sources().update(new SourceConfig(SOURCE, "local-discovery", settings));
        Urn excel = server("pypi:excel-mcp-server").urn();
        assertThat(tightrope.shadow().detail(excel).orElseThrow().cannotApprove()).contains("registry https://registry.kestrel.example");
        assertThatThrownBy(() -> tightrope.shadow().approve(excel, "Ravi Kapoor", "0.3.0")).hasMessageContaining("approve the server in that registry");
    }

    /** A config may name a server anything: a name with the separator of the entries lines and a line break keeps its own place. */
    @Test
    void aServerNamedWithSeparatorsAndALineBreakKeepsItsPlace() throws Exception {
        Path cursor = laptops.resolve("priya-linux/.cursor/mcp.json");
        java.nio.file.Files.writeString(cursor, """
                {"mcpServers": {
                  "a · b\\nc": {"command": "npx", "args": ["-y", "mcp-odd-name@1.0.0"], "env": {"ODD_TOKEN": "${ODD_TOKEN}"}},
                  "plain": {"command": "npx", "args": ["-y", "mcp-odd-name@1.0.0"]}
                }}
                """);
        sync();
        ShadowService.Detail odd = tightrope.shadow().detail(server("npm:mcp-odd-name@1.0.0").urn()).orElseThrow();
        assertThat(odd.places()).extracting(ShadowService.Place::name).containsExactly("a · b\nc", "plain");
        assertThat(odd.places()).extracting(ShadowService.Place::line).containsExactly(2, 3);
        assertThat(odd.places().get(0).envKeys()).containsExactly("ODD_TOKEN");
        assertThat(odd.places()).allSatisfy(p -> assertThat(p.file()).isEqualTo(cursor.toAbsolutePath().normalize()));
    }

    private ShadowService.Server server(String launch) {
        return tightrope.shadow().servers().stream().filter(s -> s.urn().nativeId().equals(launch)).findFirst()
                .orElseThrow(() -> new AssertionError("no server " + launch + " in " + tightrope.shadow().servers()));
    }

    private Path allowlist() {
        return DemoLaptop.allowlist(laptops);
    }

    private void sync() {
        assertThat(tightrope.sources().sync(SOURCE, true, SyncListener.NONE, new Cancellation()))
                .allSatisfy(r -> assertThat(r.status().name()).startsWith("SUCCEEDED"));
    }
}
