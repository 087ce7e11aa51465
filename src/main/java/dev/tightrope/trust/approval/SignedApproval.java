package dev.tightrope.trust.approval;

import dev.tightrope.domain.Labels;
import dev.tightrope.trust.dsse.SigstoreBundle;
import dev.tightrope.trust.dsse.Statement;
import java.util.Objects;

/**
 * A signed approval: the bundle to write or publish, and what it says.
 *
 * @param bundle          the Sigstore bundle v0.3 (one DSSE signature, OMS-style key hint)
 * @param statement       the in-toto statement inside
 * @param predicate       the approval predicate
 * @param keyFingerprint  the reviewer key that signed it
 */
public record SignedApproval(SigstoreBundle bundle, Statement statement, ApprovalPredicate predicate, String keyFingerprint) {

    public SignedApproval {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(predicate, "predicate");
        Objects.requireNonNull(keyFingerprint, "keyFingerprint");
    }

    /** The bundle file's bytes. */
    public byte[] bundleBytes() {
        return bundle.toBytes();
    }

    /**
     * A file name that sorts by time and never collides between reviewers:
     * {@code approval-<subject12>-<decision>-<yyyymmddThhmmssZ>-<hint8>.sigstore.json}.
     */
    public String suggestedFileName() {
        String time = predicate.timeApproved().toString().replace("-", "").replace(":", "");
        return "approval-" + statement.subjects().get(0).sha256().substring(0, 12) + "-"
                + Labels.token(predicate.decision()) + "-" + time + "-"
                + predicate.reviewerKeyHint().substring(0, 8) + ".sigstore.json";
    }
}
