package dev.tightrope.service;

import dev.tightrope.domain.Severity;
import dev.tightrope.trust.policy.PolicyException;
import dev.tightrope.trust.policy.PolicyFile;
import dev.tightrope.trust.policy.PolicyStage;
import dev.tightrope.trust.verify.Outcome;
import dev.tightrope.trust.verify.RuleResult;
import dev.tightrope.trust.verify.VerificationReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one promotion policy engine: a stage's approval rules come verified from the trust
 * layer's {@link dev.tightrope.trust.verify.AttestationVerifier} (signatures, never waivable);
 * this adds the stage's rules about the release's facts (open findings, owner, training data,
 * scan) and applies the policy's exceptions. Without facts (the CI gate without a workspace
 * cache) those rules are {@code NOT_EVALUATED}, which fails: the gate fails closed.
 */
final class PolicyEngine {

    private static final int LISTED = 3;

    private PolicyEngine() {
    }

    /** The verification report of the approval rules with the asset rules of {@code stage} added and the outcome recomputed. */
    static VerificationReport apply(VerificationReport approvals, PolicyFile file, PolicyStage stage, Optional<ReleaseFacts> facts,
                                    String missingFacts, Instant now) {
        if (!stage.needsAssetFacts()) {
            return approvals;
        }
        List<RuleResult> rules = new ArrayList<>(approvals.rules());
        String digest = approvals.subject() == null ? null : approvals.subject().digest().toString();
        List<String> urns = facts.map(ReleaseFacts::urns).orElse(List.of());
        String unknown = facts.isEmpty() ? missingFacts
                : urns.isEmpty() ? "the workspace cache has no asset with digest " + digest + " (sync or scan it first)" : null;
        if (stage.maxOpenSeverity() != null) {
            rules.add(waive(file, stage, unknown != null ? notEvaluated(PolicyStage.FINDINGS, unknown)
                    : findings(facts.get(), stage.maxOpenSeverity()), urns, digest, now));
        }
        if (stage.requireOwner()) {
            rules.add(waive(file, stage, unknown != null ? notEvaluated(PolicyStage.OWNER, unknown)
                    : facts.get().owners().isEmpty()
                            ? new RuleResult(PolicyStage.OWNER, false, "nobody owns " + String.join(" or ", urns))
                            : new RuleResult(PolicyStage.OWNER, true, "owned by " + String.join(", ", facts.get().owners())),
                    urns, digest, now));
        }
        if (stage.requireTrainingData()) {
            rules.add(waive(file, stage, unknown != null ? notEvaluated(PolicyStage.TRAINING_DATA, unknown)
                    : facts.get().datasets().isEmpty()
                            ? new RuleResult(PolicyStage.TRAINING_DATA, false, "no dataset upstream of " + String.join(" or ", urns)
                                    + " in the lineage: the training data is unknown")
                            : new RuleResult(PolicyStage.TRAINING_DATA, true, "trained on " + listed(facts.get().datasets())),
                    urns, digest, now));
        }
        if (stage.scanFailOn() != null) {
            rules.add(waive(file, stage, unknown != null ? notEvaluated(PolicyStage.SCAN, unknown)
                    : scan(facts.get(), stage.scanFailOn()), urns, digest, now));
        }
        Outcome outcome = approvals.outcome() == Outcome.ERROR ? Outcome.ERROR
                : rules.stream().allMatch(RuleResult::passed) ? Outcome.PASS : Outcome.FAIL;
        return new VerificationReport(approvals.subject(), approvals.policy(), approvals.policySource(), approvals.evaluatedAt(),
                approvals.attestations(), rules, approvals.skipped(), approvals.errors(), outcome);
    }

    private static RuleResult notEvaluated(String rule, String why) {
        return new RuleResult(rule, RuleResult.Status.NOT_EVALUATED, "not evaluated: " + why);
    }

    private static RuleResult findings(ReleaseFacts facts, Severity max) {
        List<ReleaseFacts.OpenFinding> worse = facts.findings().stream().filter(f -> f.severity().compareTo(max) < 0).toList();
        if (worse.isEmpty()) {
            return new RuleResult(PolicyStage.FINDINGS, true, facts.findings().isEmpty() ? "no open finding"
                    : "no open finding above " + max.token() + " (" + facts.findings().size() + " open at or below it)");
        }
        return new RuleResult(PolicyStage.FINDINGS, false, worse.size() + " open finding(s) above " + max.token() + ": "
                + listed(worse.stream().map(ReleaseFacts.OpenFinding::describe).toList()));
    }

    private static RuleResult scan(ReleaseFacts facts, Severity failOn) {
        if (facts.scannedBy().isEmpty()) {
            return new RuleResult(PolicyStage.SCAN, false, "never scanned: no scanned copy of " + facts.digest()
                    + " (add a model-files source or run tightrope scan)");
        }
        List<ReleaseFacts.OpenFinding> blocking = facts.findings().stream()
                .filter(f -> f.fromScan() && f.severity().compareTo(failOn) <= 0).toList();
        if (blocking.isEmpty()) {
            return new RuleResult(PolicyStage.SCAN, true, "scanned (" + String.join(", ", facts.scannedBy())
                    + "), no open scan finding at or above " + failOn.token());
        }
        return new RuleResult(PolicyStage.SCAN, false, "the scan found " + blocking.size() + " open finding(s) at or above "
                + failOn.token() + ": " + listed(blocking.stream().map(ReleaseFacts.OpenFinding::describe).toList()));
    }

    /** A failing (or unevaluated) rule with a live exception is waived; an expired exception waives nothing and says so. */
    private static RuleResult waive(PolicyFile file, PolicyStage stage, RuleResult result, List<String> urns, String digest,
                                    Instant now) {
        if (result.passed()) {
            return result;
        }
        List<PolicyException> matching = file.exceptions().stream()
                .filter(e -> e.covers(stage.name(), result.rule(), urns, digest)).toList();
        Optional<PolicyException> live = matching.stream().filter(e -> !e.expired(now)).findFirst();
        if (live.isPresent()) {
            return new RuleResult(result.rule(), RuleResult.Status.WAIVED, result.detail() + "; waived: " + live.get().describe());
        }
        if (matching.isEmpty()) {
            return result;
        }
        return new RuleResult(result.rule(), result.status(), result.detail() + "; " + matching.stream()
                .map(e -> "the exception approved by " + e.approver() + " expired " + e.expires() + " and no longer waives")
                .collect(Collectors.joining("; ")));
    }

    private static String listed(List<String> items) {
        String shown = String.join("; ", items.subList(0, Math.min(LISTED, items.size())));
        return items.size() > LISTED ? shown + "; and " + (items.size() - LISTED) + " more" : shown;
    }
}
