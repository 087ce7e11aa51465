package dev.tightrope.service;

import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.Digest;
import dev.tightrope.domain.FindingStatus;
import dev.tightrope.domain.LineageGraph;
import dev.tightrope.domain.OwnerAssignment;
import dev.tightrope.domain.Severity;
import dev.tightrope.domain.StoredFinding;
import dev.tightrope.domain.Urn;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the cache knows about a release (every present asset with its digest: a model version
 * and the scanned directory of the same bytes are one release), as the promotion policy's
 * asset rules read it.
 *
 * @param urns      the release's assets (empty: the cache has none with this digest)
 * @param owners    who owns any of them
 * @param findings  their open findings
 * @param datasets  the datasets upstream of any of them in the lineage
 * @param scannedBy the assets that were scanned, each with its scanner ("tr:… by tightrope-scan/1.0")
 */
public record ReleaseFacts(String digest, List<String> urns, List<String> owners, List<OpenFinding> findings, List<String> datasets,
                           List<String> scannedBy) {

    /** How far up the lineage a dataset counts as training data (as far as an evidence bundle's lineage goes and more). */
    static final int LINEAGE_DEPTH = 8;
    /** The asset property a scanner leaves on what it scanned. */
    static final String SCANNER_PROPERTY = "scanner";

    /** An open finding of the release; {@code fromScan}: on an asset a scanner produced (a scan result). */
    public record OpenFinding(String urn, String ruleId, Severity severity, String evidence, boolean fromScan) {
        String describe() {
            return severity.token() + " " + ruleId + " on " + urn + (evidence == null || evidence.isBlank() ? "" : " (" + evidence + ")");
        }
    }

    public ReleaseFacts {
        urns = List.copyOf(urns);
        owners = List.copyOf(owners);
        findings = List.copyOf(findings);
        datasets = List.copyOf(datasets);
        scannedBy = List.copyOf(scannedBy);
    }

    /** The facts of the release with this digest from the cache. */
    static ReleaseFacts of(InventoryService inventory, LineageService lineage, Digest digest) {
        List<String> urns = new ArrayList<>();
        Set<String> owners = new LinkedHashSet<>();
        Set<OpenFinding> findings = new LinkedHashSet<>();
        Set<String> datasets = new LinkedHashSet<>();
        List<String> scannedBy = new ArrayList<>();
        for (AssetSummary s : inventory.byDigest(digest)) {
            if (s.goneAt() != null) {
                continue;
            }
            Urn urn = Urn.parse(s.urn());
            AssetDetail detail = inventory.detail(urn).orElse(null);
            if (detail == null) {
                continue;
            }
            urns.add(s.urn());
            detail.record().owners().stream().map(OwnerAssignment::owner).forEach(owners::add);
            String scanner = detail.record().asset().properties().get(SCANNER_PROPERTY);
            if (scanner != null) {
                scannedBy.add(s.urn() + " by " + scanner);
            }
            for (StoredFinding f : detail.findings()) {
                if (f.finding().status() == FindingStatus.OPEN) {
                    findings.add(new OpenFinding(f.finding().asset().toString(), f.finding().ruleId(), f.finding().severity(),
                            f.finding().evidence(), scanner != null));
                }
            }
            lineage.walk(urn, LineageGraph.Direction.UPSTREAM, LINEAGE_DEPTH).ifPresent(g -> g.nodes().stream()
                    .filter(n -> n.kind() == AssetKind.DATASET && !n.gone()).map(LineageGraph.Node::name).forEach(datasets::add));
        }
        List<OpenFinding> sorted = new ArrayList<>(findings);
        sorted.sort(Comparator.comparing(OpenFinding::severity).thenComparing(OpenFinding::urn));
        return new ReleaseFacts(digest.toString(), urns, List.copyOf(owners), sorted, List.copyOf(datasets), scannedBy);
    }
}
