package dev.tightrope.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.AuditEntry;
import dev.tightrope.domain.AuditQuery;
import dev.tightrope.domain.Digest;
import dev.tightrope.domain.Urn;
import dev.tightrope.service.export.EvidenceBundle;
import dev.tightrope.trust.Sha256;
import dev.tightrope.trust.TrustJson;
import dev.tightrope.trust.log.AuditLog;
import dev.tightrope.trust.log.SignedCheckpoint;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Exports the evidence bundle of one release (see {@link EvidenceBundle} for the format). */
public final class EvidenceService {

    private final InventoryService inventory;
    private final ApprovalService approvals;
    private final AuditService audit;
    private final Clock clock;

    EvidenceService(InventoryService inventory, ApprovalService approvals, AuditService audit, Clock clock) {
        this.inventory = inventory;
        this.approvals = approvals;
        this.audit = audit;
        this.clock = clock;
    }

    /** What was exported. */
    public record Exported(Path file, String subjectDigest, int approvals, int findings, int auditEntries, long treeSize,
                           String manifestDigest, String verifierKey) {
    }

    /**
     * Writes the evidence bundle of {@code urn} (an asset with a sha256 digest) to {@code out}: its
     * approvals, findings, lineage, owners, and the audit entries about it with their inclusion
     * proofs in a freshly signed checkpoint. The export is recorded first, so it is among them.
     */
    public Exported export(Urn urn, Path out) {
        AssetDetail detail = inventory.detail(urn).orElseThrow(() -> new IllegalArgumentException("no asset " + urn + " in this workspace"));
        Digest digest = detail.record().asset().digest();
        if (digest == null || !digest.algorithm().equals("sha256")) {
            throw new IllegalArgumentException("asset " + urn + " has no sha256 digest: there is nothing an approval could be about");
        }
        Map<String, byte[]> content = new LinkedHashMap<>();
        approvals.evidenceDocuments(urn).forEach((name, bytes) -> content.put("evidence/" + name, bytes));
        Map<String, byte[]> bundles = approvals.bundles(digest.toString());
        bundles.forEach((name, bytes) -> content.put("approvals/" + name, bytes));
        Map<String, String> hashes = new TreeMap<>();
        content.forEach((path, bytes) -> hashes.put(path, Sha256.hex(bytes)));
        String manifest = EvidenceBundle.manifestDigest(hashes);

        AuditEntry exportEntry = audit.record("export.evidence", urn.toString(), Map.of(
                "digest", digest.toString(), "manifest", manifest, "file", out.getFileName().toString(),
                "approvals", String.valueOf(bundles.size())));
        AuditLog log = audit.log();
        SignedCheckpoint checkpoint = log.checkpoint();
        long treeSize = checkpoint.checkpoint().size();

        TreeSet<Long> indexes = new TreeSet<>();
        List<String> subjects = new ArrayList<>();
        subjects.add(urn.toString());
        subjects.add(digest.toString());
        detail.sameContent().stream().map(AssetSummary::urn).forEach(subjects::add);
        for (String subject : subjects) {
            for (AuditEntry e : audit.entries(new AuditQuery(null, null, subject, null, null, 0, 10_000))) {
                if (e.index() < treeSize) {
                    indexes.add(e.index());
                }
            }
        }
        indexes.add(exportEntry.index());
        List<EvidenceBundle.ProvenEntry> proven = new ArrayList<>();
        for (long index : indexes) {
            AuditEntry e = log.entry(index).orElseThrow(() -> new IllegalStateException("audit entry " + index + " vanished"));
            proven.add(new EvidenceBundle.ProvenEntry(e.leaf(), log.inclusionProof(index, treeSize)));
        }

        ObjectNode subject = TrustJson.object();
        subject.put("urn", urn.toString());
        subject.put("kind", urn.kind().token());
        subject.put("name", detail.record().asset().name());
        subject.put("digest", digest.toString());
        EvidenceBundle.write(out, subject, content, manifest, exportEntry.index(), proven, checkpoint.signedNote(),
                checkpoint.checkpoint(), audit.verifierKey(), clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        return new Exported(out, digest.toString(), bundles.size(), detail.findings().size(), proven.size(), treeSize, manifest,
                audit.verifierKey());
    }
}
