package dev.tightrope.scan.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.scan.FileScanResult;
import dev.tightrope.scan.ScanFinding;
import dev.tightrope.scan.ScanReport;
import dev.tightrope.scan.ScanRules;
import dev.tightrope.scan.Verdict;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;

/**
 * Writes SARIF 2.1.0 for code-scanning uploads: one run, a rule per rule id with help text,
 * one result per finding located at the file (relative to a base directory when given) with the
 * byte offset as a region, DANGEROUS and INVALID as {@code error}, SUSPICIOUS as {@code warning}.
 */
public final class SarifReportWriter {

    public static final String SCHEMA = SarifLog.SCHEMA;

    private final String toolVersion;
    private final Path baseDirectory;

    /** @param baseDirectory paths become relative URIs to it (the repository root); null keeps them as given */
    public SarifReportWriter(String toolVersion, Path baseDirectory) {
        this.toolVersion = toolVersion;
        this.baseDirectory = baseDirectory;
    }

    public void write(ScanReport report, Writer out) throws IOException {
        log(report).write(out);
    }

    public ObjectNode toSarif(ScanReport report) {
        return log(report).root();
    }

    private SarifLog log(ScanReport report) {
        SarifLog log = new SarifLog("Tightrope model scanner", toolVersion);
        for (FileScanResult f : report.files()) {
            add(log, f);
        }
        return log;
    }

    /** Adds one file's findings to {@code log} (another tool's log, such as a shadow-AI scan's), with their rules. */
    public void add(SarifLog log, FileScanResult f) {
        for (ScanFinding x : f.findings()) {
            int idx = log.rule(x.ruleId(), () -> rule(log, ScanRules.describe(x.ruleId())));
            log.result(result(log, f, x, idx));
        }
    }

    private static ObjectNode rule(SarifLog log, ScanRules.Rule r) {
        ObjectNode o = log.object();
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

    private ObjectNode result(SarifLog log, FileScanResult f, ScanFinding x, int ruleIdx) {
        ObjectNode o = log.object();
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
        return SarifLog.uri(p, baseDirectory);
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
