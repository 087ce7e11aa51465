package dev.tightrope.trust.verify;

import dev.tightrope.trust.approval.Decision;
import java.time.Instant;
import java.util.Objects;

/**
 * One attestation's verification. Fields after {@code reason} are null when not known.
 *
 * @param location       file or file:line
 * @param status         what became of it
 * @param reason         a sentence for people
 * @param reviewer       the trusted reviewer whose key signed it
 * @param keyFingerprint that key's fingerprint
 * @param decision       APPROVED or REJECTED
 * @param scope          the predicate's purpose
 * @param time           the predicate's timeApproved
 */
public record AttestationResult(String location, AttestationStatus status, String reason, String reviewer,
                                String keyFingerprint, Decision decision, String scope, Instant time) {
    public AttestationResult {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }

    AttestationResult with(AttestationStatus newStatus, String newReason) {
        return new AttestationResult(location, newStatus, newReason, reviewer, keyFingerprint, decision, scope, time);
    }
}
