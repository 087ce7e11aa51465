package dev.tightrope.scan.mcp;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One place a client may keep MCP config: the file, whose it is and how it is shaped.
 *
 * @param project the repository root a project-scope file belongs to, or null
 */
public record ConfigLocation(McpClient client, ConfigScope scope, Path file, ConfigShape shape, Path project) {
    public ConfigLocation {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(shape, "shape");
    }
}
