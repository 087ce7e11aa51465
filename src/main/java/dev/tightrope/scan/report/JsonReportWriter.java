package dev.tightrope.scan.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.domain.Labels;
import dev.tightrope.scan.FileScanResult;
import dev.tightrope.scan.ScanFinding;
import dev.tightrope.scan.ScanReport;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes a scan as JSON Lines: one object per file, one line each. The schema is stable:
 *
 * <pre>
 * {
 *   "path":     string   the file as given or found,
 *   "name":     string   '/'-separated name relative to the scanned directory,
 *   "format":   string   ModelFormat name, e.g. "PYTORCH_ZIP", "PICKLE", "UNKNOWN",
 *   "verdict":  string   "SAFE" | "SUSPICIOUS" | "INVALID" | "DANGEROUS",
 *   "sha256":   string|null  64 lower-case hex digits of the whole file,
 *   "size":     number   bytes,
 *   "findings": [
 *     { "ruleId":   string  e.g. "pickle.denied-import",
 *       "verdict":  string  as above,
 *       "severity": string  "critical" | "high" | "medium" | "info",
 *       "message":  string,
 *       "evidence": string  the offending import, opcode, field or value ("" when none),
 *       "member":   string  container member path ("" for the file itself),
 *       "offset":   number  byte offset within the member, -1 when not meaningful }
 *   ]
 * }
 * </pre>
 *
 * New fields may be added; existing ones keep their name, type and meaning.
 */
public final class JsonReportWriter {

    private final ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT)
            .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);

    public void write(ScanReport report, Writer out) throws IOException {
        for (FileScanResult f : report.files()) {
            out.write(mapper.writeValueAsString(toJson(f)));
            out.write('\n');
        }
        out.flush();
    }

    /** One file's object, as written on its line. */
    public ObjectNode toJson(FileScanResult f) {
        ObjectNode o = mapper.createObjectNode();
        o.put("path", f.path().toString());
        o.put("name", f.name());
        o.put("format", f.format().name());
        o.put("verdict", f.verdict().name());
        if (f.sha256() == null) {
            o.putNull("sha256");
        } else {
            o.put("sha256", f.sha256());
        }
        o.put("size", f.size());
        ArrayNode findings = o.putArray("findings");
        for (ScanFinding x : f.findings()) {
            ObjectNode n = findings.addObject();
            n.put("ruleId", x.ruleId());
            n.put("verdict", x.verdict().name());
            n.put("severity", Labels.token(x.verdict().severity()));
            n.put("message", x.message());
            n.put("evidence", x.evidence());
            n.put("member", x.member());
            n.put("offset", x.offset());
        }
        return o;
    }
}
