package dev.tightrope.scan.skills;

import dev.tightrope.domain.Labels;

/** What an assistant extension is: how the assistant loads it decides what it can do. */
public enum ExtensionKind {
    /** A folder with a {@code SKILL.md}: instructions the model loads when its description matches, plus bundled files. */
    SKILL,
    /** A Claude Code plugin: a folder with {@code .claude-plugin/plugin.json} bundling skills, commands, subagents, hooks and MCP servers. */
    PLUGIN,
    /** A slash command or saved prompt: one markdown file. */
    COMMAND,
    /** A subagent definition: one markdown file with its own prompt and tools. */
    SUBAGENT,
    /** A Gemini CLI extension: {@code gemini-extension.json} with context files and MCP servers. */
    EXTENSION,
    /** A Cursor project rule ({@code .cursor/rules/*.mdc}): instructions added to the model's context. */
    RULE,
    /** The hooks a Claude Code settings file configures: shell commands the assistant runs on its events, without asking. */
    HOOKS;

    public String token() {
        return Labels.token(this);
    }
}
