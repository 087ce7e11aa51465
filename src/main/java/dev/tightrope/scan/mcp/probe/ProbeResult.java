package dev.tightrope.scan.mcp.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one probe of a server saw: a snapshot (servers may answer differently to other clients or later).
 *
 * @param protocolVersion the version the server agreed to
 * @param capabilities    the server's capabilities object, as sent
 * @param instructions    the server's {@code instructions} for the model, or empty
 * @param entities        tools, then prompts, resources and resource templates, in the order listed
 * @param notifications   notification methods the server sent during the probe ({@code notifications/tools/list_changed} matters)
 * @param millis          how long the probe took, start to stop
 */
public record ProbeResult(Instant probedAt, String protocolVersion, String serverName, String serverVersion, JsonNode capabilities,
                          String instructions, List<ProbedEntity> entities, List<String> notifications, long millis) {

    public ProbeResult {
        Objects.requireNonNull(probedAt, "probedAt");
        protocolVersion = protocolVersion == null ? "" : protocolVersion;
        serverName = serverName == null ? "" : serverName;
        serverVersion = serverVersion == null ? "" : serverVersion;
        capabilities = capabilities == null ? JsonNodeFactory.instance.objectNode() : capabilities;
        instructions = instructions == null ? "" : instructions;
        entities = List.copyOf(entities);
        notifications = List.copyOf(notifications);
    }

    public List<ProbedEntity> tools() {
        return of(ProbedEntity.Kind.TOOL);
    }

    public List<ProbedEntity> of(ProbedEntity.Kind kind) {
        return entities.stream().filter(e -> e.kind() == kind).toList();
    }

    /** One pin for the whole server: SHA-256 over every entity's kind, name and pin, in sorted order. */
    public String serverSha256() {
        List<String> lines = new ArrayList<>(entities.stream().map(e -> e.kind().token() + " " + e.name() + " " + e.sha256()).toList());
        lines.sort(null);
        return Canonical.sha256(String.join("\n", lines));
    }

    public ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("probedAt", probedAt.toString());
        out.put("protocolVersion", protocolVersion);
        ObjectNode server = out.putObject("serverInfo");
        server.put("name", serverName);
        server.put("version", serverVersion);
        out.set("capabilities", capabilities);
        out.put("instructions", instructions);
        out.put("serverSha256", serverSha256());
        ArrayNode list = out.putArray("entities");
        for (ProbedEntity e : entities) {
            ObjectNode n = list.addObject();
            n.put("kind", e.kind().token());
            n.put("name", e.name());
            n.put("sha256", e.sha256());
            n.set("definition", e.definition());
        }
        ArrayNode seen = out.putArray("notifications");
        notifications.forEach(seen::add);
        out.put("millis", millis);
        return out;
    }

    /** Reads what {@link #toJson()} wrote; pins are recomputed from the definitions, so an edited file cannot carry a pin of its own. */
    public static ProbeResult fromJson(JsonNode in) {
        List<ProbedEntity> entities = new ArrayList<>();
        for (JsonNode n : in.path("entities")) {
            entities.add(ProbedEntity.of(ProbedEntity.Kind.fromToken(n.path("kind").asText()), n.path("definition")));
        }
        List<String> notifications = new ArrayList<>();
        in.path("notifications").forEach(n -> notifications.add(n.asText()));
        return new ProbeResult(Instant.parse(in.path("probedAt").asText()), in.path("protocolVersion").asText(),
                in.path("serverInfo").path("name").asText(), in.path("serverInfo").path("version").asText(), in.path("capabilities"),
                in.path("instructions").asText(), entities, notifications, in.path("millis").asLong());
    }
}
