package dev.tightrope.sync.modelfiles;

import dev.tightrope.base.BuildInfo;
import dev.tightrope.domain.Asset;
import dev.tightrope.domain.Digest;
import dev.tightrope.domain.Finding;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.RecordSink;
import dev.tightrope.scan.FileScanResult;
import dev.tightrope.scan.ScanFinding;
import dev.tightrope.scan.Verdict;

/**
 * A scanned model file as records, the same for every source that scans files (a model
 * directory, a machine's model caches): the file's asset with its format, verdict, size and
 * SHA-256 digest, and the scan's findings on it and on the model it belongs to.
 */
public final class ModelFileRecords {

    /** The detector of scan findings: the model scanner of this build. */
    public static final String DETECTOR = "tightrope-scan/" + BuildInfo.version().orElse("dev");

    private ModelFileRecords() {
    }

    /** The file's asset, named {@code name}: {@code path}, {@code format}, {@code verdict}, {@code size}, {@code scanner} and its digest. */
    public static Asset.Builder asset(Urn urn, String name, FileScanResult f) {
        Asset.Builder asset = Asset.builder(urn, name)
                .property("path", f.path().toString())
                .property("format", f.format().label())
                .property("verdict", f.verdict().name())
                .property("size", f.size())
                .property("scanner", DETECTOR)
                .sourceRef(f.path().toString());
        if (f.sha256() != null) {
            asset.digest(Digest.sha256(f.sha256()));
        }
        return asset;
    }

    /**
     * Every finding of {@code f} worse than SAFE on {@code asset}: the file itself when {@code within} is null (at the
     * finding's place in the file), or the model holding it, at {@code within: place} ({@code within} the file's name
     * in the model).
     */
    public static void findings(FileScanResult f, Urn asset, String within, RecordSink sink) {
        for (ScanFinding finding : f.findings()) {
            if (finding.verdict() == Verdict.SAFE) {
                continue;
            }
            String where = within == null ? finding.location() : finding.location().isEmpty() ? within : within + ": " + finding.location();
            sink.finding(finding(asset, finding, where));
        }
    }

    private static Finding finding(Urn asset, ScanFinding f, String location) {
        return new Finding(asset, f.ruleId(), f.verdict().severity(), f.message(), f.evidence().isEmpty() ? null : f.evidence(),
                location, DETECTOR, null);
    }
}
