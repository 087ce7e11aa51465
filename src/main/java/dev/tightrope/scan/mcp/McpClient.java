package dev.tightrope.scan.mcp;

import dev.tightrope.domain.Labels;

/** An assistant or IDE that launches MCP servers from a config file. */
public enum McpClient {
    CLAUDE_DESKTOP("Claude Desktop"),
    CLAUDE_CODE("Claude Code"),
    CURSOR("Cursor"),
    VS_CODE("VS Code"),
    VS_CODE_INSIDERS("VS Code Insiders"),
    COPILOT_CLI("Copilot CLI"),
    WINDSURF("Windsurf"),
    CONTINUE("Continue"),
    CLINE("Cline"),
    ROO("Roo Code"),
    ZED("Zed"),
    GEMINI_CLI("Gemini CLI"),
    CODEX_CLI("Codex CLI"),
    JUNIE("JetBrains Junie"),
    JETBRAINS_AI("JetBrains AI Assistant"),
    GOOSE("Goose"),
    KIRO("Kiro"),
    AMAZON_Q("Amazon Q"),
    ANTIGRAVITY("Antigravity");

    private final String label;

    McpClient(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Lower-case token, e.g. {@code claude_code}. */
    public String token() {
        return Labels.token(this);
    }
}
