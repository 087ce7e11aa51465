/**
 * Keys, signatures, approvals and the audit log: everything that makes a Tightrope record
 * verifiable by someone else. Depends only on {@code dev.tightrope.domain}.
 *
 * <ul>
 *   <li>{@code keys}: reviewer keys ({@link dev.tightrope.trust.keys.ReviewerKeys}), fingerprints and
 *       OMS key hints ({@link dev.tightrope.trust.keys.VerificationKey}), signers.</li>
 *   <li>{@code dsse}: DSSE envelopes, in-toto statements, Sigstore bundles, reading attestation files.</li>
 *   <li>{@code approval}: the approval predicate and {@link dev.tightrope.trust.approval.Approvals#sign}.</li>
 *   <li>{@code oms}: OpenSSF model signing v1.0 manifests and {@code model.sig} signing and verification.</li>
 *   <li>{@code log}: the RFC 9162 audit log, C2SP checkpoints, proofs and {@code log verify}.</li>
 *   <li>{@code reviewers}: the trust store file; {@code policy}: the gate policy file;
 *       {@code verify}: the CI gate ({@link dev.tightrope.trust.verify.AttestationVerifier}).</li>
 * </ul>
 * Unreadable input is a {@link dev.tightrope.trust.TrustFormatException} with its location; a
 * signature or policy that does not hold is a result, never an exception.
 */
package dev.tightrope.trust;
