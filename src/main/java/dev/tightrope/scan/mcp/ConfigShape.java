package dev.tightrope.scan.mcp;

/** How one kind of config file lays out its servers, and the syntax it is written in. */
public enum ConfigShape {
    /** {@code {"mcpServers":{name:{…}}}}: Claude Desktop, .mcp.json, Cursor, Windsurf, Cline, Roo, Junie, Kiro, Amazon Q, Antigravity, Copilot CLI, Gemini extensions. */
    MCP_SERVERS(Syntax.JSON),
    /** A plugin's .mcp.json: {@code mcpServers} or the flat map of servers itself. */
    PLUGIN_MCP(Syntax.JSON),
    /** {@code ~/.claude.json}: top-level {@code mcpServers} and {@code projects["/abs/path"].mcpServers}. */
    CLAUDE_USER(Syntax.JSON),
    /** Claude Code's managed-settings.json: allow and deny lists only, no servers. */
    CLAUDE_MANAGED_SETTINGS(Syntax.JSON),
    /** VS Code's mcp.json: {@code servers} and {@code inputs}, JSONC. */
    VS_CODE_MCP(Syntax.JSONC),
    /** VS Code's settings.json: {@code "mcp":{"servers":{}}} (legacy) and the {@code chat.mcp.access} policy, JSONC. */
    VS_CODE_SETTINGS(Syntax.JSONC),
    /** Zed's settings.json: {@code context_servers}, JSONC. */
    ZED(Syntax.JSONC),
    /** Gemini CLI's settings.json: {@code mcpServers} and the {@code mcp.allowed}/{@code mcp.excluded} policy. */
    GEMINI_SETTINGS(Syntax.JSONC),
    /** Continue: a YAML (or JSON) {@code mcpServers} list of {@code {name,…}}. */
    CONTINUE_YAML(Syntax.YAML),
    CONTINUE_JSON(Syntax.JSON),
    /** Codex CLI's config.toml: {@code [mcp_servers.<name>]}. */
    CODEX_TOML(Syntax.TOML),
    /** Goose's config.yaml: {@code extensions:{key:{cmd,args,envs,uri,…}}}. */
    GOOSE_YAML(Syntax.YAML);

    /** The syntax a shape is written in. */
    public enum Syntax { JSON, JSONC, YAML, TOML }

    private final Syntax syntax;

    ConfigShape(Syntax syntax) {
        this.syntax = syntax;
    }

    public Syntax syntax() {
        return syntax;
    }
}
