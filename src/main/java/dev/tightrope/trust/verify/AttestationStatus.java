package dev.tightrope.trust.verify;

/** What became of one attestation in a verification. */
public enum AttestationStatus {
    /** A valid decision that counts under the policy. */
    COUNTED(true),
    /** A valid approval voided by a later rejection. */
    SUPERSEDED(true),
    /** A valid approval that does not add to the count: the same reviewer key already counted. */
    DUPLICATE(true),
    /** A valid approval older than the policy's maximum age. */
    EXPIRED(true),
    /** A valid decision for another scope than the policy's. */
    WRONG_SCOPE(true),
    /** Validly signed, but about another artifact (or replayed from one). */
    WRONG_SUBJECT(true),
    /** Not an approval (another predicate type); reported, not used. */
    NOT_AN_APPROVAL(true),
    /**
     * Validly signed by a key trusted only locally (an entry the organisation's reviewed trust
     * store does not have): does not count unless the policy says {@code countUnreviewedReviewers}.
     */
    UNREVIEWED_REVIEWER(true),
    /** Signed by no key in the trust store. */
    UNTRUSTED_KEY(false),
    /** Names a trusted key but the signature does not verify: payload or signature modified. */
    BAD_SIGNATURE(false),
    /** Signed, but its statement or predicate is malformed or inconsistent. */
    MALFORMED(false),
    /** Claims a decision time in the future. */
    FUTURE_TIME(false);

    private final boolean signatureValid;

    AttestationStatus(boolean signatureValid) {
        this.signatureValid = signatureValid;
    }

    /** Whether the signature verified with a key of the trust store (reviewed or, for {@link #UNREVIEWED_REVIEWER}, local). */
    public boolean signatureValid() {
        return signatureValid;
    }
}
