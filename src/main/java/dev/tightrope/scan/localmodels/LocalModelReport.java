package dev.tightrope.scan.localmodels;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.domain.Problem;
import dev.tightrope.scan.FileScanResult;
import dev.tightrope.scan.ScanFinding;
import dev.tightrope.scan.Verdict;
import dev.tightrope.scan.mcp.ShadowReport;
import dev.tightrope.scan.report.SarifLog;
import dev.tightrope.scan.report.SarifReportWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The model files found on one machine and their scans: the cached models with their files, the
 * loose model files of the repository roots, and what could not be read. It fails (for CI) when
 * a file is DANGEROUS or is not the content its cache digest names.
 */
public record LocalModelReport(List<ScannedModel> models, List<LooseModelFile> loose, List<Problem> problems) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public LocalModelReport {
        models = List.copyOf(models);
        loose = List.copyOf(loose);
        problems = List.copyOf(problems);
    }

    /** A cached model and the scan of each of its files, under the file's path in the model. */
    public record ScannedModel(LocalModel model, List<FileScanResult> files) {
        public ScannedModel {
            files = List.copyOf(files);
        }

        public Verdict verdict() {
            return files.stream().map(FileScanResult::verdict).reduce(Verdict.SAFE, Verdict::worst);
        }
    }

    /** A model file lying in a repository root. */
    public record LooseModelFile(Path root, FileScanResult file) {
    }

    /** Every scanned file: the models' files, then the loose ones. */
    public Stream<FileScanResult> files() {
        return Stream.concat(models.stream().flatMap(m -> m.files().stream()), loose.stream().map(LooseModelFile::file));
    }

    /** Files found DANGEROUS. */
    public long dangerous() {
        return files().filter(f -> f.verdict() == Verdict.DANGEROUS).count();
    }

    /** Files that are not what their cache digest names. */
    public long digestMismatches() {
        return files().filter(f -> f.findings().stream().anyMatch(x -> x.ruleId().equals("file.digest-mismatch"))).count();
    }

    /** Whether a CI run should fail: a dangerous model file or one altered in its cache. */
    public boolean fails() {
        return dangerous() > 0 || digestMismatches() > 0;
    }

    /** One line: models, files, dangerous files, mismatches, problems. */
    public String summary() {
        return models.size() + (models.size() == 1 ? " cached model" : " cached models") + " and " + loose.size() + " loose model files: "
                + dangerous() + " dangerous, " + digestMismatches() + " not matching their cache digest"
                + (problems.isEmpty() ? "" : "; " + problems.size() + " not read");
    }

    /** Each model with its verdict and its files' findings; {@code home} shortens paths to {@code ~/…}. */
    public void writeText(PrintWriter out, Path home) {
        for (ScannedModel m : models) {
            out.printf("%-17s %s%n", "MODEL " + m.verdict().name(), m.model().identity());
            out.println("  " + m.model().cache().label() + (m.model().dataset() ? " dataset" : "") + " in "
                    + ShadowReport.shown(m.model().dir(), home) + ", " + m.files().size() + (m.files().size() == 1 ? " file" : " files"));
            m.files().forEach(f -> writeFindings(out, f, "  " + f.name()));
        }
        for (LooseModelFile l : loose) {
            out.printf("%-17s %s%n", "MODEL FILE " + l.file().verdict().name(), ShadowReport.shown(l.file().path(), home));
            writeFindings(out, l.file(), "  " + l.file().format().label());
        }
        for (Problem p : problems) {
            out.println("not read " + ShadowReport.shown(Path.of(p.location()), home) + ": " + p.message());
        }
        out.println(summary());
        out.flush();
    }

    private static void writeFindings(PrintWriter out, FileScanResult f, String what) {
        for (ScanFinding x : f.findings()) {
            out.println(what + ": " + x.verdict().name().toLowerCase(Locale.ROOT) + " " + x.ruleId() + ": " + x.message()
                    + (x.evidence().isEmpty() ? "" : " — " + x.evidence()) + (x.location().isEmpty() ? "" : " (" + x.location() + ")"));
        }
    }

    /** The report as the {@code localModels} member of a shadow scan's JSON. */
    public ObjectNode json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("dangerous", dangerous());
        root.put("digestMismatches", digestMismatches());
        root.put("fails", fails());
        ArrayNode list = root.putArray("models");
        for (ScannedModel m : models) {
            ObjectNode o = list.addObject();
            o.put("identity", m.model().identity());
            o.put("cache", m.model().cache().token());
            o.put("id", m.model().id());
            o.put("revision", m.model().revision());
            m.model().refs().forEach(o.putArray("refs")::add);
            o.put("dataset", m.model().dataset());
            o.put("dir", m.model().dir().toString());
            o.put("verdict", m.verdict().name());
            ArrayNode files = o.putArray("files");
            m.files().forEach(f -> file(files.addObject(), f));
        }
        ArrayNode files = root.putArray("looseFiles");
        loose.forEach(l -> file(files.addObject(), l.file()).put("root", l.root().toString()));
        ArrayNode skipped = root.putArray("notRead");
        problems.forEach(p -> skipped.addObject().put("location", p.location()).put("reason", p.message()));
        return root;
    }

    private static ObjectNode file(ObjectNode o, FileScanResult f) {
        o.put("name", f.name()).put("path", f.path().toString()).put("format", f.format().label()).put("verdict", f.verdict().name())
                .put("sha256", f.sha256()).put("size", f.size());
        ArrayNode findings = o.putArray("findings");
        f.findings().forEach(x -> findings.addObject().put("ruleId", x.ruleId()).put("verdict", x.verdict().name()).put("message", x.message())
                .put("evidence", x.evidence()).put("location", x.location()));
        return o;
    }

    /** Adds every file's findings to a SARIF log, at the file (URIs relative to {@code home} when under it). */
    public void sarif(SarifLog log, String toolVersion, Path home) {
        SarifReportWriter writer = new SarifReportWriter(toolVersion, home);
        files().forEach(f -> writer.add(log, f));
    }
}
