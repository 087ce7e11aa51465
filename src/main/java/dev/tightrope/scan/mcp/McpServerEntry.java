package dev.tightrope.scan.mcp;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One server as one client's config file declares it, normalised (reference §2). Holds names of
 * environment variables and headers, never their values; the URL has no credentials or query;
 * secret-shaped arguments are masked.
 *
 * @param line      the line of the server's entry in the file, 0 when it could not be placed
 * @param project   the repository (or the {@code ~/.claude.json} project path) a project entry belongs to, or null
 * @param transport {@code stdio}, {@code http}, {@code sse}, {@code ws}
 * @param enabled   false when the config turns the server off
 * @param risks     what the static config rules found in this entry
 */
public record McpServerEntry(
        McpClient client,
        ConfigScope scope,
        Path file,
        int line,
        String project,
        String name,
        String transport,
        String command,
        List<String> args,
        List<String> envKeys,
        String url,
        List<String> headerNames,
        boolean enabled,
        LaunchIdentity identity,
        List<ConfigRisk> risks) {

    public McpServerEntry {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(identity, "identity");
        args = List.copyOf(args);
        envKeys = List.copyOf(envKeys);
        headerNames = List.copyOf(headerNames);
        risks = List.copyOf(risks);
    }

    /** {@code file:line} (or the file alone when the line is unknown). */
    public String location() {
        return line > 0 ? file + ":" + line : file.toString();
    }
}
