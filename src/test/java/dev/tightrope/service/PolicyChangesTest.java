package dev.tightrope.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.domain.AuditEvent;
import dev.tightrope.domain.AuditQuery;
import dev.tightrope.trust.policy.PolicyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every change of the workspace policy is in the audit log with the old and the new digest; a version 2 file keeps its stages. */
class PolicyChangesTest {

    @TempDir
    Path dir;

    List<AuditEvent> changes(Tightrope t) {
        return t.audit().entries(new AuditQuery(null, "policy.change", null, null, null, 0, 50)).stream().map(e -> e.event()).toList();
    }

    @Test
    void importEditAndExceptionsAreRecordedWithTheirDigestsAndEditsKeepTheOtherStages() throws IOException {
        try (Tightrope t = Tightrope.open(dir.resolve("ws"))) {
            String recommended = t.trust().policy().sha256();
            TrustService.PolicyInUse imported = t.trust().importPolicy(Path.of("sample-data/trust/policy.json"));
            assertThat(imported.stages()).containsExactly("production", "staging");
            assertThat(t.trust().importPolicy(Path.of("sample-data/trust/policy.json")).sha256()).isEqualTo(imported.sha256());

            TrustService.PolicyInUse edited = t.trust().setPolicy(new TrustService.PolicySettings("promote:production", 3, true,
                    List.of("security"), 30, true));
            assertThat(edited.document().stage("production").approvals().requireApprovals()).isEqualTo(3);
            assertThat(edited.document().stage("production").scanFailOn()).isNotNull();
            assertThat(edited.document().stage("staging")).isEqualTo(imported.document().stage("staging"));

            String urn = "tr:model_version:mlflow:mlflow.example/models/m/1";
            TrustService.PolicyInUse excepted = t.trust().addException(urn, List.of("owner"), List.of("staging"), "handover", "helen.park",
                    "2026-12-31");
            assertThat(excepted.document().exceptions()).hasSize(2);
            assertThatThrownBy(() -> t.trust().addException(urn, List.of("approvals"), List.of(), "j", "a", "2026-12-31"))
                    .hasMessageContaining("cannot be waived");
            assertThat(t.trust().removeExceptions(urn)).isEqualTo(1);
            assertThat(t.trust().removeExceptions(urn)).isZero();
            String last = t.trust().policy().sha256();

            List<AuditEvent> changes = changes(t);
            assertThat(changes).extracting(e -> e.details().get("change"))
                    .containsExactly("exception.remove", "exception.add", "edit", "import");
            assertThat(changes.get(3).details()).containsEntry("previous", recommended).containsEntry("sha256", imported.sha256());
            assertThat(changes.get(2).details()).containsEntry("previous", imported.sha256()).containsEntry("sha256", edited.sha256());
            assertThat(changes.get(1).details()).containsEntry("previous", edited.sha256()).containsEntry("sha256", excepted.sha256())
                    .containsEntry("asset", urn).containsEntry("approver", "helen.park").containsEntry("expires", "2026-12-31");
            assertThat(changes.get(0).details()).containsEntry("previous", excepted.sha256()).containsEntry("sha256", last);
            assertThat(changes.get(2).details().get("policy")).startsWith("production: 3 approvals").contains(" | staging: 1 approval");
        }
    }

    @Test
    void aVersion1PolicyIsEditedAndRecordedAsBefore() throws IOException {
        try (Tightrope t = Tightrope.open(dir.resolve("ws"))) {
            TrustService.PolicyInUse set = t.trust().setPolicy(TrustService.RECOMMENDED_POLICY);
            assertThat(Files.readAllBytes(set.file())).isEqualTo(TrustService.RECOMMENDED_POLICY.json().getBytes());
            assertThat(set.document().version()).isEqualTo(1);
            assertThat(set.stages()).containsExactly(PolicyFile.V1_STAGE);
            assertThat(changes(t).get(0).details()).containsEntry("policy", TrustService.RECOMMENDED_POLICY.describe());
        }
    }

    @Test
    void aStageIsEditedWholeAndTheOtherStagesAndExceptionsStay() {
        try (Tightrope t = Tightrope.open(dir.resolve("ws"))) {
            TrustService.PolicyInUse imported = t.trust().importPolicy(Path.of("sample-data/trust/policy.json"));
            TrustService.StageRules strict = new TrustService.StageRules(dev.tightrope.domain.Severity.HIGH, true, true,
                    dev.tightrope.domain.Severity.MEDIUM);
            TrustService.PolicyInUse edited = t.trust().setStage("staging", new TrustService.PolicySettings("promote:staging", 2, true,
                    List.of(), null, true), strict);

            assertThat(edited.settings("staging").requireApprovals()).isEqualTo(2);
            assertThat(edited.rules("staging")).isEqualTo(strict);
            assertThat(edited.document().stage("production")).isEqualTo(imported.document().stage("production"));
            assertThat(edited.document().exceptions()).isEqualTo(imported.document().exceptions());
            assertThat(changes(t).get(0).details()).containsEntry("change", "edit").containsEntry("stage", "staging");
        }
    }

    @Test
    void aVersion1PolicyGivenRulesAboutTheReleaseBecomesVersion2AndWithoutThemStaysVersion1() {
        try (Tightrope t = Tightrope.open(dir.resolve("ws"))) {
            t.trust().setPolicy(TrustService.RECOMMENDED_POLICY);
            TrustService.StageRules none = new TrustService.StageRules(null, false, false, null);
            assertThat(t.trust().setStage(null, TrustService.RECOMMENDED_POLICY, none).document().version()).isEqualTo(1);

            TrustService.PolicyInUse v2 = t.trust().setStage(null, TrustService.RECOMMENDED_POLICY,
                    new TrustService.StageRules(null, true, false, null));
            assertThat(v2.document().version()).isEqualTo(PolicyFile.VERSION);
            assertThat(v2.rules(null).requireOwner()).isTrue();
            assertThat(v2.settings(null)).isEqualTo(TrustService.RECOMMENDED_POLICY);
        }
    }
}
