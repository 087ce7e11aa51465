package dev.tightrope.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.domain.AuditEntry;
import dev.tightrope.domain.AuditQuery;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.trust.keys.FastKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trust store entry counts only as far as the organisation reviewed it: reviewers trusted on
 * this machine (above all a reviewer trusting their own key) are kept apart, shown and audited as
 * such, and pass no gate unless the policy says so; the console's gate and {@code verify} agree.
 */
class LocalTrustTest {

    @TempDir
    Path dir;

    Tightrope t;
    String urn;
    Path org;

    @BeforeEach
    void open() throws IOException {
        Path model = dir.resolve("models").resolve("scorer-v2");
        Files.createDirectories(model);
        Files.writeString(model.resolve("config.json"), "{\"layers\": 4}\n");
        t = Tightrope.open(dir.resolve("ws"));
        t.sources().add(new SourceConfig("models", "model-files", Map.of("path", dir.resolve("models").toString())));
        t.sources().sync("models", true, SyncListener.NONE, new Cancellation());
        urn = "tr:model_artifact:model-files:" + model.toAbsolutePath();
        org = dir.resolve("org").resolve("reviewers.json");
        for (String[] r : new String[][] {{"ravi", "security"}, {"helen", "ml-lead"}}) {
            FastKeys.generate(t.workspace().keysDirectory(), r[0], r[0] + "-passphrase");
            TrustService.addReviewer(org, r[0], t.trust().publicKeyPem(r[0]), r[0] + "@kestrel.example", List.of(r[1]));
        }
        t.trust().useReviewedTrustStore(org);
        FastKeys.generate(t.workspace().keysDirectory(), "ana", "ana-passphrase");
    }

    @AfterEach
    void close() {
        t.close();
    }

    ApprovalRecord approve(String key) {
        return t.approvals().sign(new ApprovalService.SignRequest(urn, ReviewDecision.APPROVED, "promote:production", "reviewed", null),
                key, (key + "-passphrase").toCharArray());
    }

    List<AuditEntry> audited(String action, String subject) {
        return t.audit().entries(new AuditQuery(null, action, subject, null, null, 0, 10));
    }

    void countUnreviewed(boolean count) {
        TrustService.PolicySettings p = TrustService.RECOMMENDED_POLICY;
        t.trust().setPolicy(new TrustService.PolicySettings(p.scope(), p.requireApprovals(), p.distinctReviewers(), p.requireRoles(),
                p.maxAgeDays(), p.rejectionBlocks(), count));
    }

    @Test
    void theGateDoesNotCountAnUnreviewedLocalReviewerAndSaysWhy() {
        t.trust().addReviewer("ana", t.trust().publicKeyPem("ana"), null, List.of("security"));
        approve("helen");
        ApprovalRecord ana = approve("ana");

        assertThat(ana.status()).isEqualTo("UNREVIEWED_REVIEWER");
        assertThat(ana.verified()).as("the signature itself checks out").isTrue();
        assertThat(ana.counted()).isFalse();
        assertThat(ana.reason()).contains("ana is a local trust-store entry added by").contains("not in the organisation's reviewed trust store")
                .contains("self-trust").contains("does not count unless the policy sets countUnreviewedReviewers");
        GateResult gate = t.approvals().gate(ana.subjectDigest());
        assertThat(gate.outcome()).isEqualTo(GateResult.Outcome.FAIL);
        assertThat(gate.rules()).extracting(GateResult.Rule::detail)
                .contains("1 of 2 required from distinct reviewers (helen); not counted, unreviewed: ana")
                .contains("no counted approval by a reviewer with role security (ana has it only from a local, unreviewed trust-store entry)");
    }

    @Test
    void thePolicySwitchCountsThemAndTheGateNamesThemAsUnreviewed() {
        t.trust().addReviewer("ana", t.trust().publicKeyPem("ana"), null, List.of("security"));
        countUnreviewed(true);
        approve("helen");
        ApprovalRecord ana = approve("ana");

        assertThat(ana.status()).isEqualTo("COUNTED");
        GateResult gate = t.approvals().gate(ana.subjectDigest());
        assertThat(gate.outcome()).as(gate.text()).isEqualTo(GateResult.Outcome.PASS);
        // both signed within the same second: their order in the list is not the point
        assertThat(gate.rules()).extracting(GateResult.Rule::detail).contains("approved by ana (unreviewed)")
                .anySatisfy(d -> assertThat(d).startsWith("2 of 2 required from distinct reviewers (")
                        .contains("helen").contains("ana (unreviewed)"));
        assertThat(t.trust().policy().settings().describe()).contains("trusted only locally (unreviewed) count too");
    }

    @Test
    void theCommandLineGateAgreesWithTheConsole() throws IOException {
        t.trust().addReviewer("ana", t.trust().publicKeyPem("ana"), null, List.of("security"));
        approve("helen");
        ApprovalRecord ana = approve("ana");
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, TrustService.RECOMMENDED_POLICY.json());
        VerificationService verify = new VerificationService(Clock.systemUTC(), RegistryAccess.anonymous());
        String approvals = t.approvals().approvalsDirectory().toString();

        GateResult withLocal = verify.verify(new VerificationService.Request(ana.subjectDigest(), approvals, t.trust().trustStoreFile(),
                policy, null, t.trust().localTrustStoreFile()));
        GateResult console = t.approvals().gate(ana.subjectDigest());
        assertThat(withLocal.outcome()).isEqualTo(console.outcome()).isEqualTo(GateResult.Outcome.FAIL);
        assertThat(withLocal.rules()).isEqualTo(console.rules());
        assertThat(withLocal.attestations()).extracting(ApprovalRecord::status).containsExactlyInAnyOrderElementsOf(
                console.attestations().stream().map(ApprovalRecord::status).toList());

        GateResult ci = verify.verify(new VerificationService.Request(ana.subjectDigest(), approvals, t.trust().trustStoreFile(), policy,
                null));
        assertThat(ci.outcome()).as("CI has only the reviewed file: the local key is unknown there").isEqualTo(GateResult.Outcome.FAIL);
        assertThat(ci.attestations()).extracting(ApprovalRecord::status).contains("UNTRUSTED_KEY").doesNotContain("UNREVIEWED_REVIEWER");
    }

    @Test
    void trustingOnesOwnKeyIsAuditedAsSelfTrustAndAColleaguesKeyIsNot() throws IOException {
        byte[] reviewed = Files.exists(t.trust().trustStoreFile()) ? Files.readAllBytes(t.trust().trustStoreFile()) : null;
        TrustService.ReviewerSummary ana = t.trust().addReviewer("ana", t.trust().publicKeyPem("ana"), "ana@kestrel.example",
                List.of("security"));
        assertThat(ana.origin()).isEqualTo("local");
        assertThat(ana.selfTrust()).contains("the private key is in this workspace (key 'ana')");
        assertThat(audited(TrustService.SELF_TRUST, "ana")).singleElement().satisfies(e -> assertThat(e.event().details())
                .containsEntry("change", "add").containsEntry("origin", "local").containsEntry("store", "trust/local-reviewers.json")
                .containsKey("selfTrust"));
        assertThat(audited("trust.add", "ana")).isEmpty();

        String omarKey = Files.readString(FastKeys.generate(dir.resolve("omar-keys"), "omar", "omar-passphrase").publicKeyFile());
        TrustService.ReviewerSummary omar = t.trust().addReviewer("omar", omarKey, null, List.of("ml-lead"));
        assertThat(omar.selfTrust()).isNull();
        assertThat(omar.reviewed()).isFalse();
        assertThat(audited("trust.add", "omar")).singleElement()
                .satisfies(e -> assertThat(e.event().details()).containsEntry("origin", "local").doesNotContainKey("selfTrust"));
        // byte for byte: a search for the names could match inside a random key's base64
        assertThat(Files.exists(t.trust().trustStoreFile()) ? Files.readAllBytes(t.trust().trustStoreFile()) : null)
                .as("the reviewed copy is never edited").isEqualTo(reviewed);
        assertThat(Files.readString(t.trust().localTrustStoreFile())).contains("\"addedBy\"").contains("\"selfTrust\"");
    }

    @Test
    void raisingOnesOwnRolesIsSelfTrustAndTheRaisedRoleSatisfiesNoRoleRule() {
        TrustService.ReviewerSummary helen = t.trust().updateReviewer("helen", "helen@kestrel.example", List.of("ml-lead", "security"));
        assertThat(helen.origin()).isEqualTo("reviewed");
        assertThat(helen.roles()).containsExactly("ml-lead", "security");
        assertThat(helen.unreviewedRoles()).containsExactly("security");
        assertThat(helen.reviewedRoles()).containsExactly("ml-lead");
        assertThat(audited(TrustService.SELF_TRUST, "helen")).singleElement().satisfies(e -> assertThat(e.event().details())
                .containsEntry("change", "raise").containsEntry("unreviewedRoles", "security").containsEntry("previousRoles", "ml-lead"));

        t.trust().setPolicy(new TrustService.PolicySettings("promote:production", 1, true, List.of("security"), null, true));
        ApprovalRecord approval = approve("helen");
        assertThat(approval.counted()).as("helen herself is reviewed").isTrue();
        GateResult gate = t.approvals().gate(approval.subjectDigest());
        assertThat(gate.outcome()).isEqualTo(GateResult.Outcome.FAIL);
        assertThat(gate.summary()).isEqualTo("role security: no counted approval by a reviewer with role security "
                + "(helen has it only from a local, unreviewed trust-store entry)");

        t.trust().setPolicy(new TrustService.PolicySettings("promote:production", 1, true, List.of("security"), null, true, true));
        GateResult counted = t.approvals().gate(approval.subjectDigest());
        assertThat(counted.outcome()).isEqualTo(GateResult.Outcome.PASS);
        assertThat(counted.rules()).extracting(GateResult.Rule::detail).contains("approved by helen (role security unreviewed)");
    }

    @Test
    void loweringOnesOwnRolesIsNoSelfTrustAndTakesEffect() {
        t.trust().updateReviewer("ravi", null, List.of());
        assertThat(audited("trust.update", "ravi")).hasSize(1);
        assertThat(audited(TrustService.SELF_TRUST, "ravi")).isEmpty();
        ApprovalRecord approval = approve("ravi");
        assertThat(t.approvals().gate(approval.subjectDigest()).rules()).extracting(GateResult.Rule::detail)
                .contains("no counted approval by a reviewer with role security");
    }

    @Test
    void aReviewedReviewerStaysUntilTheOrganisationRemovesThemButALocalChangeCanBeDropped() {
        assertThatThrownBy(() -> t.trust().removeReviewer("ravi")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("in the organisation's reviewed trust store");
        t.trust().updateReviewer("ravi", null, List.of("security", "legal"));
        t.trust().removeReviewer("ravi");
        assertThat(t.trust().reviewers()).filteredOn(r -> r.name().equals("ravi")).singleElement()
                .satisfies(r -> assertThat(r.unreviewedRoles()).isEmpty());
        assertThatThrownBy(() -> t.trust().updateReviewer("ravi", "someone@else.example", List.of("security")))
                .hasMessageContaining("comes from the organisation's reviewed trust store");
    }

    @Test
    void aLocalReviewerTheOrganisationThenReviewsCountsAsReviewed() {
        t.trust().addReviewer("ana", t.trust().publicKeyPem("ana"), null, List.of("security"));
        approve("helen");
        ApprovalRecord ana = approve("ana");
        assertThat(ana.counted()).isFalse();

        TrustService.addReviewer(org, "ana", t.trust().publicKeyPem("ana"), null, List.of("security"));
        TrustService.ReviewedStoreChange change = t.trust().useReviewedTrustStore(org);
        assertThat(change.changed()).isTrue();
        assertThat(change.added()).containsExactly("ana");
        assertThat(t.trust().reviewers()).filteredOn(r -> r.name().equals("ana")).singleElement()
                .satisfies(r -> assertThat(r.reviewed()).isTrue())
                .satisfies(r -> assertThat(r.selfTrust()).as("the local entry, now reviewed, is gone").isNull());
        assertThat(t.approvals().gate(ana.subjectDigest()).outcome()).isEqualTo(GateResult.Outcome.PASS);
        assertThat(audited("trust.reviewed", "reviewers.json")).hasSize(2);

        assertThat(t.trust().useReviewedTrustStore(org).changed()).as("the same bytes again").isFalse();
        assertThat(audited("trust.reviewed", "reviewers.json")).hasSize(2);
    }

    @Test
    void aLocalEntryThatContradictsTheReviewedFileIsIgnoredAndReported() throws IOException {
        String impostor = Files.readString(FastKeys.generate(dir.resolve("other"), "ravi", "x-passphrase").publicKeyFile());
        assertThatThrownBy(() -> t.trust().addReviewer("ravi", impostor, null, List.of("security")))
                .hasMessageContaining("already trusted (in the organisation's reviewed trust store)");
        Files.writeString(t.trust().localTrustStoreFile(), """
                {"type": "tightrope-local-trust-store", "version": 1, "reviewers": [{"name": "ravi", "roles": ["security"],
                 "publicKey": %s, "addedBy": "mallory", "addedAt": "2026-11-26T08:00:00Z"}]}
                """.formatted(com.fasterxml.jackson.databind.node.TextNode.valueOf(impostor).toString()));
        assertThat(t.trust().trustProblems()).singleElement().asString().contains("the local entry 'ravi' has another key").contains("ignored");
        assertThat(t.trust().reviewers()).filteredOn(r -> r.name().equals("ravi")).singleElement()
                .satisfies(r -> assertThat(r.addedBy()).isNull());
    }

    @Test
    void anEntryNamedAfterTheUserIsSelfTrust() {
        assertThat(TrustService.selfTrust("dana", List.of(), "dana", null, "SHA256:x")).hasValueSatisfying(
                s -> assertThat(s).isEqualTo("the entry is named after you (dana)"));
        assertThat(TrustService.selfTrust("dana", List.of(), "d.whitfield", "Dana@kestrel.example", "SHA256:x")).isPresent();
        assertThat(TrustService.selfTrust("dana", List.of(), "ravi", "ravi@kestrel.example", "SHA256:x")).isEmpty();
    }
}
