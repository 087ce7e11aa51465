package dev.tightrope.scan.skills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tightrope.scan.mcp.ConfigShape;
import dev.tightrope.scan.mcp.ConfigTrees;
import java.util.ArrayList;
import java.util.List;

/**
 * The YAML frontmatter of a markdown file ({@code SKILL.md}, a command, a subagent, a Cursor rule):
 * the lines between a first line {@code ---} and the next {@code ---} (or {@code ...}), read with
 * {@link ConfigTrees}' bounded YAML (depth, length, aliases, duplicate keys). A file without
 * frontmatter has no fields; one whose frontmatter does not read has no fields and the reason.
 *
 * @param fields  the frontmatter as a tree, empty when there is none or it does not read
 * @param problem why the frontmatter could not be read, or null
 * @param lines   the file's lines, to say where a field or a span is (line {@code i + 1})
 */
record Frontmatter(JsonNode fields, String problem, List<String> lines) {

    static Frontmatter parse(String text, ConfigTrees trees) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<String> lines = body.lines().toList();
        if (lines.isEmpty() || !lines.get(0).strip().equals("---")) {
            return new Frontmatter(JsonNodeFactory.instance.objectNode(), null, lines);
        }
        int end = -1;
        for (int i = 1; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.equals("---") || l.equals("...")) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            return new Frontmatter(JsonNodeFactory.instance.objectNode(), "the frontmatter has no closing ---", lines);
        }
        try {
            JsonNode tree = trees.read(String.join("\n", lines.subList(1, end)), ConfigShape.Syntax.YAML);
            if (!tree.isObject()) {
                return new Frontmatter(JsonNodeFactory.instance.objectNode(), "the frontmatter is not a mapping of fields", lines);
            }
            return new Frontmatter(tree, null, lines);
        } catch (ConfigTrees.Rejected e) {
            return new Frontmatter(JsonNodeFactory.instance.objectNode(), "the frontmatter " + e.getMessage(), lines);
        }
    }

    /** A field's text, when it is a scalar; null otherwise. */
    String text(String field) {
        JsonNode n = fields.get(field);
        return n != null && n.isValueNode() && !n.isNull() && !n.asText().isBlank() ? n.asText().strip() : null;
    }

    /**
     * A tool list as written: a YAML list, or a string separated by commas or spaces, a space inside
     * parentheses kept ({@code Bash(git status:*)}).
     */
    List<String> tools(String field) {
        JsonNode n = fields.get(field);
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isArray()) {
            n.forEach(item -> {
                if (item.isValueNode() && !item.asText().isBlank()) {
                    out.add(item.asText().strip());
                }
            });
            return out;
        }
        if (!n.isValueNode()) {
            return out;
        }
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (char c : n.asText().toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            }
            if (depth == 0 && (c == ',' || Character.isWhitespace(c))) {
                if (!current.toString().isBlank()) {
                    out.add(current.toString().strip());
                }
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    /** The 1-based line of the field in the frontmatter, 0 when it is not found. */
    int lineOf(String field) {
        for (int i = 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.strip().equals("---")) {
                return 0;
            }
            if (l.startsWith(field + ":") || l.startsWith("\"" + field + "\":") || l.startsWith("'" + field + "':")) {
                return i + 1;
            }
        }
        return 0;
    }
}
