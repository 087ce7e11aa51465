package dev.tightrope.scan.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.scan.FileScanResult;
import dev.tightrope.scan.ScanFinding;
import dev.tightrope.scan.ScanReport;
import dev.tightrope.scan.ScanRules;
import dev.tightrope.scan.Verdict;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes SARIF 2.1.0 for code-scanning uploads: one run, a rule per rule id with help text,
 * one result per finding located at the file (relative to a base directory when given) with the
 * byte offset as a region, DANGEROUS and INVALID as {@code error}, SUSPICIOUS as {@code warning}.
 */
public final class SarifReportWriter {

    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
    private final String toolVersion;
    private final Path baseDirectory;

    /** @param baseDirectory paths become relative URIs to it (the repository root); null keeps them as given */
    public SarifReportWriter(String toolVersion, Path baseDirectory) {
        this.toolVersion = toolVersion;
        this.baseDirectory = baseDirectory;
    }

    public void write(ScanReport report, Writer out) throws IOException {
        out.write(mapper.writeValueAsString(toSarif(report)));
        out.write('\n');
        out.flush();
    }

    public ObjectNode toSarif(ScanReport report) {
        ObjectNode root = mapper.createObjectNode();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "Tightrope model scanner");
        driver.put("version", toolVersion);
        driver.put("informationUri", "https://tightrope.dev");
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        ArrayNode results = run.putArray("results");
        for (FileScanResult f : report.files()) {
            for (ScanFinding x : f.findings()) {
                Integer idx = ruleIndex.get(x.ruleId());
                if (idx == null) {
                    idx = ruleIndex.size();
                    ruleIndex.put(x.ruleId(), idx);
                    rules.add(rule(ScanRules.describe(x.ruleId())));
                }
                results.add(result(f, x, idx));
            }
        }
        return root;
    }

    private ObjectNode rule(ScanRules.Rule r) {
        ObjectNode o = mapper.createObjectNode();
        o.put("id", r.id());
        o.put("name", r.id().replace('.', '_').replace('-', '_'));
        o.putObject("shortDescription").put("text", r.title());
        o.putObject("fullDescription").put("text", r.help());
        o.putObject("help").put("text", r.help());
        o.putObject("defaultConfiguration").put("level", level(r.verdict()));
        ObjectNode props = o.putObject("properties");
        props.putArray("tags").add("security").add("ml-model");
        props.put("security-severity", securitySeverity(r.verdict()));
        return o;
    }

    private ObjectNode result(FileScanResult f, ScanFinding x, int ruleIdx) {
        ObjectNode o = mapper.createObjectNode();
        o.put("ruleId", x.ruleId());
        o.put("ruleIndex", ruleIdx);
        o.put("level", level(x.verdict()));
        String where = x.member().isEmpty() ? "" : " (in " + x.member() + ")";
        String ev = x.evidence().isEmpty() ? "" : " Evidence: " + x.evidence() + ".";
        o.putObject("message").put("text", x.message() + where + "." + ev);
        ObjectNode phys = o.putArray("locations").addObject().putObject("physicalLocation");
        phys.putObject("artifactLocation").put("uri", uri(f.path()));
        if (x.member().isEmpty() && x.offset() >= 0) {
            phys.putObject("region").put("byteOffset", x.offset()).put("byteLength", 1);
        }
        ObjectNode props = o.putObject("properties");
        props.put("verdict", x.verdict().name());
        props.put("member", x.member());
        props.put("offset", x.offset());
        if (f.sha256() != null) {
            o.putObject("partialFingerprints").put("sha256/v1", f.sha256() + ":" + x.ruleId() + ":" + x.member() + ":" + x.evidence());
        }
        return o;
    }

    private String uri(Path p) {
        Path shown = p;
        if (baseDirectory != null) {
            Path abs = p.toAbsolutePath().normalize();
            Path base = baseDirectory.toAbsolutePath().normalize();
            if (abs.startsWith(base)) {
                shown = base.relativize(abs);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (Path part : shown) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(java.net.URLEncoder.encode(part.toString(), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return shown.isAbsolute() ? "file:///" + sb : sb.toString();
    }

    /** DANGEROUS and INVALID are errors, SUSPICIOUS a warning, SAFE a note. */
    static String level(Verdict v) {
        return switch (v) {
            case DANGEROUS, INVALID -> "error";
            case SUSPICIOUS -> "warning";
            case SAFE -> "note";
        };
    }

    private static String securitySeverity(Verdict v) {
        return switch (v) {
            case DANGEROUS -> "9.8";
            case INVALID -> "7.0";
            case SUSPICIOUS -> "5.0";
            case SAFE -> "0.0";
        };
    }
}
