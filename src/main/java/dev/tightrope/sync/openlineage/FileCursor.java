package dev.tightrope.sync.openlineage;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an OpenLineage sync read, so the next one can read only what was appended: per file its
 * size, modification time, how far it was read and a hash of its head (to notice a rewrite), plus
 * the merged lineage state ({@code carry}) that appended events are merged into.
 *
 * @param carry the saved {@link OpenLineageMapper} state, or null when it was too large to keep
 */
record FileCursor(String root, List<FileState> files, JsonNode carry) {

    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    FileCursor {
        Objects.requireNonNull(root, "root");
        files = List.copyOf(files);
    }

    /**
     * One file as it was read.
     *
     * @param path       path relative to the root, with '/' separators
     * @param offset     bytes consumed: everything before is merged (an unfinished last line is not)
     * @param lines      lines consumed, so appended lines keep their true line numbers
     * @param headLength how many leading bytes {@code headHash} covers (at most 4 KiB)
     * @param document   read as one JSON document (array or object): it cannot be read from an offset
     */
    record FileState(String path, long size, long mtime, long offset, long lines, int headLength, String headHash, boolean document) {
        FileState {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(headHash, "headHash");
        }
    }

    /** The cursor a previous run left, or null when there is none or it is not one this version understands. */
    static FileCursor parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || node.path("v").asInt() != FORMAT || !node.path("root").isTextual() || !node.path("files").isArray()) {
                return null;
            }
            List<FileState> files = new ArrayList<>();
            for (JsonNode f : node.get("files")) {
                if (!f.path("p").isTextual() || !f.path("hh").isTextual()) {
                    return null;
                }
                files.add(new FileState(f.get("p").asText(), f.path("size").asLong(), f.path("mtime").asLong(),
                        f.path("off").asLong(), f.path("lines").asLong(), f.path("hl").asInt(), f.get("hh").asText(),
                        f.path("doc").asBoolean()));
            }
            JsonNode carry = node.get("carry");
            return new FileCursor(node.get("root").asText(), files, carry == null || carry.isNull() ? null : carry);
        } catch (IOException e) {
            return null;
        }
    }

    /** Serialises the cursor; {@code carryJson} is saved state from {@link OpenLineageMapper#saveState}, or null. */
    static String write(String root, List<FileState> files, String carryJson) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", FORMAT);
            g.writeStringField("root", root);
            g.writeArrayFieldStart("files");
            for (FileState f : files) {
                g.writeStartObject();
                g.writeStringField("p", f.path());
                g.writeNumberField("size", f.size());
                g.writeNumberField("mtime", f.mtime());
                g.writeNumberField("off", f.offset());
                g.writeNumberField("lines", f.lines());
                g.writeNumberField("hl", f.headLength());
                g.writeStringField("hh", f.headHash());
                g.writeBooleanField("doc", f.document());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeFieldName("carry");
            if (carryJson == null) {
                g.writeNull();
            } else {
                g.writeRawValue(carryJson);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
