package dev.tightrope.trust.verify;

import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.approval.ApprovalPredicate;
import dev.tightrope.trust.approval.Decision;
import dev.tightrope.trust.dsse.Attestation;
import dev.tightrope.trust.dsse.AttestationReader;
import dev.tightrope.trust.dsse.Dsse;
import dev.tightrope.trust.dsse.Statement;
import dev.tightrope.trust.keys.VerificationKey;
import dev.tightrope.trust.policy.Policy;
import dev.tightrope.trust.reviewers.LayeredTrustStore;
import dev.tightrope.trust.reviewers.TrustStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The promotion gate: checks attestations about one subject against a trust store and a policy.
 * A signature counts only if a trusted key verifies it (the keyid and bundle hint only choose
 * which key to try first); distinct reviewers are counted by key; the subject must be among the
 * statement's subjects by sha256; the approval's reviewer key hint must be the signing key.
 * Invalid attestations are reported and not counted; they do not by themselves fail the gate.
 * Unreadable inputs make the outcome {@link Outcome#ERROR}, never PASS or FAIL.
 *
 * <p>A trust-store entry counts only as far as the organisation reviewed it: a decision signed by
 * a key trusted only locally is {@link AttestationStatus#UNREVIEWED_REVIEWER}, and a role added
 * locally satisfies no role rule, unless the policy says {@code countUnreviewedReviewers} (and
 * then the rules name those reviewers as unreviewed).
 */
public final class AttestationVerifier {

    /** Clock skew tolerated for decision times slightly in the future. */
    static final Duration SKEW = Duration.ofMinutes(5);

    private final LayeredTrustStore trust;
    private final Policy policy;
    private final String policySource;
    private final Clock clock;

    /** A gate over a reviewed trust store alone (every entry reviewed). */
    public AttestationVerifier(TrustStore trust, Policy policy, String policySource, Clock clock) {
        this(LayeredTrustStore.reviewedOnly(trust), policy, policySource, clock);
    }

    public AttestationVerifier(LayeredTrustStore trust, Policy policy, String policySource, Clock clock) {
        this.trust = trust;
        this.policy = policy;
        this.policySource = policySource;
        this.clock = clock;
    }

    /** Reads a directory of bundles, one bundle or envelope file, or a {@code .intoto.jsonl} file, then verifies. */
    public VerificationReport verify(Subject subject, Path attestations) {
        List<Attestation> read = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        if (Files.isDirectory(attestations)) {
            AttestationReader.DirectoryContents contents = AttestationReader.readDirectory(attestations);
            read.addAll(contents.attestations());
            skipped.addAll(contents.skipped());
            contents.errors().forEach(e -> errors.add(e.getMessage()));
        } else if (Files.isRegularFile(attestations)) {
            try {
                read.addAll(AttestationReader.readFile(attestations));
            } catch (TrustFormatException e) {
                errors.add(e.getMessage());
            }
        } else {
            errors.add(attestations + ": no such file or directory");
        }
        return verify(subject, read, skipped, errors);
    }

    public VerificationReport verify(Subject subject, List<Attestation> attestations, List<String> skipped, List<String> readErrors) {
        Instant now = clock.instant();
        List<AttestationResult> results = new ArrayList<>();
        for (Attestation a : attestations) {
            results.add(check(subject, a, now));
        }
        List<RuleResult> rules = applyPolicy(results);
        Outcome outcome;
        if (!readErrors.isEmpty()) {
            outcome = Outcome.ERROR;
        } else {
            outcome = rules.stream().allMatch(RuleResult::passed) ? Outcome.PASS : Outcome.FAIL;
        }
        return new VerificationReport(subject, policy, policySource, now, results, rules, skipped, readErrors, outcome);
    }

    private AttestationResult check(Subject subject, Attestation a, Instant now) {
        String where = a.location();
        if (a.bundle() != null && a.envelope().signatures().size() != 1) {
            return result(where, AttestationStatus.MALFORMED, "a Sigstore bundle must carry exactly one signature, found "
                    + a.envelope().signatures().size());
        }
        List<Dsse.VerifiedSignature> verified = Dsse.verify(a.envelope(), trust.keys(), false);
        if (verified.isEmpty()) {
            Optional<LayeredTrustStore.Entry> named = namedReviewer(a);
            if (named.isPresent()) {
                return result(where, AttestationStatus.BAD_SIGNATURE, "names the key of trusted reviewer '" + named.get().name()
                        + "' but the signature does not verify: the payload or the signature was modified");
            }
            return result(where, AttestationStatus.UNTRUSTED_KEY, "not signed by any key in the trust store");
        }
        if (!Dsse.IN_TOTO_PAYLOAD_TYPE.equals(a.envelope().payloadType())) {
            return result(where, AttestationStatus.NOT_AN_APPROVAL, "payload type " + a.envelope().payloadType() + " is not an in-toto statement");
        }
        Statement statement;
        try {
            statement = Statement.parse(a.envelope().payload(), where);
        } catch (TrustFormatException e) {
            return result(where, AttestationStatus.MALFORMED, e.getMessage());
        }
        if (!ApprovalPredicate.TYPE.equals(statement.predicateType())) {
            return result(where, AttestationStatus.NOT_AN_APPROVAL, "predicate type " + statement.predicateType() + " is not "
                    + ApprovalPredicate.TYPE);
        }
        ApprovalPredicate p;
        try {
            p = ApprovalPredicate.fromJson(statement.predicate(), where + " predicate");
        } catch (TrustFormatException e) {
            return result(where, AttestationStatus.MALFORMED, e.getMessage());
        }
        VerificationKey signer = null;
        for (Dsse.VerifiedSignature v : verified) {
            if (v.key().hint().equals(p.reviewerKeyHint())) {
                signer = v.key();
            }
        }
        if (signer == null) {
            return result(where, AttestationStatus.MALFORMED, "the approval names reviewer key " + p.reviewerKeyHint()
                    + " but is signed by " + verified.get(0).key().fingerprint());
        }
        LayeredTrustStore.Entry reviewer = trust.byKey(signer).orElseThrow();
        AttestationResult r = new AttestationResult(where, AttestationStatus.COUNTED, "", reviewer.name(), signer.fingerprint(),
                p.decision(), p.purpose(), p.timeApproved());
        String what = p.decision() + " by " + reviewer.name() + " (" + signer.fingerprint() + ") for " + p.purpose()
                + " at " + p.timeApproved();
        if (!statement.hasSubjectSha256(subject.digest().hex())) {
            return r.with(AttestationStatus.WRONG_SUBJECT, what + " is about " + subjects(statement) + ", not " + subject.digest());
        }
        if (policy.scope() != null && !policy.scope().equals(p.purpose())) {
            return r.with(AttestationStatus.WRONG_SCOPE, what + ": the policy requires scope " + policy.scope());
        }
        if (p.timeApproved().isAfter(now.plus(SKEW))) {
            return r.with(AttestationStatus.FUTURE_TIME, what + ": the decision time is in the future");
        }
        if (p.decision() == Decision.APPROVED && policy.maxAgeDays() != null
                && p.timeApproved().isBefore(now.minus(Duration.ofDays(policy.maxAgeDays())))) {
            return r.with(AttestationStatus.EXPIRED, what + ": older than the policy's " + policy.maxAgeDays() + " days");
        }
        if (!reviewer.counts(policy.countUnreviewedReviewers())) {
            return r.with(AttestationStatus.UNREVIEWED_REVIEWER, what + ": " + unreviewed(reviewer)
                    + "; it does not count unless the policy sets countUnreviewedReviewers");
        }
        return r.with(AttestationStatus.COUNTED, what);
    }

    /** Why a local entry is not the organisation's: who added it, when, and whether it is self-trust. */
    static String unreviewed(LayeredTrustStore.Entry e) {
        return e.name() + " is a local trust-store entry" + (e.addedBy() == null ? "" : " added by " + e.addedBy()
                + (e.addedAt() == null ? "" : " at " + e.addedAt())) + ", not in the organisation's reviewed trust store"
                + (e.selfTrust() == null ? "" : " (self-trust: " + e.selfTrust() + ")");
    }

    private Optional<LayeredTrustStore.Entry> namedReviewer(Attestation a) {
        if (a.bundle() != null && a.bundle().hint() != null) {
            Optional<LayeredTrustStore.Entry> r = trust.byKeyId(a.bundle().hint());
            if (r.isPresent()) {
                return r;
            }
        }
        return a.envelope().signatures().stream()
                .map(s -> s.keyid() == null || s.keyid().isEmpty() ? Optional.<LayeredTrustStore.Entry>empty()
                        : trust.byKeyId(s.keyid()))
                .flatMap(Optional::stream).findFirst();
    }

    /** A reviewer's name, marked when their entry was not reviewed (it counts only under countUnreviewedReviewers). */
    private String named(String reviewer) {
        return trust.byName(reviewer).filter(e -> !e.reviewed()).map(e -> reviewer + " (unreviewed)").orElse(reviewer);
    }

    /** As {@link #named}, also marking a role that counted only because the policy counts unreviewed roles. */
    private String named(String reviewer, String role) {
        boolean unreviewedRole = trust.byName(reviewer).map(e -> e.reviewed() && !e.reviewedRoles().contains(role)).orElse(false);
        return unreviewedRole ? reviewer + " (role " + role + " unreviewed)" : named(reviewer);
    }

    private static String subjects(Statement s) {
        return s.subjects().stream().map(d -> d.sha256() == null ? String.valueOf(d.name()) : "sha256:" + d.sha256())
                .reduce((x, y) -> x + ", " + y).orElse("nothing");
    }

    private static AttestationResult result(String where, AttestationStatus status, String reason) {
        return new AttestationResult(where, status, reason, null, null, null, null, null);
    }

    /** Applies rejections, de-duplication, counting and roles; updates statuses in place. */
    private List<RuleResult> applyPolicy(List<AttestationResult> results) {
        List<RuleResult> rules = new ArrayList<>();
        Instant newestRejection = null;
        AttestationResult newestRejectionResult = null;
        Instant newestApproval = null;
        for (AttestationResult r : results) {
            if (r.status() != AttestationStatus.COUNTED) {
                continue;
            }
            if (r.decision() == Decision.REJECTED && (newestRejection == null || r.time().isAfter(newestRejection))) {
                newestRejection = r.time();
                newestRejectionResult = r;
            }
            if (r.decision() == Decision.APPROVED && (newestApproval == null || r.time().isAfter(newestApproval))) {
                newestApproval = r.time();
            }
        }
        int voided = 0;
        if (policy.rejectionBlocks() && newestRejection != null) {
            for (int i = 0; i < results.size(); i++) {
                AttestationResult r = results.get(i);
                if (r.status() == AttestationStatus.COUNTED && r.decision() == Decision.APPROVED && !r.time().isAfter(newestRejection)) {
                    results.set(i, r.with(AttestationStatus.SUPERSEDED, r.reason() + ": voided by the rejection by "
                            + newestRejectionResult.reviewer() + " at " + newestRejection));
                    voided++;
                }
            }
            boolean rejectionIsNewest = newestApproval == null || !newestApproval.isAfter(newestRejection);
            rules.add(new RuleResult("rejections", !rejectionIsNewest, rejectionIsNewest
                    ? "rejected by " + newestRejectionResult.reviewer() + " at " + newestRejection
                            + (voided > 0 ? "; " + voided + " earlier approval(s) voided" : "")
                    : "the rejection by " + newestRejectionResult.reviewer() + " at " + newestRejection + " voided " + voided
                            + " earlier approval(s); later approvals count"));
        } else {
            rules.add(new RuleResult("rejections", true, newestRejection == null ? "no valid rejection"
                    : "rejections do not block under this policy"));
        }

        // One counted approval per reviewer key (the newest) when reviewers must be distinct.
        Map<String, Integer> newestByKey = new HashMap<>();
        for (int i = 0; i < results.size(); i++) {
            AttestationResult r = results.get(i);
            if (r.status() != AttestationStatus.COUNTED || r.decision() != Decision.APPROVED || !policy.distinctReviewers()) {
                continue;
            }
            Integer prev = newestByKey.get(r.keyFingerprint());
            if (prev == null) {
                newestByKey.put(r.keyFingerprint(), i);
            } else {
                int older = results.get(prev).time().isAfter(r.time()) ? i : prev;
                int newer = older == i ? prev : i;
                results.set(older, results.get(older).with(AttestationStatus.DUPLICATE,
                        results.get(older).reason() + ": this reviewer's newer approval counts instead"));
                newestByKey.put(r.keyFingerprint(), newer);
            }
        }
        List<AttestationResult> counted = results.stream()
                .filter(r -> r.status() == AttestationStatus.COUNTED && r.decision() == Decision.APPROVED)
                .sorted(Comparator.comparing(AttestationResult::time)).toList();
        boolean countUnreviewed = policy.countUnreviewedReviewers();
        Map<String, String> byReviewer = new LinkedHashMap<>();
        counted.forEach(r -> byReviewer.put(r.keyFingerprint(), named(r.reviewer())));
        List<String> notCounted = results.stream()
                .filter(r -> r.status() == AttestationStatus.UNREVIEWED_REVIEWER && r.decision() == Decision.APPROVED)
                .map(AttestationResult::reviewer).distinct().toList();
        rules.add(new RuleResult("approvals", counted.size() >= policy.requireApprovals(),
                counted.size() + " of " + policy.requireApprovals() + " required"
                        + (policy.distinctReviewers() ? " from distinct reviewers" : "")
                        + (counted.isEmpty() ? "" : " (" + String.join(", ", byReviewer.values()) + ")")
                        + (notCounted.isEmpty() ? "" : "; not counted, unreviewed: " + String.join(", ", notCounted))));
        for (String role : policy.requireRoles()) {
            Optional<AttestationResult> by = counted.stream()
                    .filter(r -> trust.byName(r.reviewer()).map(e -> e.hasCountedRole(role, countUnreviewed)).orElse(false))
                    .findFirst();
            List<String> onlyLocally = results.stream()
                    .filter(r -> r.decision() == Decision.APPROVED && (r.status() == AttestationStatus.COUNTED
                            || r.status() == AttestationStatus.UNREVIEWED_REVIEWER))
                    .map(AttestationResult::reviewer).distinct()
                    .filter(n -> trust.byName(n).map(e -> e.reviewer().hasRole(role) && !e.hasCountedRole(role, countUnreviewed))
                            .orElse(false))
                    .toList();
            rules.add(new RuleResult("role " + role, by.isPresent(), by.map(r -> "approved by " + named(r.reviewer(), role))
                    .orElse("no counted approval by a reviewer with role " + role + (onlyLocally.isEmpty() ? ""
                            : " (" + String.join(", ", onlyLocally) + " " + (onlyLocally.size() == 1 ? "has" : "have")
                            + " it only from a local, unreviewed trust-store entry)"))));
        }
        return rules;
    }
}
