package dev.tightrope.scan.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One SARIF 2.1.0 log with one run of one tool, as every Tightrope scanner writes it: the rules
 * the results refer to (each defined once, by index), the results, and file locations as URIs
 * relative to a base directory.
 */
public final class SarifLog {

    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
    private final ObjectNode root = mapper.createObjectNode();
    private final ArrayNode rules;
    private final ArrayNode results;
    private final Map<String, Integer> ruleIndex = new LinkedHashMap<>();

    public SarifLog(String toolName, String toolVersion) {
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", toolName);
        driver.put("version", toolVersion);
        driver.put("informationUri", "https://tightrope.dev");
        rules = driver.putArray("rules");
        results = run.putArray("results");
    }

    /** A new JSON object to fill in (a rule, a result). */
    public ObjectNode object() {
        return mapper.createObjectNode();
    }

    /** The index of rule {@code id}, defining it with {@code definition} the first time. */
    public int rule(String id, Supplier<ObjectNode> definition) {
        Integer idx = ruleIndex.get(id);
        if (idx == null) {
            idx = ruleIndex.size();
            ruleIndex.put(id, idx);
            rules.add(definition.get());
        }
        return idx;
    }

    public void result(ObjectNode result) {
        results.add(result);
    }

    public ObjectNode root() {
        return root;
    }

    public void write(Writer out) throws IOException {
        out.write(mapper.writeValueAsString(root));
        out.write('\n');
        out.flush();
    }

    /** {@code p} as a SARIF artifact URI: relative to {@code base} when under it (null: as given), else a {@code file:///} URI. */
    public static String uri(Path p, Path base) {
        Path shown = p;
        if (base != null) {
            Path abs = p.toAbsolutePath().normalize();
            Path b = base.toAbsolutePath().normalize();
            if (abs.startsWith(b)) {
                shown = b.relativize(abs);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (Path part : shown) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(URLEncoder.encode(part.toString(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return shown.isAbsolute() ? "file:///" + sb : sb.toString();
    }
}
