package dev.tightrope.scan.mcp.probe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.BoundedRead;
import dev.tightrope.scan.mcp.ConfigShape;
import dev.tightrope.scan.mcp.ConfigTrees;
import dev.tightrope.scan.mcp.DiscoveryLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The launch of one server read again from its config file when the user asks for a probe: the
 * exact argv and the environment values, which the cache never holds (it keeps variable names
 * only). The entry is the object named {@code name} (or the list item with that {@code name})
 * anywhere in the file whose command, or URL, is the one discovery recorded, so the probe starts
 * what the scan classified and nothing else. Values are taken as written: references such as
 * {@code ${VAR}} are not resolved from the console's environment, whose secrets the server must not see.
 */
public final class ConfiguredLaunch {
    private static final List<String> COMMAND = List.of("command", "cmd", "programPath");
    private static final List<String> URL = List.of("url", "serverUrl", "httpUrl", "uri");

    private ConfiguredLaunch() {
    }

    /**
     * @param command the command discovery recorded for the entry (null for a URL server)
     * @param url     the URL discovery recorded, without query or credentials (null for a stdio server)
     */
    public static Optional<ProbeTarget> read(Path file, String name, String command, String url) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = BoundedRead.readAtMost(in, DiscoveryLimits.STANDARD.maxConfigBytes());
        }
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ConfigShape.Syntax syntax = lower.endsWith(".toml") ? ConfigShape.Syntax.TOML
                : lower.endsWith(".yaml") || lower.endsWith(".yml") ? ConfigShape.Syntax.YAML : ConfigShape.Syntax.JSONC;
        JsonNode tree;
        try {
            tree = new ConfigTrees(DiscoveryLimits.STANDARD.tree()).read(new String(bytes, StandardCharsets.UTF_8), syntax);
        } catch (ConfigTrees.Rejected e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        List<JsonNode> candidates = new ArrayList<>();
        collect(tree, name, candidates);
        for (JsonNode server : candidates) {
            Optional<ProbeTarget> target = target(server, command, url);
            if (target.isPresent()) {
                return target;
            }
        }
        return Optional.empty();
    }

    private static void collect(JsonNode node, String name, List<JsonNode> out) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals(name) && e.getValue().isObject()) {
                    out.add(e.getValue());
                }
                collect(e.getValue(), name, out);
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (item.isObject() && item.path("name").asText("").equals(name)) {
                    out.add(item);
                }
                collect(item, name, out);
            }
        }
    }

    private static Optional<ProbeTarget> target(JsonNode server, String command, String url) {
        JsonNode commandNode = first(server, COMMAND);
        List<String> argv = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        if (commandNode.isObject()) {
            argv.add(commandNode.path("path").asText(""));
            strings(commandNode.path("args"), argv);
            values(commandNode.path("env"), env);
        } else if (commandNode.isArray()) {
            strings(commandNode, argv);
        } else if (commandNode.isTextual()) {
            argv.add(commandNode.asText());
        }
        if (command != null) {
            if (argv.isEmpty() || !argv.get(0).equals(command)) {
                return Optional.empty();
            }
            JsonNode args = first(server, List.of("args", "arguments"));
            if (args.isTextual()) {
                argv.addAll(List.of(args.asText().strip().split("\\s+")));
            } else {
                strings(args, argv);
            }
            for (String key : List.of("env", "envs", "environment")) {
                values(server.path(key), env);
            }
            return Optional.of(ProbeTarget.command(argv, env));
        }
        String configured = first(server, URL).asText("");
        if (url == null || configured.isEmpty() || !configured.startsWith(url)) {
            return Optional.empty();
        }
        return Optional.of(ProbeTarget.http(configured));
    }

    private static JsonNode first(JsonNode server, List<String> keys) {
        for (String k : keys) {
            if (server.has(k) && !server.get(k).isNull()) {
                return server.get(k);
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static void strings(JsonNode array, List<String> out) {
        for (JsonNode n : array) {
            if (n.isValueNode()) {
                out.add(n.asText());
            }
        }
    }

    private static void values(JsonNode map, Map<String, String> out) {
        map.fields().forEachRemaining(e -> {
            if (e.getValue().isValueNode()) {
                out.put(e.getKey(), e.getValue().asText());
            }
        });
    }
}
