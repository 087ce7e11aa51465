package dev.tightrope.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.Digest;
import dev.tightrope.domain.Severity;
import dev.tightrope.trust.policy.Policy;
import dev.tightrope.trust.policy.PolicyException;
import dev.tightrope.trust.policy.PolicyFile;
import dev.tightrope.trust.policy.PolicyStage;
import dev.tightrope.trust.reviewers.TrustStore;
import dev.tightrope.trust.verify.AttestationVerifier;
import dev.tightrope.trust.verify.Outcome;
import dev.tightrope.trust.verify.RuleResult;
import dev.tightrope.trust.verify.Subject;
import dev.tightrope.trust.verify.VerificationReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each asset rule of a policy stage, exceptions and their expiry, and failing closed without facts. */
class PolicyEngineTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final Digest DIGEST = Digest.sha256(new byte[32]);
    static final String URN = "tr:model_version:mlflow:mlflow.example/models/m/1";
    static final String FILE = "tr:model_artifact:model-files:/models/m";
    /** Approval rules that pass with no approvals, so that the asset rules alone decide. */
    static final Policy NO_APPROVALS = new Policy(1, null, 0, true, List.of(), null, true);
    static final PolicyStage EVERY_RULE = new PolicyStage("production", NO_APPROVALS, Severity.MEDIUM, true, true, Severity.HIGH);

    static ReleaseFacts clean() {
        return new ReleaseFacts(DIGEST.toString(), List.of(URN, FILE), List.of("fraud-ml"), List.of(), List.of("features/fraud_training_set"),
                List.of(FILE + " by tightrope-scan/1.0"));
    }

    static VerificationReport approvals(Instant now) {
        return new AttestationVerifier(TrustStore.empty(), NO_APPROVALS, "test policy", Clock.fixed(now, ZoneOffset.UTC))
                .verify(new Subject(DIGEST, "m"), List.of(), List.of(), List.of());
    }

    static VerificationReport evaluate(PolicyStage stage, Optional<ReleaseFacts> facts, List<PolicyException> exceptions, Instant now) {
        PolicyFile file = new PolicyFile(2, null, Map.of(stage.name(), stage), exceptions);
        return PolicyEngine.apply(approvals(now), file, stage, facts, "no cache here", now);
    }

    static RuleResult rule(VerificationReport r, String name) {
        return r.rules().stream().filter(x -> x.rule().equals(name)).findFirst().orElseThrow();
    }

    static ReleaseFacts.OpenFinding finding(Severity s, boolean fromScan) {
        return new ReleaseFacts.OpenFinding(FILE, "pickle.denied-import", s, "posix.system", fromScan);
    }

    static ReleaseFacts with(List<ReleaseFacts.OpenFinding> findings) {
        ReleaseFacts c = clean();
        return new ReleaseFacts(c.digest(), c.urns(), c.owners(), findings, c.datasets(), c.scannedBy());
    }

    @Test
    void aCleanOwnedScannedReleaseWithKnownTrainingDataPassesEveryRule() {
        VerificationReport r = evaluate(EVERY_RULE, Optional.of(clean()), List.of(), NOW);
        assertThat(r.outcome()).as(r.toText()).isEqualTo(Outcome.PASS);
        assertThat(r.rules()).extracting(RuleResult::rule).containsExactly("rejections", "approvals", "findings", "owner", "training-data", "scan");
        assertThat(rule(r, "owner").detail()).isEqualTo("owned by fraud-ml");
        assertThat(rule(r, "training-data").detail()).isEqualTo("trained on features/fraud_training_set");
        assertThat(rule(r, "scan").detail()).contains("by tightrope-scan/1.0").contains("no open scan finding at or above high");
    }

    @Test
    void anOpenFindingWorseThanTheMaximumFailsNamingItAndOneAtTheMaximumDoesNot() {
        VerificationReport high = evaluate(EVERY_RULE, Optional.of(with(List.of(finding(Severity.HIGH, false)))), List.of(), NOW);
        assertThat(rule(high, "findings").status()).isEqualTo(RuleResult.Status.FAIL);
        assertThat(rule(high, "findings").detail()).isEqualTo("1 open finding(s) above medium: high pickle.denied-import on " + FILE
                + " (posix.system)");
        assertThat(high.outcome()).isEqualTo(Outcome.FAIL);
        VerificationReport medium = evaluate(EVERY_RULE, Optional.of(with(List.of(finding(Severity.MEDIUM, true)))), List.of(), NOW);
        assertThat(rule(medium, "findings").passed()).isTrue();
        assertThat(rule(medium, "scan").passed()).isTrue();
    }

    @Test
    void aScanFindingAtTheThresholdFailsTheScanRuleAndANeverScannedReleaseFailsIt() {
        VerificationReport r = evaluate(EVERY_RULE, Optional.of(with(List.of(finding(Severity.HIGH, true)))), List.of(), NOW);
        assertThat(rule(r, "scan").detail()).startsWith("the scan found 1 open finding(s) at or above high: high pickle.denied-import");
        ReleaseFacts c = clean();
        ReleaseFacts unscanned = new ReleaseFacts(c.digest(), c.urns(), c.owners(), List.of(), c.datasets(), List.of());
        assertThat(rule(evaluate(EVERY_RULE, Optional.of(unscanned), List.of(), NOW), "scan").detail())
                .startsWith("never scanned: no scanned copy of " + DIGEST);
    }

    @Test
    void noOwnerAndNoDatasetUpstreamFailWithWhoAndWhat() {
        ReleaseFacts c = clean();
        ReleaseFacts orphan = new ReleaseFacts(c.digest(), c.urns(), List.of(), List.of(), List.of(), c.scannedBy());
        VerificationReport r = evaluate(EVERY_RULE, Optional.of(orphan), List.of(), NOW);
        assertThat(rule(r, "owner").detail()).isEqualTo("nobody owns " + URN + " or " + FILE);
        assertThat(rule(r, "training-data").detail()).startsWith("no dataset upstream of " + URN);
        assertThat(r.outcome()).isEqualTo(Outcome.FAIL);
    }

    @Test
    void aStageWithoutAssetRulesIsTheApprovalReportUnchanged() {
        PolicyStage approvalsOnly = PolicyStage.approvalsOnly("default", NO_APPROVALS);
        VerificationReport before = approvals(NOW);
        assertThat(PolicyEngine.apply(before, PolicyFile.of(NO_APPROVALS), approvalsOnly, Optional.empty(), "x", NOW)).isSameAs(before);
    }

    @Test
    void withoutFactsTheAssetRulesAreNotEvaluatedAndTheGateFailsClosed() {
        VerificationReport r = evaluate(EVERY_RULE, Optional.empty(), List.of(), NOW);
        assertThat(r.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(r.rules()).filteredOn(x -> x.status() == RuleResult.Status.NOT_EVALUATED).extracting(RuleResult::rule)
                .containsExactly("findings", "owner", "training-data", "scan");
        assertThat(rule(r, "owner").detail()).isEqualTo("not evaluated: no cache here");
        ReleaseFacts nothing = new ReleaseFacts(DIGEST.toString(), List.of(), List.of(), List.of(), List.of(), List.of());
        assertThat(rule(evaluate(EVERY_RULE, Optional.of(nothing), List.of(), NOW), "scan").detail())
                .isEqualTo("not evaluated: the workspace cache has no asset with digest " + DIGEST + " (sync or scan it first)");
    }

    @Test
    void aLiveExceptionWaivesItsRulesForItsAssetAndSaysWhoWhyAndUntilWhen() {
        PolicyException e = new PolicyException(URN, List.of("findings", "scan"), List.of("production"),
                "false positive: the import is in a test fixture (SEC-12)", "helen.park", "2026-12-31");
        VerificationReport r = evaluate(EVERY_RULE, Optional.of(with(List.of(finding(Severity.CRITICAL, true)))), List.of(e), NOW);
        assertThat(r.outcome()).as(r.toText()).isEqualTo(Outcome.PASS);
        assertThat(rule(r, "findings").status()).isEqualTo(RuleResult.Status.WAIVED);
        assertThat(rule(r, "scan").status()).isEqualTo(RuleResult.Status.WAIVED);
        assertThat(rule(r, "findings").detail()).endsWith("; waived: exception approved by helen.park until 2026-12-31: "
                + "false positive: the import is in a test fixture (SEC-12)");
        assertThat(r.toText()).contains("[waived] findings: ");
    }

    @Test
    void anExceptionForAnotherAssetRuleOrStageWaivesNothing() {
        ReleaseFacts bad = with(List.of(finding(Severity.CRITICAL, true)));
        for (PolicyException e : List.of(
                new PolicyException("tr:model_version:mlflow:other/1", List.of("findings"), List.of(), "j", "helen.park", "2026-12-31"),
                new PolicyException(URN, List.of("owner"), List.of(), "j", "helen.park", "2026-12-31"))) {
            assertThat(rule(evaluate(EVERY_RULE, Optional.of(bad), List.of(e), NOW), "findings").status()).isEqualTo(RuleResult.Status.FAIL);
        }
        PolicyStage staging = new PolicyStage("staging", NO_APPROVALS, Severity.MEDIUM, false, false, null);
        PolicyException productionOnly = new PolicyException(URN, List.of("findings"), List.of("production"), "j", "helen.park",
                "2026-12-31");
        PolicyFile file = new PolicyFile(2, null, Map.of("staging", staging, "production", EVERY_RULE), List.of(productionOnly));
        assertThat(rule(PolicyEngine.apply(approvals(NOW), file, staging, Optional.of(bad), "x", NOW), "findings").status())
                .isEqualTo(RuleResult.Status.FAIL);
    }

    @Test
    void anExceptionByDigestWaivesARuleEvenWithoutTheCache() {
        PolicyException e = new PolicyException(DIGEST.toString(), List.of("owner"), List.of(), "team forming", "helen.park", "2026-12-31");
        VerificationReport r = evaluate(EVERY_RULE, Optional.empty(), List.of(e), NOW);
        assertThat(rule(r, "owner").status()).isEqualTo(RuleResult.Status.WAIVED);
        assertThat(rule(r, "findings").status()).isEqualTo(RuleResult.Status.NOT_EVALUATED);
    }

    @Test
    void anExpiredExceptionNoLongerWaivesAndTheVerdictSaysSo() {
        PolicyException e = new PolicyException(URN, List.of("owner"), List.of(), "handover to ML Platform", "helen.park", "2026-12-31");
        ReleaseFacts c = clean();
        ReleaseFacts unowned = new ReleaseFacts(c.digest(), c.urns(), List.of(), List.of(), c.datasets(), c.scannedBy());
        assertThat(rule(evaluate(EVERY_RULE, Optional.of(unowned), List.of(e), Instant.parse("2026-12-31T23:59:59Z")), "owner").status())
                .isEqualTo(RuleResult.Status.WAIVED);
        VerificationReport after = evaluate(EVERY_RULE, Optional.of(unowned), List.of(e), Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(rule(after, "owner").status()).isEqualTo(RuleResult.Status.FAIL);
        assertThat(rule(after, "owner").detail()).isEqualTo("nobody owns " + URN + " or " + FILE
                + "; the exception approved by helen.park expired 2026-12-31 and no longer waives");
        assertThat(after.outcome()).isEqualTo(Outcome.FAIL);
    }

    @Test
    void anUnreadableInputStaysAnErrorWhateverTheAssetRulesSay() {
        VerificationReport error = new AttestationVerifier(TrustStore.empty(), NO_APPROVALS, "test", Clock.fixed(NOW, ZoneOffset.UTC))
                .verify(new Subject(DIGEST, "m"), List.of(), List.of(), List.of("approvals/x.json: not JSON"));
        PolicyFile file = new PolicyFile(2, null, Map.of("production", EVERY_RULE), List.of());
        assertThat(PolicyEngine.apply(error, file, EVERY_RULE, Optional.of(clean()), "x", NOW).outcome()).isEqualTo(Outcome.ERROR);
    }
}
