package dev.tightrope.scan.mcp;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a client's policy files let it start a configured server. Deny rules win over allow
 * rules; an allow list, once present, lets through only what it names (as the clients do).
 */
public final class McpPolicy {

    /** One restriction read from a policy file. */
    public sealed interface Rule {
        McpClient client();
    }

    /** Claude Code {@code deniedMcpServers}, Gemini {@code mcp.excluded}: the matching servers are blocked. */
    public record Deny(McpClient client, Matcher matcher) implements Rule {
    }

    /** Claude Code {@code allowedMcpServers}, Gemini {@code mcp.allowed}: only servers matching one of them may start. */
    public record AllowOnly(McpClient client, List<Matcher> matchers, String listName) implements Rule {
        public AllowOnly {
            matchers = List.copyOf(matchers);
        }
    }

    /** Claude Code {@code allowManagedMcpServersOnly}: only servers from the managed file may start. */
    public record ManagedOnly(McpClient client) implements Rule {
    }

    /** VS Code {@code chat.mcp.access}: {@code none} blocks every server, {@code registry} all but approved ones. */
    public record Access(McpClient client, String value) implements Rule {
    }

    /** What a rule matches a server by: its name, its exact argv, or its URL against a {@code *} wildcard. */
    public record Matcher(String serverName, List<String> serverCommand, String serverUrl) {
        public Matcher {
            serverCommand = serverCommand == null ? null : List.copyOf(serverCommand);
        }

        boolean matches(McpServerEntry entry) {
            List<String> argv = new java.util.ArrayList<>();
            if (entry.command() != null) {
                argv.add(entry.command());
            }
            argv.addAll(entry.args());
            if (serverName != null) {
                return serverName.equals(entry.name());
            }
            if (serverCommand != null) {
                return serverCommand.equals(argv);
            }
            if (serverUrl != null && entry.url() != null) {
                return wildcard(serverUrl).matcher(entry.url()).matches();
            }
            return false;
        }

        @Override
        public String toString() {
            return serverName != null ? "serverName " + serverName : serverCommand != null ? "serverCommand " + serverCommand : "serverUrl " + serverUrl;
        }
    }

    private McpPolicy() {
    }

    static Pattern wildcard(String glob) {
        StringBuilder re = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!re.isEmpty()) {
                re.append(".*");
            }
            re.append(Pattern.quote(part));
        }
        return Pattern.compile(re.toString());
    }

    private static Optional<String> reason(Rule rule, McpServerEntry entry, boolean approved) {
        if (rule instanceof Deny d) {
            return d.matcher().matches(entry) ? Optional.of("denied by " + d.matcher()) : Optional.empty();
        }
        if (rule instanceof AllowOnly a) {
            return a.matchers().stream().anyMatch(m -> m.matches(entry)) ? Optional.empty() : Optional.of("not in " + a.listName());
        }
        if (rule instanceof ManagedOnly) {
            return entry.scope() == ConfigScope.SYSTEM ? Optional.empty() : Optional.of("allowManagedMcpServersOnly is set");
        }
        Access a = (Access) rule;
        if (a.value().equals("none")) {
            return Optional.of("chat.mcp.access is none");
        }
        return a.value().equals("registry") && !approved ? Optional.of("chat.mcp.access is registry and the server is not approved") : Optional.empty();
    }

    /**
     * Why {@code entry} is blocked by {@code policies}, or empty when none of them blocks it.
     *
     * @param approved whether the organisation's allowlist approves the server
     */
    public static Optional<String> blockedBy(McpServerEntry entry, boolean approved, List<PolicyFile> policies) {
        McpClient client = entry.client() == McpClient.VS_CODE_INSIDERS ? McpClient.VS_CODE : entry.client();
        for (PolicyFile policy : policies) {
            for (Rule rule : policy.rules()) {
                if (rule.client() != client) {
                    continue;
                }
                Optional<String> reason = reason(rule, entry, approved);
                if (reason.isPresent()) {
                    return Optional.of(reason.get() + " (" + policy.file() + ")");
                }
            }
        }
        return Optional.empty();
    }
}
