package dev.tightrope.scan;

import dev.tightrope.domain.ModelManifest;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The scan of one or more paths.
 *
 * @param files    per-file results, ordered by path as walked (names in code point order within a directory)
 * @param verdict  the roll-up: the worst file verdict, SAFE for no files
 * @param manifest the OpenSSF model signing v1.0 "files" manifest when exactly one directory or file was scanned, else null
 */
public record ScanReport(List<FileScanResult> files, Verdict verdict, ModelManifest manifest) {

    public ScanReport {
        files = List.copyOf(files);
        Objects.requireNonNull(verdict, "verdict");
        Verdict worst = Verdict.SAFE;
        for (FileScanResult f : files) {
            worst = worst.worst(f.verdict());
        }
        if (worst != verdict) {
            throw new IllegalArgumentException("roll-up verdict " + verdict + " is not the worst file verdict " + worst);
        }
    }

    public static ScanReport of(List<FileScanResult> files, ModelManifest manifest) {
        Verdict worst = Verdict.SAFE;
        for (FileScanResult f : files) {
            worst = worst.worst(f.verdict());
        }
        return new ScanReport(files, worst, manifest);
    }

    public Optional<ModelManifest> modelManifest() {
        return Optional.ofNullable(manifest);
    }

    /** Whether any file reaches {@code threshold}: the {@code --fail-on} test. */
    public boolean reaches(Verdict threshold) {
        return verdict.atLeast(threshold);
    }

    /** How many files ended with each verdict. */
    public Map<Verdict, Integer> countsByVerdict() {
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            counts.put(v, 0);
        }
        for (FileScanResult f : files) {
            counts.merge(f.verdict(), 1, Integer::sum);
        }
        return counts;
    }
}
