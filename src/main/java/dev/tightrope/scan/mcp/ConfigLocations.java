package dev.tightrope.scan.mcp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every place the clients of {@code reference/mcp.md} §1 keep MCP config, for one home, its
 * repository roots and (for managed files) a system root, on one {@link OsLayout}. Folders with
 * one entry per profile, extension or plugin are listed through {@link Folders}, so the caller
 * decides how a directory is read (without following links, within bounds).
 */
public final class ConfigLocations {

    /** How the locations look into folders whose entries vary. */
    public interface Folders {
        /** The directories directly inside {@code dir} (none when it is missing or unreadable). */
        List<Path> subdirectories(Path dir);

        /** The regular files directly inside {@code dir} whose names end with {@code suffix}. */
        List<Path> files(Path dir, String suffix);

        /** Files named {@code name} anywhere below {@code dir}, at most {@code maxDepth} levels down. */
        List<Path> filesNamed(Path dir, String name, int maxDepth);
    }

    private static final int PLUGIN_DEPTH = 6;

    private ConfigLocations() {
    }

    /** The user-scope and plugin-scope files under {@code home}. */
    public static List<ConfigLocation> user(Path home, OsLayout os, Folders folders) {
        List<ConfigLocation> out = new ArrayList<>();
        Path appData = os.appData(home);
        add(out, McpClient.CLAUDE_DESKTOP, ConfigScope.USER, appData.resolve("Claude/claude_desktop_config.json"), ConfigShape.MCP_SERVERS);
        add(out, McpClient.CLAUDE_CODE, ConfigScope.USER, home.resolve(".claude.json"), ConfigShape.CLAUDE_USER);
        add(out, McpClient.CLAUDE_CODE, ConfigScope.USER, home.resolve(".claude/.claude.json"), ConfigShape.CLAUDE_USER);
        for (Path plugin : folders.filesNamed(home.resolve(".claude/plugins/cache"), ".mcp.json", PLUGIN_DEPTH)) {
            add(out, McpClient.CLAUDE_CODE, ConfigScope.PLUGIN, plugin, ConfigShape.PLUGIN_MCP);
        }
        add(out, McpClient.CURSOR, ConfigScope.USER, home.resolve(".cursor/mcp.json"), ConfigShape.MCP_SERVERS);
        for (String kind : List.of("cache", "local")) {
            for (Path plugin : folders.filesNamed(home.resolve(".cursor/plugins").resolve(kind), "mcp.json", PLUGIN_DEPTH)) {
                add(out, McpClient.CURSOR, ConfigScope.PLUGIN, plugin, ConfigShape.PLUGIN_MCP);
            }
        }
        List<Path> codeDirs = os.vsCodeUserData(home);
        for (int i = 0; i < codeDirs.size(); i++) {
            McpClient client = i == 0 ? McpClient.VS_CODE : McpClient.VS_CODE_INSIDERS;
            Path user = codeDirs.get(i).resolve("User");
            add(out, client, ConfigScope.USER, user.resolve("mcp.json"), ConfigShape.VS_CODE_MCP);
            add(out, client, ConfigScope.USER, user.resolve("settings.json"), ConfigShape.VS_CODE_SETTINGS);
            for (Path profile : folders.subdirectories(user.resolve("profiles"))) {
                add(out, client, ConfigScope.USER, profile.resolve("mcp.json"), ConfigShape.VS_CODE_MCP);
                add(out, client, ConfigScope.USER, profile.resolve("settings.json"), ConfigShape.VS_CODE_SETTINGS);
            }
            Path storage = user.resolve("globalStorage");
            add(out, McpClient.CLINE, ConfigScope.USER, storage.resolve("saoudrizwan.claude-dev/settings/cline_mcp_settings.json"), ConfigShape.MCP_SERVERS);
            add(out, McpClient.ROO, ConfigScope.USER, storage.resolve("rooveterinaryinc.roo-cline/settings/mcp_settings.json"), ConfigShape.MCP_SERVERS);
        }
        Path cursorStorage = appData.resolve("Cursor/User/globalStorage");
        add(out, McpClient.CLINE, ConfigScope.USER, cursorStorage.resolve("saoudrizwan.claude-dev/settings/cline_mcp_settings.json"), ConfigShape.MCP_SERVERS);
        add(out, McpClient.ROO, ConfigScope.USER, cursorStorage.resolve("rooveterinaryinc.roo-cline/settings/mcp_settings.json"), ConfigShape.MCP_SERVERS);
        add(out, McpClient.CLINE, ConfigScope.USER, home.resolve(".cline/data/settings/cline_mcp_settings.json"), ConfigShape.MCP_SERVERS);
        add(out, McpClient.COPILOT_CLI, ConfigScope.USER, home.resolve(".copilot/mcp-config.json"), ConfigShape.MCP_SERVERS);
        add(out, McpClient.WINDSURF, ConfigScope.USER, home.resolve(".codeium/windsurf/mcp_config.json"), ConfigShape.MCP_SERVERS);
        add(out, McpClient.CONTINUE, ConfigScope.USER, home.resolve(".continue/config.yaml"), ConfigShape.CONTINUE_YAML);
        add(out, McpClient.CONTINUE, ConfigScope.USER, home.resolve(".continue/config.json"), ConfigShape.CONTINUE_JSON);
        for (Path zed : os.zedSettings(home)) {
            add(out, McpClient.ZED, ConfigScope.USER, zed, ConfigShape.ZED);
        }
        add(out, McpClient.GEMINI_CLI, ConfigScope.USER, home.resolve(".gemini/settings.json"), ConfigShape.GEMINI_SETTINGS);
        for (Path extension : folders.subdirectories(home.resolve(".gemini/extensions"))) {
            add(out, McpClient.GEMINI_CLI, ConfigScope.PLUGIN, extension.resolve("gemini-extension.json"), ConfigShape.MCP_SERVERS);
        }
        add(out, McpClient.CODEX_CLI, ConfigScope.USER, home.resolve(".codex/config.toml"), ConfigShape.CODEX_TOML);
        for (Path profile : folders.files(home.resolve(".codex"), ".config.toml")) {
            add(out, McpClient.CODEX_CLI, ConfigScope.USER, profile, ConfigShape.CODEX_TOML);
        }
        add(out, McpClient.JUNIE, ConfigScope.USER, home.resolve(".junie/mcp/mcp.json"), ConfigShape.MCP_SERVERS);
        add(out, McpClient.JETBRAINS_AI, ConfigScope.USER, home.resolve(".ai/mcp/mcp.json"), ConfigShape.MCP_SERVERS);
        add(out, McpClient.GOOSE, ConfigScope.USER, os.gooseConfig(home), ConfigShape.GOOSE_YAML);
        add(out, McpClient.KIRO, ConfigScope.USER, home.resolve(".kiro/settings/mcp.json"), ConfigShape.MCP_SERVERS);
        add(out, McpClient.AMAZON_Q, ConfigScope.USER, home.resolve(".aws/amazonq/mcp.json"), ConfigShape.MCP_SERVERS);
        add(out, McpClient.ANTIGRAVITY, ConfigScope.USER, home.resolve(".gemini/antigravity/mcp_config.json"), ConfigShape.MCP_SERVERS);
        return out;
    }

    /** The project-scope files of one repository root. */
    public static List<ConfigLocation> project(Path root, Folders folders) {
        List<ConfigLocation> out = new ArrayList<>();
        // one .mcp.json at the root is read by Claude Code and by VS Code alike: one file, one entry per server
        addProject(out, McpClient.CLAUDE_CODE, root.resolve(".mcp.json"), ConfigShape.MCP_SERVERS, root);
        addProject(out, McpClient.CURSOR, root.resolve(".cursor/mcp.json"), ConfigShape.MCP_SERVERS, root);
        addProject(out, McpClient.VS_CODE, root.resolve(".vscode/mcp.json"), ConfigShape.VS_CODE_MCP, root);
        addProject(out, McpClient.VS_CODE, root.resolve(".vscode/settings.json"), ConfigShape.VS_CODE_SETTINGS, root);
        addProject(out, McpClient.WINDSURF, root.resolve(".windsurf/mcp.json"), ConfigShape.MCP_SERVERS, root);
        for (Path yaml : folders.files(root.resolve(".continue/mcpServers"), ".yaml")) {
            addProject(out, McpClient.CONTINUE, yaml, ConfigShape.CONTINUE_YAML, root);
        }
        for (Path json : folders.files(root.resolve(".continue/mcpServers"), ".json")) {
            addProject(out, McpClient.CONTINUE, json, ConfigShape.CONTINUE_JSON, root);
        }
        addProject(out, McpClient.ROO, root.resolve(".roo/mcp.json"), ConfigShape.MCP_SERVERS, root);
        addProject(out, McpClient.ZED, root.resolve(".zed/settings.json"), ConfigShape.ZED, root);
        addProject(out, McpClient.GEMINI_CLI, root.resolve(".gemini/settings.json"), ConfigShape.GEMINI_SETTINGS, root);
        addProject(out, McpClient.CODEX_CLI, root.resolve(".codex/config.toml"), ConfigShape.CODEX_TOML, root);
        addProject(out, McpClient.JUNIE, root.resolve(".junie/mcp/mcp.json"), ConfigShape.MCP_SERVERS, root);
        addProject(out, McpClient.JETBRAINS_AI, root.resolve(".ai/mcp/mcp.json"), ConfigShape.MCP_SERVERS, root);
        addProject(out, McpClient.KIRO, root.resolve(".kiro/settings/mcp.json"), ConfigShape.MCP_SERVERS, root);
        addProject(out, McpClient.AMAZON_Q, root.resolve(".amazonq/mcp.json"), ConfigShape.MCP_SERVERS, root);
        return out;
    }

    /** The machine-wide (managed) files under {@code systemRoot}. */
    public static List<ConfigLocation> system(Path systemRoot, OsLayout os) {
        List<ConfigLocation> out = new ArrayList<>();
        Path claude = os.claudeCodeManaged(systemRoot);
        add(out, McpClient.CLAUDE_CODE, ConfigScope.SYSTEM, claude.resolve("managed-mcp.json"), ConfigShape.MCP_SERVERS);
        add(out, McpClient.CLAUDE_CODE, ConfigScope.SYSTEM, claude.resolve("managed-settings.json"), ConfigShape.CLAUDE_MANAGED_SETTINGS);
        add(out, McpClient.GEMINI_CLI, ConfigScope.SYSTEM, os.geminiSystemSettings(systemRoot), ConfigShape.GEMINI_SETTINGS);
        add(out, McpClient.CODEX_CLI, ConfigScope.SYSTEM, os.codexSystemConfig(systemRoot), ConfigShape.CODEX_TOML);
        return out;
    }

    private static void add(List<ConfigLocation> out, McpClient client, ConfigScope scope, Path file, ConfigShape shape) {
        out.add(new ConfigLocation(client, scope, file, shape, null));
    }

    private static void addProject(List<ConfigLocation> out, McpClient client, Path file, ConfigShape shape, Path root) {
        out.add(new ConfigLocation(client, ConfigScope.PROJECT, file, shape, root));
    }
}
