package dev.tightrope.scan.localmodels;

import dev.tightrope.scan.FileScanResult;
import dev.tightrope.scan.ModelFormat;
import dev.tightrope.scan.ModelScanner;
import dev.tightrope.scan.ScanFinding;
import dev.tightrope.scan.Verdict;
import dev.tightrope.scan.mcp.OsLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Scans what {@link LocalModelDiscovery} found with the model scanner: structure checks read the
 * formats' headers and metadata, and one sequential read of each file computes its SHA-256 (a
 * multi-gigabyte GGUF costs one read at disk speed; nothing is loaded or executed). Each distinct
 * blob is scanned once, however many snapshots or tags point at it. A file whose SHA-256 is not
 * the digest its cache names it by (a Hugging Face LFS blob, an Ollama layer) gets
 * {@code file.digest-mismatch}.
 */
public final class LocalModelScan {

    private final LocalModelDiscovery discovery;
    private final ModelScanner scanner;

    public LocalModelScan(LocalModelLimits limits, ModelScanner scanner) {
        this.discovery = new LocalModelDiscovery(limits);
        this.scanner = scanner;
    }

    /** Finds and scans the cached models under {@code home} and the loose model files under {@code roots}. */
    public LocalModelReport scan(Path home, List<Path> roots, OsLayout os, BooleanSupplier cancelled) {
        LocalModelDiscovery.Found found = discovery.discover(home, roots, os, cancelled);
        Map<String, FileScanResult> scanned = new HashMap<>();
        List<LocalModelReport.ScannedModel> models = new ArrayList<>();
        for (LocalModel m : found.models()) {
            if (cancelled.getAsBoolean()) {
                break;
            }
            List<FileScanResult> files = new ArrayList<>();
            for (ModelFile f : m.files()) {
                files.add(scan(f, scanned, cancelled));
            }
            models.add(new LocalModelReport.ScannedModel(m, files));
        }
        List<LocalModelReport.LooseModelFile> loose = new ArrayList<>();
        for (LocalModelDiscovery.LooseFile l : found.loose()) {
            if (cancelled.getAsBoolean()) {
                break;
            }
            FileScanResult r = scan(l.file(), scanned, cancelled);
            if (r.isModelOrFlagged()) {
                loose.add(new LocalModelReport.LooseModelFile(l.root(), r));
            }
        }
        return new LocalModelReport(models, loose, found.problems());
    }

    /** The scan of {@code f}'s content (once per blob), under {@code f}'s own path and name. */
    private FileScanResult scan(ModelFile f, Map<String, FileScanResult> scanned, BooleanSupplier cancelled) {
        String key = f.expectedSha256() != null ? f.expectedSha256() : f.content().toAbsolutePath().normalize().toString();
        FileScanResult r = scanned.get(key);
        if (r == null) {
            try {
                r = scanner.scanFile(f.content(), f.name(), cancelled);
            } catch (IOException e) {
                r = new FileScanResult(f.content(), f.name(), ModelFormat.UNKNOWN, Verdict.SUSPICIOUS, null, 0,
                        List.of(new ScanFinding("scan.read-error", Verdict.SUSPICIOUS, "read failed: " + e.getMessage(), f.content().toString(), "", -1)),
                        Duration.ZERO);
            }
            if (f.expectedSha256() != null && r.sha256() != null && !r.sha256().equals(f.expectedSha256())) {
                List<ScanFinding> findings = new ArrayList<>(r.findings());
                findings.add(new ScanFinding("file.digest-mismatch", Verdict.INVALID,
                        "The file's SHA-256 is not the digest its cache names it by: altered or damaged after the download",
                        "expected sha256:" + f.expectedSha256() + ", read sha256:" + r.sha256(), "", -1));
                r = new FileScanResult(r.path(), r.name(), r.format(), FileScanResult.worstOf(findings), r.sha256(), r.size(), findings, r.elapsed());
            }
            scanned.put(key, r);
        }
        return new FileScanResult(f.path(), f.name(), r.format(), r.verdict(), r.sha256(), r.size(), r.findings(), r.elapsed());
    }
}
