package dev.tightrope.scan.mcp.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.base.AtomicFiles;
import dev.tightrope.base.BoundedRead;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.base.UntrustedJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The last probe of each server, kept as one JSON file per server in a directory of the
 * workspace ({@code <sha256 of the server's URN>.json}, holding the URN and the result), written
 * atomically so a crash leaves the previous probe or the new one. The next probe is compared with it.
 */
public final class ProbeRecords {
    private static final long MAX_FILE = 64L << 20;
    private static final UntrustedJson JSON = UntrustedJson.withLimits(new JsonLimits(256, 16 << 20, JsonLimits.LONGEST_PLAIN_NUMBER, MAX_FILE));

    private final Path dir;

    public ProbeRecords(Path dir) {
        this.dir = dir;
    }

    public Path file(String serverUrn) {
        return dir.resolve(Canonical.sha256(serverUrn) + ".json");
    }

    public Optional<ProbeResult> last(String serverUrn) throws IOException {
        Recorded recorded;
        try {
            recorded = read(file(serverUrn));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!recorded.serverUrn().equals(serverUrn)) {
            throw new IOException(file(serverUrn) + " holds the probe of another server");
        }
        return Optional.of(recorded.result());
    }

    /** One probe as a file of this format holds it: the server's URN and what it listed. */
    public record Recorded(String serverUrn, ProbeResult result) {
    }

    /** Reads a file in this format (one of this directory's, or one exported or recorded elsewhere). */
    public static Recorded read(Path file) throws IOException {
        JsonNode node;
        try (InputStream in = Files.newInputStream(file)) {
            node = JSON.read(BoundedRead.readAtMost(in, MAX_FILE));
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": " + JSON.describe(e), e);
        }
        if (!node.path("urn").isTextual() || !node.path("result").isObject() || !node.path("result").path("probedAt").isTextual()) {
            throw new IOException(file + " is not a probe record: it needs \"urn\" and \"result\" with \"probedAt\"");
        }
        try {
            return new Recorded(node.path("urn").asText(), ProbeResult.fromJson(node.path("result")));
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a probe record: " + e.getMessage(), e);
        }
    }

    public void save(String serverUrn, ProbeResult result) throws IOException {
        ObjectNode out = Canonical.MAPPER.createObjectNode();
        out.put("urn", serverUrn);
        out.set("result", result.toJson());
        AtomicFiles.replace(file(serverUrn), Canonical.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(out));
    }
}
