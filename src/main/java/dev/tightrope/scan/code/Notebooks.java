package dev.tightrope.scan.code;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.base.UntrustedJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The texts of a Jupyter notebook ({@code .ipynb}, nbformat 4): each cell's source and each of its
 * outputs' text (stream text, {@code text/*} and JSON display data, error values and tracebacks),
 * so a key printed by a cell is found as well as one typed into it. Images and other binary
 * outputs are left out.
 */
final class Notebooks {

    /** One text of a notebook: which cell (0-based, as Jupyter counts them in the file), and which output of it, if any. */
    record Part(int cell, int output, String text) {
        boolean isOutput() {
            return output >= 0;
        }
    }

    private final UntrustedJson json;

    Notebooks(JsonLimits limits) {
        this.json = UntrustedJson.withLimits(limits);
    }

    /** The parts of {@code bytes}; {@link Manifests.Rejected} when it is not a notebook's JSON. */
    List<Part> parts(byte[] bytes) throws Manifests.Rejected {
        JsonNode root;
        try {
            root = json.read(bytes);
        } catch (JsonProcessingException e) {
            throw new Manifests.Rejected(json.describe(e));
        } catch (IOException e) {
            throw new Manifests.Rejected("unreadable: " + e.getMessage());
        }
        if (!root.isObject() || !root.path("cells").isArray()) {
            throw new Manifests.Rejected("not a notebook: no cells array");
        }
        List<Part> out = new ArrayList<>();
        int c = 0;
        for (JsonNode cell : root.path("cells")) {
            out.add(new Part(c, -1, text(cell.path("source"))));
            int o = 0;
            for (JsonNode output : cell.path("outputs")) {
                List<String> texts = new ArrayList<>();
                texts.add(text(output.path("text")));
                output.path("data").fields().forEachRemaining(e -> {
                    String mime = e.getKey();
                    if (mime.startsWith("text/") || mime.endsWith("json") || mime.equals("application/javascript")) {
                        texts.add(e.getValue().isObject() ? e.getValue().toString() : text(e.getValue()));
                    }
                });
                texts.add(output.path("evalue").asText(""));
                texts.add(text(output.path("traceback")));
                // one output's texts in a row, each on its own lines, so a line number counts from the output's first text
                out.add(new Part(c, o++, String.join("\n", texts.stream().filter(t -> !t.isEmpty()).toList())));
            }
            c++;
        }
        return out;
    }

    /** A notebook string: one string or a list of lines (kept with their own newlines). */
    private static String text(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode line : node) {
                String s = line.asText();
                sb.append(s);
                if (!s.endsWith("\n")) {
                    sb.append('\n');
                }
            }
            return sb.toString();
        }
        return "";
    }
}
