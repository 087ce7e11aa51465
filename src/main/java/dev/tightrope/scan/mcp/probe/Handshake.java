package dev.tightrope.scan.mcp.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The MCP conversation of a probe, the same over every transport: {@code initialize} with empty
 * client capabilities (no sampling, roots or elicitation), {@code notifications/initialized}, then
 * the lists the server advertises, following {@code nextCursor}. Never {@code tools/call}.
 */
final class Handshake {
    static final String PROTOCOL_VERSION = "2025-11-25";
    /** Versions this client can speak; a server may answer initialize with any of them. */
    static final Set<String> SUPPORTED = Set.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");

    private final ProbeLimits limits;
    private final Clock clock;

    Handshake(ProbeLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    ProbeResult run(McpChannel channel, List<String> notificationsSeen, long startNanos) throws ProbeFailure, InterruptedException {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        params.put("protocolVersion", PROTOCOL_VERSION);
        params.putObject("capabilities");
        ObjectNode client = params.putObject("clientInfo");
        client.put("name", "tightrope");
        client.put("version", "1.0");
        JsonNode init = channel.request("initialize", params);
        String version = init.path("protocolVersion").asText("");
        if (!SUPPORTED.contains(version)) {
            throw new ProbeFailure("the server answered initialize with protocol version '" + version + "', which Tightrope does not speak");
        }
        channel.negotiated(version);
        channel.notify("notifications/initialized");
        JsonNode capabilities = init.path("capabilities");
        List<ProbedEntity> entities = new ArrayList<>();
        if (capabilities.has("tools")) {
            list(channel, "tools/list", "tools", ProbedEntity.Kind.TOOL, entities);
        }
        if (capabilities.has("prompts")) {
            list(channel, "prompts/list", "prompts", ProbedEntity.Kind.PROMPT, entities);
        }
        if (capabilities.has("resources")) {
            list(channel, "resources/list", "resources", ProbedEntity.Kind.RESOURCE, entities);
            try {
                list(channel, "resources/templates/list", "resourceTemplates", ProbedEntity.Kind.RESOURCE_TEMPLATE, entities);
            } catch (ProbeFailure e) {
                // templates came later than resources; a server without them says so and has none
                if (!e.methodNotFound()) {
                    throw e;
                }
            }
        }
        JsonNode info = init.path("serverInfo");
        return new ProbeResult(clock.instant(), version, info.path("name").asText(""), info.path("version").asText(""),
                capabilities.isObject() ? capabilities : null, init.path("instructions").asText(""), entities, notificationsSeen,
                (System.nanoTime() - startNanos) / 1_000_000);
    }

    private void list(McpChannel channel, String method, String field, ProbedEntity.Kind kind, List<ProbedEntity> out)
            throws ProbeFailure, InterruptedException {
        String cursor = null;
        for (int page = 0; page < limits.maxPages(); page++) {
            ObjectNode params = JsonNodeFactory.instance.objectNode();
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonNode result = channel.request(method, params);
            for (JsonNode item : result.path(field)) {
                if (item.isObject()) {
                    out.add(ProbedEntity.of(kind, item));
                }
            }
            JsonNode next = result.path("nextCursor");
            if (!next.isTextual() || next.asText().isEmpty()) {
                return;
            }
            cursor = next.asText();
        }
        throw new ProbeFailure(method + " went on for more than " + limits.maxPages() + " pages; stopped");
    }
}
