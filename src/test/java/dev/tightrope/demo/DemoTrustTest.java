package dev.tightrope.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.Digest;
import dev.tightrope.trust.oms.ModelHasher;
import dev.tightrope.trust.oms.OmsSerialization;
import dev.tightrope.trust.policy.PolicyFile;
import dev.tightrope.trust.reviewers.Reviewer;
import dev.tightrope.trust.reviewers.TrustStore;
import dev.tightrope.trust.verify.AttestationVerifier;
import dev.tightrope.trust.verify.Outcome;
import dev.tightrope.trust.verify.RuleResult;
import dev.tightrope.trust.verify.Subject;
import dev.tightrope.trust.verify.VerificationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed sample-data/trust files tell the demo story, bound to the demo model directories. */
class DemoTrustTest {

    static final Path TRUST = Path.of("sample-data", "trust");
    static final Clock DEMO_DAY = Clock.fixed(Instant.parse("2026-11-26T08:00:00Z"), ZoneOffset.UTC);

    static VerificationReport gate(String modelDir) {
        Digest root = new ModelHasher().hash(Path.of("sample-data", "models", modelDir), OmsSerialization.files()).rootDigest();
        return new AttestationVerifier(TrustStore.load(TRUST.resolve("reviewers.json")),
                PolicyFile.load(TRUST.resolve("policy.json")).stage("production").approvals(), "sample-data/trust/policy.json", DEMO_DAY).verify(new Subject(root, modelDir), TRUST.resolve("approvals"));
    }

    @Test
    void threeReviewersWithTheirRolesAndOnlyPublicKeys() throws IOException {
        TrustStore store = TrustStore.load(TRUST.resolve("reviewers.json"));
        assertThat(store.reviewers()).extracting(Reviewer::name).containsExactly("helen.park", "julia.moreau", "ravi.kapoor");
        assertThat(store.byName("ravi.kapoor").orElseThrow().roles()).containsExactly("security");
        assertThat(store.byName("helen.park").orElseThrow().roles()).containsExactly("governance", "ml-lead");
        assertThat(store.byName("julia.moreau").orElseThrow().roles()).containsExactly("legal");
        try (Stream<Path> files = Files.walk(TRUST)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain("PRIVATE KEY");
            }
        }
    }

    @Test
    void fraudBertV3IsApprovedBySecurityAndGovernanceAndPasses() {
        VerificationReport r = gate("fraud-bert-v3");
        assertThat(r.outcome()).as(r.toText()).isEqualTo(Outcome.PASS);
        assertThat(r.rules()).extracting(RuleResult::detail).contains("2 of 2 required from distinct reviewers (ravi.kapoor, helen.park)");
    }

    @Test
    void creditRiskV7HasOneOfTwoApprovalsAndNoSecurityReview() {
        VerificationReport r = gate("credit-risk-xgb-v7");
        assertThat(r.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(r.rules()).filteredOn(rule -> !rule.passed()).extracting(RuleResult::rule).containsExactly("approvals", "role security");
    }

    @Test
    void theHubMirrorAdapterIsRejectedBySecurity() {
        VerificationReport r = gate("support-chat-adapter");
        assertThat(r.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(r.rules()).anySatisfy(rule -> {
            assertThat(rule.rule()).isEqualTo("rejections");
            assertThat(rule.detail()).startsWith("rejected by ravi.kapoor at 2026-11-18T11:20:00Z");
        });
    }

    @Test
    void everyApprovalIsSignedBeforeTheDemoDay() {
        for (String model : new String[] {"fraud-bert-v3", "credit-risk-xgb-v7", "support-chat-adapter"}) {
            gate(model).attestations().stream().filter(a -> a.time() != null).forEach(a ->
                    assertThat(a.time()).isBefore(Instant.parse("2026-11-26T00:00:00Z")).isAfter(Instant.parse("2026-11-01T00:00:00Z")));
        }
    }
}
