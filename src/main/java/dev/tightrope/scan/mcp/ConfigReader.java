package dev.tightrope.scan.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One parsed config file to its server entries and policy rules, by the file's {@link ConfigShape}.
 * Field aliases and transports as {@code reference/mcp.md} §2 lists them; values are read only to
 * judge them ({@link ConfigRules}) and are dropped before the entry is built.
 */
public final class ConfigReader {

    /** What one file declared: its servers, the policy it sets (or null), and entries it could not read. */
    public record Read(List<McpServerEntry> entries, PolicyFile policy, List<String> problems) {
        public Read {
            entries = List.copyOf(entries);
            problems = List.copyOf(problems);
        }
    }

    private final LaunchParser launches;

    public ConfigReader(LaunchParser launches) {
        this.launches = launches;
    }

    public Read read(ConfigLocation location, String text, JsonNode tree) {
        List<McpServerEntry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        PolicyFile policy = null;
        Lines lines = new Lines(text, location.shape().syntax());
        String project = location.project() == null ? null : location.project().toString();
        switch (location.shape()) {
            case MCP_SERVERS -> servers(location, tree.path("mcpServers"), project, lines, 0, entries, problems);
            case PLUGIN_MCP -> servers(location, tree.has("mcpServers") ? tree.path("mcpServers") : tree, project, lines, 0, entries, problems);
            case CLAUDE_USER -> {
                servers(location, tree.path("mcpServers"), null, lines, 0, entries, problems);
                Iterator<Map.Entry<String, JsonNode>> projects = tree.path("projects").fields();
                while (projects.hasNext()) {
                    Map.Entry<String, JsonNode> p = projects.next();
                    ConfigLocation asProject = new ConfigLocation(location.client(), ConfigScope.PROJECT, location.file(), location.shape(), null);
                    servers(asProject, p.getValue().path("mcpServers"), p.getKey(), lines, lines.indexOfKey(p.getKey(), 0), entries, problems);
                }
            }
            case CLAUDE_MANAGED_SETTINGS -> policy = claudeManaged(location, tree);
            case VS_CODE_MCP -> servers(location, tree.path("servers"), project, lines, 0, entries, problems);
            case VS_CODE_SETTINGS -> {
                JsonNode nested = tree.path("mcp").path("servers");
                servers(location, nested.isMissingNode() ? tree.path("mcp.servers") : nested, project, lines, 0, entries, problems);
                String access = tree.path("chat.mcp.access").asText(tree.path("chat").path("mcp").path("access").asText(""));
                if (!access.isEmpty()) {
                    String value = access.toLowerCase(Locale.ROOT);
                    policy = new PolicyFile(McpClient.VS_CODE, location.scope(), location.file(), "chat.mcp.access is " + value,
                            List.of(new McpPolicy.Access(McpClient.VS_CODE, value)));
                }
            }
            case ZED -> servers(location, tree.path("context_servers"), project, lines, 0, entries, problems);
            case GEMINI_SETTINGS -> {
                servers(location, tree.path("mcpServers"), project, lines, 0, entries, problems);
                policy = geminiLists(location, tree.path("mcp"));
            }
            case CONTINUE_YAML, CONTINUE_JSON -> {
                JsonNode list = tree.path("mcpServers");
                for (int i = 0; i < list.size(); i++) {
                    JsonNode server = list.get(i);
                    String name = server.path("name").asText("server " + (i + 1));
                    entries.add(entry(location, name, server, project, lines.lineOfListItem(name)));
                }
                if (list.isObject()) {
                    servers(location, list, project, lines, 0, entries, problems);
                }
            }
            case CODEX_TOML -> servers(location, tree.path("mcp_servers"), project, lines, 0, entries, problems);
            case GOOSE_YAML -> {
                Iterator<Map.Entry<String, JsonNode>> it = tree.path("extensions").fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (e.getValue().path("type").asText("").equals("builtin")) {
                        continue;
                    }
                    add(location, e.getKey(), e.getValue(), project, lines.lineOfKey(e.getKey(), 0), entries, problems);
                }
            }
        }
        return new Read(entries, policy, problems);
    }

    private void servers(ConfigLocation location, JsonNode map, String project, Lines lines, int from, List<McpServerEntry> entries, List<String> problems) {
        Iterator<Map.Entry<String, JsonNode>> it = map.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            add(location, e.getKey(), e.getValue(), project, lines.lineOfKey(e.getKey(), from), entries, problems);
        }
    }

    private void add(ConfigLocation location, String name, JsonNode server, String project, int line, List<McpServerEntry> entries, List<String> problems) {
        if (!server.isObject()) {
            problems.add("server '" + name + "'" + (line > 0 ? " (line " + line + ")" : "") + " is not an object; skipped");
            return;
        }
        entries.add(entry(location, name, server, project, line));
    }

    private McpServerEntry entry(ConfigLocation location, String name, JsonNode server, String project, int line) {
        JsonNode commandNode = first(server, "command", "cmd", "programPath");
        String command = null;
        List<String> args = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        if (commandNode.isObject()) {
            // Zed's older shape: "command": {"path", "args", "env"}
            command = text(commandNode.path("path"));
            strings(commandNode.path("args"), args);
            values(commandNode.path("env"), env);
        } else if (commandNode.isArray()) {
            List<String> argv = new ArrayList<>();
            strings(commandNode, argv);
            if (!argv.isEmpty()) {
                command = argv.get(0);
                args.addAll(argv.subList(1, argv.size()));
            }
        } else {
            command = text(commandNode);
        }
        JsonNode argsNode = first(server, "args", "arguments");
        if (argsNode.isTextual()) {
            args.addAll(List.of(argsNode.asText().strip().split("\\s+")));
        } else {
            strings(argsNode, args);
        }
        for (String key : List.of("env", "envs", "environment")) {
            values(server.path(key), env);
        }
        List<String> envKeys = new ArrayList<>(env.keySet());
        for (String key : List.of("env_vars", "env_keys")) {
            List<String> names = new ArrayList<>();
            strings(server.path(key), names);
            names.stream().filter(n -> !envKeys.contains(n)).forEach(envKeys::add);
        }
        String rawUrl = text(first(server, "url", "serverUrl", "httpUrl", "uri"));
        Map<String, String> headers = new LinkedHashMap<>();
        values(server.path("headers"), headers);
        values(server.path("http_headers"), headers);
        values(server.path("requestOptions").path("headers"), headers);
        List<String> headerNames = new ArrayList<>(headers.keySet());
        server.path("env_http_headers").fieldNames().forEachRemaining(h -> {
            if (!headerNames.contains(h)) {
                headerNames.add(h);
            }
        });
        String transport = transport(text(first(server, "type", "transport")), command, rawUrl, server.has("httpUrl"));
        boolean enabled = !server.path("disabled").asBoolean(false) && server.path("enabled").asBoolean(true);
        LaunchIdentity identity = launches.identify(command, args, rawUrl);
        List<ConfigRisk> risks = ConfigRules.check(server, command, args, env, headers, rawUrl, identity);
        return new McpServerEntry(location.client(), location.scope(), location.file(), line, project, name, transport, command,
                maskArguments(args), envKeys, rawUrl == null ? null : Urls.withoutQueryOrCredentials(rawUrl),
                headerNames, enabled, identity, risks);
    }

    private static final Pattern FLAG_WITH_VALUE = Pattern.compile("^(--?[A-Za-z0-9_-]+)=(.*)$");

    /** An argument as it may be stored: a recognised key or a {@code --token=…} value masked. */
    static String maskArg(String arg) {
        Matcher m = FLAG_WITH_VALUE.matcher(arg);
        if (m.matches() && SecretValues.isLiteralSecret(m.group(1), m.group(2))) {
            return m.group(1) + "=" + SecretValues.mask(m.group(2));
        }
        return SecretValues.maskKeys(arg);
    }

    /** Arguments as they may be stored or shown: recognised keys, {@code --token=…} values and the value after a secret-named flag masked. */
    public static List<String> maskArguments(List<String> args) {
        return maskArgumentsAfterSecretFlags(args, args.stream().map(ConfigReader::maskArg).toList());
    }

    /** {@code --api-key VALUE}: the value after a secret-named flag is masked too. */
    private static List<String> maskArgumentsAfterSecretFlags(List<String> raw, List<String> shown) {
        List<String> out = new ArrayList<>(shown);
        for (int i = 0; i + 1 < raw.size(); i++) {
            if (raw.get(i).startsWith("-") && !raw.get(i).contains("=") && SecretValues.isLiteralSecret(raw.get(i), raw.get(i + 1))
                    && !raw.get(i + 1).startsWith("-")) {
                out.set(i + 1, SecretValues.mask(raw.get(i + 1)));
            }
        }
        return out;
    }

    static String transport(String type, String command, String url, boolean httpUrl) {
        if (type != null) {
            switch (type.strip().toLowerCase(Locale.ROOT)) {
                case "stdio", "local" -> {
                    return "stdio";
                }
                case "http", "streamable-http", "streamablehttp", "streamable_http", "remote" -> {
                    return "http";
                }
                case "sse" -> {
                    return "sse";
                }
                case "ws", "websocket" -> {
                    return "ws";
                }
                default -> {
                    // an unknown type: judged by what the entry has, below
                }
            }
        }
        if (command != null) {
            return "stdio";
        }
        if (url != null && !httpUrl && url.contains("/sse")) {
            return "sse";
        }
        return url != null && url.startsWith("ws") ? "ws" : "http";
    }

    private PolicyFile claudeManaged(ConfigLocation location, JsonNode tree) {
        List<McpPolicy.Rule> rules = new ArrayList<>();
        List<String> said = new ArrayList<>();
        if (tree.path("allowManagedMcpServersOnly").asBoolean(false)) {
            rules.add(new McpPolicy.ManagedOnly(McpClient.CLAUDE_CODE));
            said.add("allowManagedMcpServersOnly");
        }
        JsonNode allowed = tree.path("allowedMcpServers");
        if (allowed.isArray()) {
            rules.add(new McpPolicy.AllowOnly(McpClient.CLAUDE_CODE, matchers(allowed), "allowedMcpServers"));
            said.add(allowed.size() + " allowed");
        }
        for (McpPolicy.Matcher m : matchers(tree.path("deniedMcpServers"))) {
            rules.add(new McpPolicy.Deny(McpClient.CLAUDE_CODE, m));
        }
        if (tree.path("deniedMcpServers").size() > 0) {
            said.add(tree.path("deniedMcpServers").size() + " denied");
        }
        return rules.isEmpty() ? null : new PolicyFile(McpClient.CLAUDE_CODE, location.scope(), location.file(),
                "Claude Code managed settings: " + String.join(", ", said), rules);
    }

    private static List<McpPolicy.Matcher> matchers(JsonNode list) {
        List<McpPolicy.Matcher> out = new ArrayList<>();
        for (JsonNode m : list) {
            List<String> argv = null;
            if (m.path("serverCommand").isArray()) {
                argv = new ArrayList<>();
                strings(m.path("serverCommand"), argv);
            }
            out.add(new McpPolicy.Matcher(text(m.path("serverName")), argv, text(m.path("serverUrl"))));
        }
        return out;
    }

    private static PolicyFile geminiLists(ConfigLocation location, JsonNode mcp) {
        List<McpPolicy.Rule> rules = new ArrayList<>();
        List<String> said = new ArrayList<>();
        if (mcp.path("allowed").isArray()) {
            List<McpPolicy.Matcher> names = new ArrayList<>();
            mcp.path("allowed").forEach(n -> names.add(new McpPolicy.Matcher(n.asText(), null, null)));
            rules.add(new McpPolicy.AllowOnly(McpClient.GEMINI_CLI, names, "mcp.allowed"));
            said.add("mcp.allowed lists " + names.size());
        }
        if (mcp.path("excluded").isArray()) {
            mcp.path("excluded").forEach(n -> rules.add(new McpPolicy.Deny(McpClient.GEMINI_CLI, new McpPolicy.Matcher(n.asText(), null, null))));
            said.add("mcp.excluded lists " + mcp.path("excluded").size());
        }
        return rules.isEmpty() ? null : new PolicyFile(McpClient.GEMINI_CLI, location.scope(), location.file(),
                "Gemini CLI: " + String.join(", ", said), rules);
    }

    private static JsonNode first(JsonNode server, String... keys) {
        for (String k : keys) {
            if (server.has(k) && !server.get(k).isNull()) {
                return server.get(k);
            }
        }
        return server.path(keys[0]);
    }

    private static String text(JsonNode node) {
        return node.isValueNode() && !node.asText().isBlank() ? node.asText().strip() : null;
    }

    private static void strings(JsonNode array, List<String> out) {
        if (array.isArray()) {
            array.forEach(v -> {
                if (v.isValueNode()) {
                    out.add(v.asText());
                }
            });
        }
    }

    private static void values(JsonNode map, Map<String, String> out) {
        map.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
    }

    /** Where a server's name sits in the file, so the evidence says file:line. */
    static final class Lines {
        private final String text;
        private final ConfigShape.Syntax syntax;

        Lines(String text, ConfigShape.Syntax syntax) {
            this.text = text;
            this.syntax = syntax;
        }

        int indexOfKey(String key, int from) {
            Matcher m = keyPattern(key).matcher(text);
            return m.find(Math.max(0, from)) ? m.start() : -1;
        }

        int lineOfKey(String key, int from) {
            if (from < 0) {
                return 0;
            }
            return lineAt(indexOfKey(key, from));
        }

        int lineOfListItem(String name) {
            Matcher m = Pattern.compile("(?m)^\\s*-?\\s*\"?name\"?\\s*:\\s*[\"']?" + Pattern.quote(name) + "[\"']?\\s*,?\\s*$").matcher(text);
            return m.find() ? lineAt(m.start()) : 0;
        }

        private Pattern keyPattern(String key) {
            String q = Pattern.quote(key);
            return switch (syntax) {
                // a name with a line break or a quote is written escaped in the file
                case JSON, JSONC -> Pattern.compile("\"(?:" + q + "|" + Pattern.quote(new String(
                        com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(key))) + ")\"\\s*:");
                case YAML -> Pattern.compile("(?m)^\\s*[\"']?" + q + "[\"']?\\s*:");
                case TOML -> Pattern.compile("(?m)^\\s*\\[[^\\]\\n]*\\.\"?" + q + "\"?\\s*\\]|(?m)^\\s*\"?" + q + "\"?\\s*=");
            };
        }

        private int lineAt(int index) {
            if (index < 0) {
                return 0;
            }
            int line = 1;
            for (int i = 0; i < index; i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                }
            }
            // a match that starts with the newline before the key belongs to the next line
            while (index < text.length() && Character.isWhitespace(text.charAt(index))) {
                if (text.charAt(index) == '\n') {
                    line++;
                }
                index++;
            }
            return line;
        }
    }
}
