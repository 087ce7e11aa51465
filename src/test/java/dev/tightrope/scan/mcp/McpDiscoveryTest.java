package dev.tightrope.scan.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.base.JsonLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Fixture homes for every client on every OS layout, and hostile ones. */
class McpDiscoveryTest {

    @TempDir
    Path dir;

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static String servers(String key, String name) {
        return "{\"" + key + "\":{\"" + name + "\":{\"command\":\"npx\",\"args\":[\"-y\",\"" + name + "-pkg@1.0.0\"]}}}";
    }

    /** One server per client at the place that client's docs give, in that client's shape; name = client token. */
    static void everyClient(Path home, OsLayout os, Path system) throws IOException {
        Path app = os.appData(home);
        write(app.resolve("Claude/claude_desktop_config.json"), servers("mcpServers", "claude_desktop"));
        write(home.resolve(".claude.json"), """
                {"mcpServers":{"claude_code":{"command":"npx","args":["claude_code-pkg@1.0.0"]}},
                 "projects":{"/work/repo":{"mcpServers":{"claude_code_project":{"type":"http","url":"https://mcp.example.com/mcp"}}}}}
                """);
        write(home.resolve(".claude/plugins/cache/market/tool/1.0/.mcp.json"), "{\"claude_plugin\":{\"command\":\"uvx\",\"args\":[\"plugin-pkg==1.0\"]}}");
        write(home.resolve(".cursor/mcp.json"), servers("mcpServers", "cursor"));
        write(app.resolve("Code/User/mcp.json"), """
                {
                  // JSONC: comments and trailing commas
                  "servers": {"vs_code": {"type": "stdio", "command": "npx", "args": ["vs_code-pkg@1.0.0",],},},
                  "inputs": [],
                }
                """);
        write(app.resolve("Code/User/profiles/-1a2b/mcp.json"), servers("servers", "vs_code_profile"));
        write(app.resolve("Code - Insiders/User/settings.json"), "{\"mcp\":" + servers("servers", "vs_code_insiders") + "}");
        write(app.resolve("Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json"),
                "{\"mcpServers\":{\"cline\":{\"command\":\"npx\",\"args\":[\"cline-pkg@1.0.0\"],\"disabled\":true,\"autoApprove\":[\"read\"]}}}");
        write(app.resolve("Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json"), servers("mcpServers", "roo"));
        write(home.resolve(".copilot/mcp-config.json"), servers("mcpServers", "copilot_cli"));
        write(home.resolve(".codeium/windsurf/mcp_config.json"), "{\"mcpServers\":{\"windsurf\":{\"serverUrl\":\"https://w.example.com/mcp\"}}}");
        write(home.resolve(".continue/config.yaml"), """
                name: assistant
                mcpServers:
                  - name: continue
                    command: npx
                    args: ["continue-pkg@1.0.0"]
                    env:
                      LOG_LEVEL: debug
                """);
        write(os.zedSettings(home).get(0), """
                // Zed's settings are JSONC
                {"context_servers": {"zed": {"command": {"path": "npx", "args": ["zed-pkg@1.0.0"], "env": {}}}}}
                """);
        write(home.resolve(".gemini/settings.json"), "{\"mcpServers\":{\"gemini_cli\":{\"httpUrl\":\"https://g.example.com/mcp\",\"trust\":true}}}");
        write(home.resolve(".gemini/extensions/ext1/gemini-extension.json"), servers("mcpServers", "gemini_extension"));
        write(home.resolve(".codex/config.toml"), """
                model = "o4"

                [mcp_servers.codex_cli]
                command = "npx"
                args = ["codex_cli-pkg@1.0.0"]
                env_vars = ["SOME_TOKEN"]
                enabled = false
                """);
        write(home.resolve(".junie/mcp/mcp.json"), servers("mcpServers", "junie"));
        write(os.gooseConfig(home), """
                extensions:
                  developer:
                    type: builtin
                    enabled: true
                  goose:
                    type: stdio
                    cmd: uvx
                    args: [goose-pkg==1.0]
                    envs: {REGION: eu}
                    enabled: true
                """);
        write(home.resolve(".kiro/settings/mcp.json"), servers("mcpServers", "kiro"));
        write(home.resolve(".aws/amazonq/mcp.json"), servers("mcpServers", "amazon_q"));
        write(home.resolve(".gemini/antigravity/mcp_config.json"), servers("mcpServers", "antigravity"));
        write(os.claudeCodeManaged(system).resolve("managed-mcp.json"), servers("mcpServers", "claude_managed"));
        write(os.claudeCodeManaged(system).resolve("managed-settings.json"), "{\"deniedMcpServers\":[{\"serverName\":\"claude_code\"}]}");
    }

    private DiscoveryReport discover(Path home, List<Path> roots, OsLayout os, Path system) {
        return new McpDiscovery(DiscoveryLimits.STANDARD).discover(new McpDiscovery.Request(home, roots, os, system), () -> false);
    }

    @ParameterizedTest
    @EnumSource(OsLayout.class)
    void everyClientsConfigIsFoundInItsPlaceOnEveryLayout(OsLayout os) throws IOException {
        Path home = dir.resolve("home");
        Path system = dir.resolve("system");
        everyClient(home, os, system);
        DiscoveryReport report = discover(home, List.of(), os, system);

        assertThat(report.skipped()).isEmpty();
        Map<String, McpServerEntry> byName = report.entries().stream().collect(Collectors.toMap(McpServerEntry::name, e -> e));
        assertThat(byName.keySet()).containsExactlyInAnyOrder("claude_desktop", "claude_code", "claude_code_project", "claude_plugin", "cursor",
                "vs_code", "vs_code_profile", "vs_code_insiders", "cline", "roo", "copilot_cli", "windsurf", "continue", "zed", "gemini_cli",
                "gemini_extension", "codex_cli", "junie", "goose", "kiro", "amazon_q", "antigravity", "claude_managed");
        assertThat(byName.get("claude_desktop").client()).isEqualTo(McpClient.CLAUDE_DESKTOP);
        assertThat(byName.get("vs_code_insiders").client()).isEqualTo(McpClient.VS_CODE_INSIDERS);
        assertThat(byName.get("claude_code_project").scope()).isEqualTo(ConfigScope.PROJECT);
        assertThat(byName.get("claude_code_project").project()).isEqualTo("/work/repo");
        assertThat(byName.get("claude_code_project").transport()).isEqualTo("http");
        assertThat(byName.get("claude_plugin").scope()).isEqualTo(ConfigScope.PLUGIN);
        assertThat(byName.get("claude_managed").scope()).isEqualTo(ConfigScope.SYSTEM);
        assertThat(byName.get("cline").enabled()).isFalse();
        assertThat(byName.get("codex_cli").enabled()).isFalse();
        assertThat(byName.get("codex_cli").envKeys()).containsExactly("SOME_TOKEN");
        assertThat(byName.get("codex_cli").line()).isEqualTo(3);
        assertThat(byName.get("continue").line()).isEqualTo(3);
        assertThat(byName.get("continue").envKeys()).containsExactly("LOG_LEVEL");
        assertThat(byName.get("vs_code").line()).isEqualTo(3);
        assertThat(byName.get("goose").identity().key()).isEqualTo("pypi:goose-pkg==1.0");
        assertThat(byName.get("zed").identity().key()).isEqualTo("npm:zed-pkg@1.0.0");
        assertThat(byName.get("windsurf").identity().key()).isEqualTo("remote:https://w.example.com/mcp");
        assertThat(byName.get("gemini_cli").risks()).extracting(ConfigRisk::ruleId).contains("mcp.trust-all");
        assertThat(byName.get("cline").risks()).extracting(ConfigRisk::ruleId).contains("mcp.auto-approve");
        assertThat(report.policies()).singleElement().satisfies(p -> assertThat(p.summary()).contains("1 denied"));
        assertThat(McpPolicy.blockedBy(byName.get("claude_code"), false, report.policies())).hasValueSatisfying(r -> assertThat(r).contains("serverName claude_code"));
        assertThat(McpPolicy.blockedBy(byName.get("cursor"), false, report.policies())).isEmpty();
    }

    @Test
    void projectConfigsOfEachRepositoryRootAreProjectScope() throws IOException {
        Path repo = dir.resolve("repo");
        write(repo.resolve(".mcp.json"), servers("mcpServers", "root_mcp"));
        write(repo.resolve(".vscode/mcp.json"), servers("servers", "vscode_project"));
        write(repo.resolve(".cursor/mcp.json"), servers("mcpServers", "cursor_project"));
        write(repo.resolve(".continue/mcpServers/db.yaml"), "mcpServers:\n  - name: continue_project\n    command: uvx\n    args: [db-mcp]\n");
        write(repo.resolve(".codex/config.toml"), "[mcp_servers.codex_project]\ncommand = \"npx\"\nargs = [\"c@1\"]\n");
        write(repo.resolve(".gemini/settings.json"), servers("mcpServers", "gemini_project").replace("}}}", "}},\"mcp\":{\"allowed\":[\"other\"]}}"));
        write(repo.resolve(".vscode/settings.json"), "{\"chat.mcp.access\": \"none\"}");
        DiscoveryReport report = discover(dir.resolve("empty-home"), List.of(repo), OsLayout.LINUX, null);
        assertThat(report.entries()).extracting(McpServerEntry::name)
                .containsExactlyInAnyOrder("root_mcp", "vscode_project", "cursor_project", "continue_project", "codex_project", "gemini_project");
        assertThat(report.entries()).allSatisfy(e -> {
            assertThat(e.scope()).isEqualTo(ConfigScope.PROJECT);
            assertThat(e.project()).isEqualTo(repo.toString());
        });
        McpServerEntry gemini = report.entries().stream().filter(e -> e.name().equals("gemini_project")).findFirst().orElseThrow();
        McpServerEntry vscode = report.entries().stream().filter(e -> e.name().equals("vscode_project")).findFirst().orElseThrow();
        assertThat(McpPolicy.blockedBy(gemini, true, report.policies())).hasValueSatisfying(r -> assertThat(r).contains("not in mcp.allowed"));
        assertThat(McpPolicy.blockedBy(vscode, true, report.policies())).hasValueSatisfying(r -> assertThat(r).contains("chat.mcp.access is none"));
    }

    @Test
    void hostileConfigsAreReportedWithFileAndReasonAndTheScanGoesOn() throws IOException {
        Path home = dir.resolve("home");
        write(home.resolve(".cursor/mcp.json"), "{\"mcpServers\": {\"a\": ");
        write(home.resolve(".codex/config.toml"), "[mcp_servers.x\ncommand = ");
        write(home.resolve(".continue/config.yaml"), "mcpServers: [unclosed\n  - : :");
        write(home.resolve(".kiro/settings/mcp.json"), "[".repeat(10_000) + "]".repeat(10_000));
        write(home.resolve(".junie/mcp/mcp.json"), "{\"mcpServers\":{\"dup\":{},\"dup\":{}}}");
        write(home.resolve(".copilot/mcp-config.json"), "{\"mcpServers\":{\"big\":{\"command\":\"" + "x".repeat(300_000) + "\"}}}");
        write(home.resolve(".codeium/windsurf/mcp_config.json"), "{\"mcpServers\":{\"notAnObject\":42,\"fine\":{\"command\":\"uvx\",\"args\":[\"ok-mcp\"]}}}");
        Files.createDirectories(home.resolve(".gemini"));
        Files.createSymbolicLink(home.resolve(".gemini/settings.json"), home.resolve(".gemini/loop.json"));
        Files.createSymbolicLink(home.resolve(".gemini/loop.json"), home.resolve(".gemini/settings.json"));
        Path outside = dir.resolve("outside/secret.json");
        write(outside, servers("mcpServers", "escaped"));
        Files.createDirectories(home.resolve(".aws/amazonq"));
        Files.createSymbolicLink(home.resolve(".aws/amazonq/mcp.json"), outside);
        write(home.resolve(".claude.json"), servers("mcpServers", "survivor"));

        DiscoveryReport report = new McpDiscovery(new DiscoveryLimits(100_000, new JsonLimits(64, 256 * 1024, 100, 4_000_000), 1_000_000, 100))
                .discover(new McpDiscovery.Request(home, List.of(), OsLayout.LINUX, null), () -> false);

        Map<String, String> reasons = report.skipped().stream()
                .collect(Collectors.toMap(s -> home.relativize(Path.of(s.location())).toString(), DiscoveryReport.Skipped::reason, (a, b) -> a + "; " + b));
        assertThat(reasons.get(".cursor/mcp.json")).startsWith("invalid JSON");
        assertThat(reasons.get(".codex/config.toml")).contains("TOML");
        assertThat(reasons.get(".continue/config.yaml")).contains("YAML");
        assertThat(reasons.get(".kiro/settings/mcp.json")).contains("nested deeper than 64");
        assertThat(reasons.get(".junie/mcp/mcp.json")).contains("duplicate key");
        assertThat(reasons.get(".copilot/mcp-config.json")).contains("larger than the 100000 bytes");
        assertThat(reasons.get(".codeium/windsurf/mcp_config.json")).contains("'notAnObject'").contains("not an object");
        assertThat(reasons.get(".gemini/settings.json")).isEqualTo("a symbolic link loop");
        assertThat(reasons.get(".aws/amazonq/mcp.json")).contains("outside the home");
        assertThat(report.entries()).extracting(McpServerEntry::name).containsExactlyInAnyOrder("survivor", "fine");
    }

    @Test
    void aLocalScriptIsIdentifiedByItsContentNotItsPath() throws IOException {
        Path home = dir.resolve("home");
        write(home.resolve("tools/server.py"), "print('hello')\n");
        write(home.resolve(".cursor/mcp.json"), "{\"mcpServers\":{\"mine\":{\"command\":\"python3\",\"args\":[\"~/tools/server.py\"]}}}");
        write(home.resolve(".cursor/server.js"), "console.log(1)\n");
        write(home.resolve(".kiro/settings/mcp.json"), "{\"mcpServers\":{\"rel\":{\"command\":\"node\",\"args\":[\"../../.cursor/server.js\"]}}}");
        DiscoveryReport report = discover(home, List.of(), OsLayout.LINUX, null);
        assertThat(report.entries()).extracting(e -> e.identity().key()).containsExactlyInAnyOrder(
                "local:sha256:" + sha256("print('hello')\n"), "local:sha256:" + sha256("console.log(1)\n"));
    }

    static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
