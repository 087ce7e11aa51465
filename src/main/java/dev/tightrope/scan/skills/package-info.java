/**
 * Agent skills, plugins and their kin found on a machine, read statically (nothing is run):
 * {@code SKILL.md} skill folders, Claude Code plugins (their skills, commands, subagents and hooks),
 * Claude Code commands and subagents, Codex skills and prompts, Gemini CLI extensions and Cursor
 * rules, in user, project and plugin scopes ({@link dev.tightrope.scan.skills.SkillDiscovery}). Each
 * is one {@link dev.tightrope.scan.skills.AgentExtension} with its frontmatter, the files it bundles
 * (listed and hashed), the shell commands its hooks run, and the risks seen in them
 * ({@link dev.tightrope.scan.skills.SkillRules}). Files are read through
 * {@link dev.tightrope.scan.mcp.ScannedPlaces}, so links that loop or leave the scanned places, huge
 * files and bad YAML are reported with the file and the reason and the discovery goes on.
 */
package dev.tightrope.scan.skills;
