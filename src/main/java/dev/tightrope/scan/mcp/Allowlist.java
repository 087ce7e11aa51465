package dev.tightrope.scan.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.base.UntrustedJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The organisation's approved MCP servers, in the MCP registry's {@code server.json} format
 * ({@code reference/mcp.md} §4): a JSON array of server.json documents, one document, or a
 * registry page {@code {"servers":[{"server":{…},"_meta":{…}}]}}. Approval metadata sits under our
 * own {@code _meta} key, {@value #APPROVAL_KEY}: {@code approvedBy}, {@code approvedAt},
 * {@code approvedVersions}, {@code scope}. A server the official registry marks {@code deleted}
 * approves nothing.
 */
public record Allowlist(List<ApprovedServer> servers) {

    public static final String APPROVAL_KEY = "dev.tightrope/approval";
    private static final String OFFICIAL_KEY = "io.modelcontextprotocol.registry/official";
    /** Bounds on one allowlist document or registry page. */
    public static final JsonLimits LIMITS = new JsonLimits(32, 64 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER, 16L * 1024 * 1024);
    private static final UntrustedJson JSON = UntrustedJson.withLimits(LIMITS);

    public Allowlist {
        servers = List.copyOf(servers);
    }

    public static Allowlist empty() {
        return new Allowlist(List.of());
    }

    /** One approved server. */
    public record ApprovedServer(String name, String title, List<ApprovedPackage> packages, List<String> remoteUrls, Approval approval) {
        public ApprovedServer {
            packages = List.copyOf(packages);
            remoteUrls = List.copyOf(remoteUrls);
        }

        /** The versions approved for {@code pkg}: its own exact version and the approval's list. */
        public Set<String> versions(ApprovedPackage pkg) {
            Set<String> out = new LinkedHashSet<>();
            if (pkg.version() != null) {
                out.add(pkg.version());
            }
            out.addAll(approval.approvedVersions());
            return out;
        }
    }

    /** A package of an approved server: {@code registryType} ∈ npm pypi nuget oci mcpb, its identifier, exact version, and file digest (mcpb). */
    public record ApprovedPackage(String registryType, String identifier, String version, String fileSha256) {
    }

    /** Who approved the server, when, which versions and for which scope (from our {@code _meta} key; empty fields when absent). */
    public record Approval(String approvedBy, String approvedAt, List<String> approvedVersions, String scope) {
        public Approval {
            approvedVersions = approvedVersions == null ? List.of() : List.copyOf(approvedVersions);
        }
    }

    /** Why an allowlist document could not be read. */
    public static final class InvalidAllowlist extends Exception {
        public InvalidAllowlist(String message) {
            super(message);
        }
    }

    public static Allowlist parse(byte[] document) throws InvalidAllowlist {
        JsonNode root;
        try {
            root = JSON.read(document);
        } catch (JsonProcessingException e) {
            throw new InvalidAllowlist(JSON.describe(e));
        } catch (IOException e) {
            throw new InvalidAllowlist("unreadable: " + e.getMessage());
        }
        List<ApprovedServer> out = new ArrayList<>();
        addAll(root, out);
        return new Allowlist(out);
    }

    /** One page of a registry's {@code GET /v0.1/servers} answer: its servers and the next cursor, null on the last page. */
    public record Page(List<ApprovedServer> servers, String nextCursor) {
        public Page {
            servers = List.copyOf(servers);
        }
    }

    /** Reads one registry page, {@code {"servers":[{"server":{…},"_meta":{…}}],"metadata":{"nextCursor":…}}}; any other shape is refused. */
    public static Page page(JsonNode answer) throws InvalidAllowlist {
        if (!answer.isObject() || !answer.path("servers").isArray()) {
            throw new InvalidAllowlist("expected a registry page, an object with a \"servers\" array");
        }
        JsonNode next = answer.path("metadata").path("nextCursor");
        if (!next.isMissingNode() && !next.isNull() && !next.isTextual()) {
            throw new InvalidAllowlist("metadata.nextCursor is not a string");
        }
        for (JsonNode item : answer.path("servers")) {
            if (!item.isObject()) {
                throw new InvalidAllowlist("an entry of \"servers\" is not an object");
            }
        }
        List<ApprovedServer> servers = new ArrayList<>();
        return new Page(servers, addAll(answer, servers));
    }

    /** Adds the servers of one document or registry page to {@code out}; returns the page's next cursor, or null. */
    static String addAll(JsonNode root, List<ApprovedServer> out) throws InvalidAllowlist {
        JsonNode list = root.isArray() ? root : root.has("servers") ? root.path("servers") : null;
        if (list == null) {
            if (!root.isObject() || !root.has("name")) {
                throw new InvalidAllowlist("expected a server.json document, an array of them, or a registry page with \"servers\"");
            }
            add(root, null, out);
            return null;
        }
        for (JsonNode item : list) {
            if (item.has("server")) {
                add(item.path("server"), item.path("_meta"), out);
            } else {
                add(item, null, out);
            }
        }
        JsonNode next = root.path("metadata").path("nextCursor");
        return next.isTextual() && !next.asText().isBlank() ? next.asText() : null;
    }

    private static void add(JsonNode server, JsonNode responseMeta, List<ApprovedServer> out) throws InvalidAllowlist {
        String name = server.path("name").asText("");
        if (name.isBlank()) {
            throw new InvalidAllowlist("a server has no \"name\"");
        }
        JsonNode official = responseMeta == null ? server.path("_meta").path(OFFICIAL_KEY) : responseMeta.path(OFFICIAL_KEY);
        if (official.path("status").asText("").equals("deleted")) {
            return;
        }
        List<ApprovedPackage> packages = new ArrayList<>();
        for (JsonNode p : server.path("packages")) {
            String type = p.path("registryType").asText("");
            String identifier = p.path("identifier").asText("");
            if (type.isBlank() || identifier.isBlank()) {
                throw new InvalidAllowlist("server " + name + " has a package without registryType or identifier");
            }
            packages.add(new ApprovedPackage(type, identifier, textOrNull(p.path("version")), textOrNull(p.path("fileSha256"))));
        }
        List<String> remotes = new ArrayList<>();
        server.path("remotes").forEach(r -> {
            if (r.path("url").isTextual()) {
                remotes.add(r.path("url").asText());
            }
        });
        JsonNode meta = server.path("_meta").path(APPROVAL_KEY);
        if (meta.isMissingNode() && responseMeta != null) {
            meta = responseMeta.path(APPROVAL_KEY);
        }
        List<String> versions = new ArrayList<>();
        meta.path("approvedVersions").forEach(v -> versions.add(v.asText()));
        out.add(new ApprovedServer(name, textOrNull(server.path("title")), packages, remotes,
                new Approval(textOrNull(meta.path("approvedBy")), textOrNull(meta.path("approvedAt")), versions, textOrNull(meta.path("scope")))));
    }

    private static String textOrNull(JsonNode node) {
        return node.isValueNode() && !node.asText().isBlank() ? node.asText() : null;
    }
}
