package dev.tightrope.scan.mcp;

import java.util.List;

/**
 * What one discovery found: every server entry, the policy files, the config files read (with the
 * number of servers each declared), and the files it could not read, each with its reason.
 */
public record DiscoveryReport(List<McpServerEntry> entries, List<PolicyFile> policies, List<ConfigFile> files, List<Skipped> skipped) {

    public DiscoveryReport {
        entries = List.copyOf(entries);
        policies = List.copyOf(policies);
        files = List.copyOf(files);
        skipped = List.copyOf(skipped);
    }

    /** A config file that was read. */
    public record ConfigFile(ConfigLocation location, int servers) {
    }

    /** A file (or one entry of it) that was skipped, and why. */
    public record Skipped(String location, String reason) {
    }
}
