package dev.tightrope.scan;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The scan of one file.
 *
 * @param path     the file as given or found under a scanned directory
 * @param name     its {@code /}-separated name relative to the scanned directory (the file name for a single file)
 * @param format   the format its content showed; {@link ModelFormat#UNKNOWN} when none matched
 * @param verdict  the worst verdict among its findings, SAFE when there are none
 * @param sha256   lower-case hex SHA-256 of the whole file, or null when it could not be read (symlink, read error)
 * @param size     file size in bytes
 * @param findings what the analyzers observed, in the order they found it
 * @param elapsed  wall time spent on this file (analysis and digest)
 */
public record FileScanResult(
        Path path,
        String name,
        ModelFormat format,
        Verdict verdict,
        String sha256,
        long size,
        List<ScanFinding> findings,
        Duration elapsed) {

    public FileScanResult {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(elapsed, "elapsed");
        findings = List.copyOf(findings);
        if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits: " + sha256);
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        Verdict worst = worstOf(findings);
        if (worst != verdict) {
            throw new IllegalArgumentException("verdict " + verdict + " is not the worst finding verdict " + worst);
        }
    }

    /** A model format, or content the scan has something to say about: worth an asset, unlike a README beside the models. */
    public boolean isModelOrFlagged() {
        return format != ModelFormat.UNKNOWN || verdict != Verdict.SAFE;
    }

    /** SAFE for no findings, else the worst finding's verdict. */
    public static Verdict worstOf(List<ScanFinding> findings) {
        Verdict v = Verdict.SAFE;
        for (ScanFinding f : findings) {
            v = v.worst(f.verdict());
        }
        return v;
    }
}
