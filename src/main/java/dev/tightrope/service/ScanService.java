package dev.tightrope.service;

import dev.tightrope.base.BuildInfo;
import dev.tightrope.scan.ModelScanner;
import dev.tightrope.scan.ScanCancelledException;
import dev.tightrope.scan.ScanReport;
import dev.tightrope.scan.Verdict;
import dev.tightrope.scan.report.JsonReportWriter;
import dev.tightrope.scan.report.SarifReportWriter;
import dev.tightrope.scan.report.TextReportWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * Scans model files without executing them, for the CLI (no workspace needed) and the console.
 * Results are written as text, JSON lines or SARIF 2.1.0.
 */
public final class ScanService {

    /** Output formats of a scan. */
    public enum OutputFormat {
        TEXT,
        JSON,
        SARIF;

        public static OutputFormat parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** The verdict at which a scan counts as failed (the CLI's --fail-on). */
    public enum Threshold {
        SUSPICIOUS(Verdict.SUSPICIOUS),
        DANGEROUS(Verdict.DANGEROUS);

        private final Verdict verdict;

        Threshold(Verdict verdict) {
            this.verdict = verdict;
        }

        public static Threshold parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** Scan progress: a fraction in [0, 1] and what is being read. Called from scan threads. */
    @FunctionalInterface
    public interface Progress {
        void update(double fraction, String message);

        Progress NONE = (f, m) -> { };
    }

    /** Thrown when a scan was cancelled. */
    public static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("the scan was cancelled", null, false, false);
        }
    }

    private final ModelScanner scanner;

    public ScanService(int threads) {
        this.scanner = ModelScanner.builder().threads(Math.max(1, threads)).build();
    }

    public static String version() {
        return BuildInfo.version().orElse("dev");
    }

    /** Scans files and directories; a path that does not exist is an IllegalArgumentException. */
    public Outcome scan(List<Path> paths, Progress progress, BooleanSupplier cancelled) {
        for (Path p : paths) {
            if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException("no such file or directory: " + p);
            }
        }
        try {
            ScanReport report = scanner.scan(paths, p -> progress.update(p.fraction(),
                    p.current() == null ? "scanning" : "scanning " + p.current().getFileName()), cancelled);
            return new Outcome(report, sarifBase(paths));
        } catch (ScanCancelledException e) {
            throw new Cancelled();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + e.getMessage(), e);
        }
    }

    /** SARIF locations are relative to the working directory (the repository root in CI) when every path is under it. */
    private static Path sarifBase(List<Path> paths) {
        Path cwd = Path.of("").toAbsolutePath().normalize();
        for (Path p : paths) {
            if (!p.toAbsolutePath().normalize().startsWith(cwd)) {
                return null;
            }
        }
        return cwd;
    }

    /**
     * One scanned file as the console shows it.
     *
     * @param name     the path relative to what was scanned
     * @param format   the format decided from the content ({@code PICKLE}, {@code SAFETENSORS}, …)
     * @param verdict  SAFE, SUSPICIOUS, INVALID or DANGEROUS
     * @param sha256   the file's SHA-256, or null when it could not be read
     */
    public record FileVerdict(String name, Path path, String format, String verdict, String sha256, long size,
                              List<Observation> findings) {
        public FileVerdict {
            findings = List.copyOf(findings);
        }
    }

    /** One observation in a file: rule, what it alone makes of the file, a sentence, the evidence, where (member@offset). */
    public record Observation(String ruleId, String verdict, String message, String evidence, String location) {
    }

    /** A finished scan. */
    public static final class Outcome {
        private final ScanReport report;
        private final Path base;

        Outcome(ScanReport report, Path base) {
            this.report = report;
            this.base = base;
        }

        public boolean reaches(Threshold threshold) {
            return report.reaches(threshold.verdict);
        }

        public int files() {
            return report.files().size();
        }

        /** Files per verdict, e.g. {DANGEROUS=2, SAFE=9}. */
        public Map<String, Integer> counts() {
            Map<String, Integer> out = new TreeMap<>();
            report.countsByVerdict().forEach((v, n) -> out.put(v.name(), n));
            return out;
        }

        /** Each file's verdict and what was observed in it, worst first, for people to read. */
        public List<FileVerdict> fileVerdicts() {
            return report.files().stream()
                    .sorted(java.util.Comparator.comparing((dev.tightrope.scan.FileScanResult r) -> r.verdict()).reversed()
                            .thenComparing(dev.tightrope.scan.FileScanResult::name))
                    .map(r -> new FileVerdict(r.name(), r.path(), r.format().name(), r.verdict().name(), r.sha256(), r.size(),
                            r.findings().stream().map(f -> new Observation(f.ruleId(), f.verdict().name(), f.message(), f.evidence(),
                                    f.location())).toList()))
                    .toList();
        }

        /** The worst verdict of any file ({@code SAFE} when nothing was found, or there were no files). */
        public String worstVerdict() {
            return report.files().stream().map(dev.tightrope.scan.FileScanResult::verdict).max(java.util.Comparator.naturalOrder())
                    .map(Enum::name).orElse("SAFE");
        }

        /** The OMS root digest of the scanned directory, when one directory was scanned. */
        public String rootDigest() {
            return report.modelManifest().map(m -> m.rootDigest().toString()).orElse(null);
        }

        public void write(OutputFormat format, Writer out) throws IOException {
            switch (format) {
                case TEXT -> new TextReportWriter().write(report, out);
                case JSON -> new JsonReportWriter().write(report, out);
                case SARIF -> new SarifReportWriter(version(), base).write(report, out);
            }
            out.flush();
        }
    }
}
