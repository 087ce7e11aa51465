package dev.tightrope.service.compliance;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The evidence a control in the mapping file can ask for: the fixed vocabulary the compliance
 * engine knows how to check for one model from the cache, the approvals directory and the audit
 * log. Each kind is a fact Tightrope actually holds; anything else a control needs is the
 * organisation's to show (the mapping says what, per control).
 */
public enum EvidenceKind {
    OWNER_ASSIGNED("owner-assigned", "someone owns the model (a claim from its source, a rule or a manual assignment)"),
    INVENTORIED("inventoried", "the model is in the inventory from a source and not gone from it"),
    MODEL_CARD("model-card", "its source describes it (a description in the inventory)"),
    TRAINING_DATA_LINEAGE("training-data-lineage", "lineage names a dataset upstream of it (what it was trained on)"),
    BUILD_PROVENANCE("build-provenance", "lineage names the training run or pipeline run that produced it"),
    SCAN_PERFORMED("scan-performed", "its bytes were scanned: by Tightrope's model scanner, or a source's scanner reported on them"),
    SCAN_CLEAN("scan-clean", "scanned, and no critical or high finding on it or on the files it is is open"),
    FINDINGS_TRIAGED("findings-triaged", "no finding on it or on the files it is is open: each is resolved, accepted or suppressed"),
    APPROVAL_RECORDED("approval-recorded", "a signed approval or rejection names its sha256 digest"),
    APPROVAL_VALID("approval-valid", "its digest passes the promotion gate: the counted signed approvals meet the policy"),
    AUDIT_LOG_INTACT("audit-log-intact", "the workspace's hash-linked audit log verifies (every entry and signed checkpoint)"),
    DEPLOYMENT_TRACKED("deployment-tracked", "lineage names a deployment of it");

    private final String token;
    private final String meaning;

    EvidenceKind(String token, String meaning) {
        this.token = token;
        this.meaning = meaning;
    }

    /** The name in the mapping file and the CLI's JSON, e.g. {@code approval-valid}. */
    public String token() {
        return token;
    }

    /** What the engine checks, in a sentence. */
    public String meaning() {
        return meaning;
    }

    public static Optional<EvidenceKind> fromToken(String token) {
        return Arrays.stream(values()).filter(k -> k.token.equals(token)).findFirst();
    }

    public static String tokens() {
        return Arrays.stream(values()).map(EvidenceKind::token).collect(Collectors.joining(", "));
    }
}
