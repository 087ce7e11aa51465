package dev.tightrope.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AuditQuery;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.sync.ConnectorRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo workspace comes with Kestrel's reviewers, policy and approvals, lined up with the model versions by digest. */
class DemoApprovalsTest {

    @TempDir
    static Path dir;

    static Tightrope t;
    static final String FRAUD = "tr:model_version:openlineage:mlflow://mlflow.kestrel.example/models/fraud-bert/3";
    static final String CREDIT = "tr:model_version:openlineage:mlflow://mlflow.kestrel.example/models/credit-risk-xgb/7";
    static final String ADAPTER = "tr:model_version:openlineage:huggingface://hf-mirror.example.net/"
            + "community-lora/llama3.1-8b-customer-support@9f3c2b1";

    @BeforeAll
    static void load() {
        t = Tightrope.open(dir, ConnectorRegistry.defaults(), Clock.fixed(Instant.parse("2026-11-26T08:00:00Z"), ZoneOffset.UTC));
        new DemoWorkspace(t).load(SyncListener.NONE, new Cancellation());
    }

    @AfterAll
    static void close() {
        t.close();
    }

    static ApprovalService.QueueItem item(List<ApprovalService.QueueItem> queue, String urn) {
        return queue.stream().filter(q -> q.urn().equals(urn)).findFirst().orElse(null);
    }

    @Test
    void theTrustStoreAndPolicyAreTheWorkspaces() {
        assertThat(t.trust().reviewers()).extracting(TrustService.ReviewerSummary::name)
                .containsExactly("helen.park", "julia.moreau", "ravi.kapoor");
        assertThat(t.trust().reviewers()).allSatisfy(r -> assertThat(r.reviewed()).isTrue());
        assertThat(t.trust().policy().file()).isNotNull();
        assertThat(t.trust().policy().settings()).isEqualTo(TrustService.RECOMMENDED_POLICY);
    }

    @Test
    void theQueueHoldsTheReleasesThatDoNotPassAndTheRequestedOneFirst() {
        List<ApprovalService.QueueItem> queue = t.approvals().queue(false, 1000);
        assertThat(queue.get(0).urn()).isEqualTo(CREDIT);
        assertThat(queue.get(0).requested()).isTrue();
        assertThat(queue.get(0).why()).isEqualTo("tagged approval:pending");
        assertThat(queue.get(0).gate().summary()).startsWith("approvals: 1 of 2 required");
        // the same bytes elsewhere: the scanned directory and the artifact store's folder
        assertThat(queue.get(0).also()).hasSize(2)
                .anySatisfy(u -> assertThat(u).startsWith("tr:model_artifact:model-files:").endsWith("credit-risk-xgb-v7"))
                .contains("tr:model_artifact:artifactory:artifactory.kestrel.example/ml-models-local/credit-risk-xgb/7");
        assertThat(item(queue, ADAPTER).gate().summary()).startsWith("rejections: rejected by ravi.kapoor");
        assertThat(item(queue, FRAUD)).isNull();
        ApprovalService.QueueItem fraud = item(t.approvals().queue(true, 1000), FRAUD);
        assertThat(fraud.gate().outcome()).isEqualTo(GateResult.Outcome.PASS);
    }

    @Test
    void approvalsAreListedVerifiedWithWhoAndWhen() {
        List<ApprovalRecord> all = t.approvals().all();
        assertThat(all).hasSize(4).allSatisfy(a -> assertThat(a.verified()).isTrue())
                .allSatisfy(a -> assertThat(a.status()).isNotEqualTo("UNREVIEWED_REVIEWER"));
        assertThat(all.get(0).reviewer()).isEqualTo("helen.park");
        assertThat(all.get(0).subjectName()).isEqualTo("credit-risk-xgb-v7");
        assertThat(all.get(0).time()).isEqualTo(Instant.parse("2026-11-20T16:45:00Z"));
    }

    @Test
    void theLoadIsInTheAuditLog() {
        assertThat(t.audit().entries(new AuditQuery(null, "approval.import", null, null, null, 0, 10))).hasSize(4);
        assertThat(t.audit().entries(new AuditQuery(null, "trust.reviewed", null, null, null, 0, 10))).singleElement()
                .satisfies(e -> assertThat(e.event().details()).containsEntry("reviewers", "helen.park,julia.moreau,ravi.kapoor"));
        assertThat(t.audit().entries(new AuditQuery(null, "trust.add", null, null, null, 0, 10))).isEmpty();
        assertThat(t.audit().entries(new AuditQuery(null, "policy.change", null, null, null, 0, 10))).hasSize(1);
        assertThat(t.audit().entries(new AuditQuery(null, "demo.load", null, null, null, 0, 10))).hasSize(1);
        assertThat(t.audit().verify().intact()).isTrue();
    }

    @Test
    void theEvidenceOfTheFraudModelCarriesItsTwoApprovals(@TempDir Path out) {
        EvidenceService.Exported e = t.evidence().export(dev.tightrope.domain.Urn.parse(FRAUD), out.resolve("fraud.zip"));
        assertThat(e.approvals()).isEqualTo(2);
        assertThat(e.findings()).isZero();
    }
}
