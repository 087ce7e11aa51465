package dev.tightrope.scan.report;

import dev.tightrope.scan.FileScanResult;
import dev.tightrope.scan.ScanFinding;
import dev.tightrope.scan.ScanReport;
import dev.tightrope.scan.Verdict;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/** A human-readable report: one line per file, its findings indented below it, a summary at the end. */
public final class TextReportWriter {

    public void write(ScanReport report, Writer out) throws IOException {
        for (FileScanResult f : report.files()) {
            out.write(String.format("%-10s %-28s %s%n", f.verdict(), f.format().label(), f.name()));
            if (f.sha256() != null) {
                out.write("           sha256:" + f.sha256() + "  " + f.size() + " bytes\n");
            }
            for (ScanFinding x : f.findings()) {
                String where = x.location().isEmpty() ? "" : " [" + x.location() + "]";
                out.write(String.format("    %-10s %s%s%n", x.verdict(), x.ruleId(), where));
                out.write("               " + x.message() + "\n");
                if (!x.evidence().isEmpty()) {
                    out.write("               evidence: " + x.evidence() + "\n");
                }
            }
        }
        Map<Verdict, Integer> counts = report.countsByVerdict();
        out.write(String.format("%n%d files: %d safe, %d suspicious, %d invalid, %d dangerous. Verdict: %s%n", report.files().size(),
                counts.get(Verdict.SAFE), counts.get(Verdict.SUSPICIOUS), counts.get(Verdict.INVALID), counts.get(Verdict.DANGEROUS),
                report.verdict()));
        if (report.manifest() != null) {
            out.write("Model digest (OMS v1.0 root): " + report.manifest().rootDigest() + "\n");
        }
        out.flush();
    }
}
