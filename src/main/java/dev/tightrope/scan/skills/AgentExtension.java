package dev.tightrope.scan.skills;

import dev.tightrope.domain.Severity;
import dev.tightrope.scan.mcp.ConfigScope;
import dev.tightrope.scan.mcp.McpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One skill, plugin, command, subagent, extension or rule as found.
 *
 * @param path         the extension's folder (skill, plugin, extension) or its one file (command, subagent, rule), as found (not resolved)
 * @param file         the file that defines it: {@code SKILL.md}, {@code plugin.json}, {@code gemini-extension.json}, the markdown file
 * @param project      the repository root of a project-scope extension, or null
 * @param plugin       the folder of the plugin it comes with, or null
 * @param allowedTools what its frontmatter's {@code allowed-tools} (or a subagent's {@code tools}) grants, as written
 * @param frontmatter  null when its frontmatter was read (or it has none); otherwise why it could not be
 */
public record AgentExtension(ExtensionKind kind, McpClient client, ConfigScope scope, Path path, Path file, Path project, Path plugin,
                             String name, String description, String version, List<String> allowedTools, List<BundledFile> bundled,
                             List<Hook> hooks, List<ExtensionRisk> risks, String frontmatter) {
    public AgentExtension {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(name, "name");
        allowedTools = List.copyOf(allowedTools);
        bundled = List.copyOf(bundled);
        hooks = List.copyOf(hooks);
        risks = List.copyOf(risks);
    }

    /** The most severe of its risks, or null when it has none. */
    public Severity worst() {
        return risks.stream().map(ExtensionRisk::severity).min(Enum::compareTo).orElse(null);
    }
}
