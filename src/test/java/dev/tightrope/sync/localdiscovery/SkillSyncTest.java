package dev.tightrope.sync.localdiscovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.Neighbour;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.Severity;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.scan.skills.SkillFixtures;
import dev.tightrope.service.Tightrope;
import dev.tightrope.sync.ConnectorRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A machine's skills and plugins through the local-discovery source into a real cache: assets, edges, findings, owners. */
class SkillSyncTest {

    @TempDir
    Path dir;

    Path home;
    Path repo;
    Tightrope tightrope;

    @BeforeEach
    void open() throws IOException {
        home = Files.createDirectories(dir.resolve("home/priya"));
        repo = Files.createDirectories(dir.resolve("code/loan-assistant"));
        SkillFixtures.home(home);
        SkillFixtures.repository(repo);
        tightrope = Tightrope.open(dir.resolve("ws"), ConnectorRegistry.defaults());
        tightrope.sources().add(new SourceConfig("priya-laptop", LocalDiscoveryConnector.TYPE, Map.of(
                "home", home.toString(), "roots", repo.toString(), "os", "macos")));
    }

    @AfterEach
    void close() {
        tightrope.close();
    }

    private SyncRun sync() {
        return tightrope.sources().sync("priya-laptop", true, SyncListener.NONE, new Cancellation()).get(0);
    }

    private AssetDetail detail(Path path) {
        Urn urn = Urn.of(AssetKind.AGENT_SKILL, LocalDiscoveryConnector.TYPE, path.toString());
        return tightrope.inventory().detail(urn).orElseThrow(() -> new AssertionError("not in the cache: " + urn));
    }

    private static String parent(AssetDetail d) {
        return d.upstream().stream().filter(n -> n.type() == EdgeType.PART_OF).map(Neighbour::urn).findFirst().orElse(null);
    }

    @Test
    void eachSkillIsAnAssetPartOfTheMachineTheRepositoryOrItsPluginOwnedByTheHomesUser() {
        SyncRun run = sync();
        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        AssetDetail pdf = detail(home.resolve(".claude/skills/pdf"));
        assertThat(pdf.record().asset().kind()).isEqualTo(AssetKind.AGENT_SKILL);
        assertThat(pdf.record().asset().properties()).containsEntry("kind", "skill").containsEntry("client", "claude_code")
                .containsEntry("scope", "user").containsEntry("allowed_tools", "Read, Grep").containsEntry("scripts", "1");
        assertThat(pdf.record().asset().properties().get("bundled.files")).startsWith("scripts/extract.py (").contains("sha256 ", "executable");
        assertThat(pdf.record().owners()).extracting(o -> o.owner()).containsExactly("priya");
        assertThat(parent(pdf)).isEqualTo(Urn.of(AssetKind.MACHINE, LocalDiscoveryConnector.TYPE, home.toString()).toString());

        assertThat(parent(detail(repo.resolve(".claude/skills/lint"))))
                .isEqualTo(Urn.of(AssetKind.AGENT, LocalDiscoveryConnector.TYPE, repo.toString()).toString());
        Path plugin = home.resolve(".claude/plugins/cache/acme-tools/deploy-kit/1.2.0");
        assertThat(parent(detail(plugin.resolve("skills/release")))).isEqualTo(detail(plugin).record().asset().urn().toString());
        assertThat(detail(plugin).record().asset().properties()).containsEntry("kind", "plugin").containsEntry("version", "1.2.0")
                .containsEntry("hooks", "PreToolUse [Bash]: ${CLAUDE_PLUGIN_ROOT}/scripts/check.sh (" + plugin.resolve("hooks/hooks.json") + ":3)");
        assertThat(detail(repo.resolve(".cursor/rules/style.mdc")).record().asset().properties()).containsEntry("kind", "rule");
    }

    /** The MCP servers a plugin brings, in its .mcp.json, are a config that is part of the plugin. */
    @Test
    void aPluginsMcpConfigIsPartOfThePlugin() throws IOException {
        Path plugin = home.resolve(".claude/plugins/cache/acme-tools/deploy-kit/1.2.0");
        Files.writeString(plugin.resolve(".mcp.json"), "{\"deploy\": {\"command\": \"npx\", \"args\": [\"-y\", \"acme-deploy-mcp@1.2.0\"]}}");
        sync();
        Urn config = Urn.of(AssetKind.AGENT, LocalDiscoveryConnector.TYPE, plugin.resolve(".mcp.json").toAbsolutePath().normalize().toString());
        assertThat(detail(plugin).downstream()).anySatisfy(n -> {
            assertThat(n.urn()).isEqualTo(config.toString());
            assertThat(n.type()).isEqualTo(EdgeType.PART_OF);
        });
        assertThat(tightrope.inventory().detail(config).orElseThrow().downstream())
                .anySatisfy(n -> assertThat(n.urn()).isEqualTo(Urn.of(AssetKind.MCP_SERVER, LocalDiscoveryConnector.TYPE, "npm:acme-deploy-mcp@1.2.0").toString()));
    }

    @Test
    void thePoisonedSkillsRisksAreOpenFindingsAtFileAndLine() {
        sync();
        Path skill = home.resolve(".claude/skills/report-helper");
        assertThat(detail(skill).findings()).extracting(f -> f.finding().ruleId(), f -> f.finding().severity(), f -> f.finding().location())
                .containsExactlyInAnyOrder(
                        tuple("mcp.desc.hidden-unicode", Severity.CRITICAL, skill.resolve("SKILL.md") + ":3"),
                        tuple("mcp.desc.pseudo-tag", Severity.HIGH, skill.resolve("SKILL.md") + ":6"),
                        tuple("mcp.desc.coercion", Severity.HIGH, skill.resolve("SKILL.md") + ":6"),
                        tuple("skill.unrestricted-shell", Severity.HIGH, skill.resolve("SKILL.md") + ":4"),
                        tuple("skill.script-exfiltration", Severity.CRITICAL, skill.resolve("scripts/sync.sh") + ":3"),
                        tuple("skill.bundled-scripts", Severity.MEDIUM, skill.toString()));
    }

    @Test
    void aSkillRemovedFromTheHomeIsGoneAtTheNextSyncAndBadYamlIsAProblem() throws IOException {
        sync();
        SkillFixtures.write(home.resolve(".claude/skills/pdf/SKILL.md"), "---\nname: [pdf\n---\n");
        try (var files = Files.walk(home.resolve(".codex/skills/changelog"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        SyncRun second = sync();
        assertThat(second.status()).isEqualTo(SyncStatus.SUCCEEDED_WITH_PROBLEMS);
        assertThat(tightrope.sources().problems(second.id(), 100)).extracting(Problem::location)
                .containsExactly(home.resolve(".claude/skills/pdf/SKILL.md").toString());
        assertThat(tightrope.inventory().find(Urn.of(AssetKind.AGENT_SKILL, LocalDiscoveryConnector.TYPE,
                home.resolve(".codex/skills/changelog").toString())).orElseThrow().gone()).isTrue();
        assertThat(detail(home.resolve(".claude/skills/pdf")).record().asset().properties()).containsKey("frontmatter.problem");
    }
}
