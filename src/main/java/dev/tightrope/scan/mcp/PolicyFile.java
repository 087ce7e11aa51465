package dev.tightrope.scan.mcp;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A file that restricts which servers a client may start: Claude Code's managed allow and deny
 * lists and {@code allowManagedMcpServersOnly}, VS Code's {@code chat.mcp.access}, Gemini CLI's
 * {@code mcp.allowed} and {@code mcp.excluded}.
 *
 * @param summary what it says, in words
 * @param rules   what it allows and denies, evaluated by {@link McpPolicy}
 */
public record PolicyFile(McpClient client, ConfigScope scope, Path file, String summary, List<McpPolicy.Rule> rules) {
    public PolicyFile {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(summary, "summary");
        rules = List.copyOf(rules);
    }
}
