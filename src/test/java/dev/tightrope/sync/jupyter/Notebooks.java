package dev.tightrope.sync.jupyter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds nbformat 4.5 notebooks for tests, as Jupyter writes them (sources as lists of lines). */
final class Notebooks {

    static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode nb = JSON.createObjectNode();
    private final ArrayNode cells;
    private int ids;

    private Notebooks() {
        nb.put("nbformat", 4).put("nbformat_minor", 5);
        ObjectNode meta = nb.putObject("metadata");
        meta.putObject("kernelspec").put("name", "python3").put("display_name", "Python 3").put("language", "python");
        meta.putObject("language_info").put("name", "python").put("version", "3.11.9");
        cells = nb.putArray("cells");
    }

    static Notebooks notebook() {
        return new Notebooks();
    }

    Notebooks authors(String... names) {
        ArrayNode a = ((ObjectNode) nb.get("metadata")).putArray("authors");
        for (String n : names) {
            a.addObject().put("name", n);
        }
        return this;
    }

    Notebooks markdown(String text) {
        ObjectNode c = cells.addObject().put("cell_type", "markdown").put("id", "md" + ids++);
        c.putObject("metadata");
        c.put("source", text);
        return this;
    }

    /** A code cell, its source split into lines as Jupyter saves it. */
    Notebooks code(String source) {
        return code(source, null);
    }

    /** A code cell with one stream output whose text is {@code output}. */
    Notebooks code(String source, String output) {
        ObjectNode c = cells.addObject().put("cell_type", "code").put("id", "c" + ids++).put("execution_count", ids);
        c.putObject("metadata");
        ArrayNode lines = c.putArray("source");
        for (String line : source.split("(?<=\n)")) {
            lines.add(line);
        }
        ArrayNode outputs = c.putArray("outputs");
        if (output != null) {
            outputs.addObject().put("output_type", "stream").put("name", "stdout").putArray("text").add(output);
            ObjectNode result = outputs.addObject().put("output_type", "execute_result").put("execution_count", ids);
            result.putObject("data").putArray("text/plain").add(output);
            result.putObject("metadata");
        }
        return this;
    }

    /** A code cell whose source is one string (also valid nbformat). */
    Notebooks codeAsString(String source) {
        ObjectNode c = cells.addObject().put("cell_type", "code").put("id", "s" + ids++).put("execution_count", ids);
        c.putObject("metadata");
        c.put("source", source);
        c.putArray("outputs");
        return this;
    }

    String json() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(nb);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
