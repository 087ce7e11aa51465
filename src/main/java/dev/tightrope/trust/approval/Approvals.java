package dev.tightrope.trust.approval;

import dev.tightrope.base.AtomicFiles;
import dev.tightrope.trust.dsse.Dsse;
import dev.tightrope.trust.dsse.Envelope;
import dev.tightrope.trust.dsse.SigstoreBundle;
import dev.tightrope.trust.dsse.Statement;
import dev.tightrope.trust.keys.Signer;
import dev.tightrope.trust.keys.VerificationKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Signing approvals and rejections as in-toto statements in DSSE envelopes in Sigstore bundles. */
public final class Approvals {

    private Approvals() {
    }

    /**
     * Signs {@code request} with the reviewer's key at {@code now}. Ed25519 bundles verify in
     * Tightrope only (cosign and model_signing key verification expect ECDSA); use the default
     * P-256 keys for approvals others must check.
     */
    public static SignedApproval sign(ApprovalRequest request, Signer signer, Instant now) {
        VerificationKey key = signer.verificationKey();
        ApprovalPredicate predicate = new ApprovalPredicate(request.decision(), request.purpose(), request.reviewerId(),
                key.hint(), now, request.rationale(), request.policy(), request.evidence());
        Statement statement = new Statement(List.of(request.subject()), ApprovalPredicate.TYPE, predicate.toJson());
        Envelope envelope = Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, statement.toBytes(), signer, key.hint());
        return new SignedApproval(SigstoreBundle.keyBased(envelope, key), statement, predicate, key.fingerprint());
    }

    /** Writes the bundle into {@code dir} under its suggested name; never overwrites. */
    public static Path write(Path dir, SignedApproval approval) {
        try {
            Path target = dir.resolve(approval.suggestedFileName());
            AtomicFiles.createNew(target, approval.bundleBytes());
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the approval to " + dir + ": " + e.getMessage(), e);
        }
    }
}
