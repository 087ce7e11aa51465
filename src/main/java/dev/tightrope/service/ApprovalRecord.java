package dev.tightrope.service;

import java.time.Instant;
import java.util.Objects;

/**
 * One signed approval or rejection as the console and the command line show it: who decided
 * what about which digest, when and why, and whether it verifies against the trust store and
 * counts under the policy. Fields other than {@code location}, {@code status}, {@code verified}
 * and {@code reason} are null when the file does not say (or cannot be read).
 *
 * @param location       the bundle file (or {@code file:line}, or a registry location)
 * @param subjectDigest  {@code sha256:<hex>} of the approved artifact
 * @param subjectName    the name the statement gives the artifact
 * @param reviewer       the trusted reviewer whose key signed it; else the identity the predicate claims
 * @param keyFingerprint the signing key when it verified
 * @param status         the verifier's status: COUNTED, SUPERSEDED, DUPLICATE, EXPIRED, WRONG_SCOPE,
 *                       WRONG_SUBJECT, NOT_AN_APPROVAL, UNREVIEWED_REVIEWER, UNTRUSTED_KEY, BAD_SIGNATURE, MALFORMED,
 *                       FUTURE_TIME
 * @param verified       whether the signature verified with a key of the trust store (for UNREVIEWED_REVIEWER: a local one)
 * @param reason         a sentence for people
 */
public record ApprovalRecord(String location, String subjectDigest, String subjectName, ReviewDecision decision, String scope,
                             String reviewer, String keyFingerprint, Instant time, String rationale, String status,
                             boolean verified, String reason) {
    public ApprovalRecord {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }

    /** Whether it counts towards the gate now. */
    public boolean counted() {
        return "COUNTED".equals(status);
    }

    /** Whether it is signed by a reviewer trusted only locally (not in the organisation's reviewed trust store) and so does not count. */
    public boolean unreviewed() {
        return "UNREVIEWED_REVIEWER".equals(status);
    }
}
