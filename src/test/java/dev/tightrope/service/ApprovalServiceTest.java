package dev.tightrope.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.domain.AuditEntry;
import dev.tightrope.domain.AuditQuery;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.testing.LocalRegistry;
import dev.tightrope.testing.LocalServers;
import dev.tightrope.trust.keys.FastKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Signing approvals in a workspace, the review queue, and the gate under the workspace policy. */
@ExtendWith(LocalServers.class)
class ApprovalServiceTest {

    @TempDir
    Path dir;

    Tightrope t;
    Path model;
    String urn;

    @BeforeEach
    void open() throws IOException {
        model = dir.resolve("models").resolve("scorer-v2");
        Files.createDirectories(model);
        Files.writeString(model.resolve("config.json"), "{\"layers\": 4}\n");
        Files.writeString(model.resolve("README.md"), "the scorer, version 2\n");
        t = Tightrope.open(dir.resolve("ws"));
        t.sources().add(new SourceConfig("models", "model-files", Map.of("path", dir.resolve("models").toString())));
        t.sources().sync("models", true, SyncListener.NONE, new Cancellation());
        urn = "tr:model_artifact:model-files:" + model.toAbsolutePath();
        trustReviewer("ravi", "security");
        trustReviewer("helen", "ml-lead");
    }

    @AfterEach
    void close() {
        t.close();
    }

    /** A reviewer in the organisation's reviewed trust store, which the workspace then uses. */
    void trustReviewer(String name, String role) {
        FastKeys.generate(t.workspace().keysDirectory(), name, name + "-passphrase");
        Path org = dir.resolve("org").resolve("reviewers.json");
        TrustService.addReviewer(org, name, t.trust().publicKeyPem(name), name + "@kestrel.example", List.of(role));
        t.trust().useReviewedTrustStore(org);
    }

    ApprovalRecord sign(String key, ReviewDecision decision, String rationale) {
        return t.approvals().sign(new ApprovalService.SignRequest(urn, decision, "promote:production", rationale, null), key,
                (key + "-passphrase").toCharArray());
    }

    List<Path> approvalFiles() throws IOException {
        Path d = t.approvals().approvalsDirectory();
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }

    @Test
    void aScannedModelDirectoryWaitsInTheQueueUntilThePolicyPasses() {
        ApprovalService.QueueItem item = t.approvals().queue(false, 100).stream().filter(q -> q.urn().equals(urn)).findFirst().orElseThrow();
        assertThat(item.why()).isEqualTo("model directory");
        assertThat(item.gate().outcome()).isEqualTo(GateResult.Outcome.FAIL);
        assertThat(item.gate().summary()).isEqualTo("approvals: 0 of 2 required from distinct reviewers");

        ApprovalRecord first = sign("ravi", ReviewDecision.APPROVED, "scanned clean; lineage reviewed");
        assertThat(first.verified()).isTrue();
        assertThat(first.status()).isEqualTo("COUNTED");
        assertThat(first.reviewer()).isEqualTo("ravi");
        assertThat(first.subjectDigest()).isEqualTo(item.digest());
        assertThat(first.rationale()).isEqualTo("scanned clean; lineage reviewed");
        assertThat(t.approvals().queue(false, 100)).anySatisfy(q -> {
            assertThat(q.urn()).isEqualTo(urn);
            assertThat(q.gate().summary()).startsWith("approvals: 1 of 2");
        });

        sign("helen", ReviewDecision.APPROVED, "owners confirmed");
        assertThat(t.approvals().gate(item.digest()).outcome()).isEqualTo(GateResult.Outcome.PASS);
        assertThat(t.approvals().queue(false, 100)).noneMatch(q -> q.urn().equals(urn));
        assertThat(t.approvals().queue(true, 100)).anyMatch(q -> q.urn().equals(urn) && q.gate().outcome() == GateResult.Outcome.PASS);
    }

    @Test
    void aNewerRejectionFailsTheGateAndVoidsTheApprovals() {
        sign("ravi", ReviewDecision.APPROVED, "looks fine");
        sign("helen", ReviewDecision.APPROVED, "fine");
        ApprovalRecord rejection = sign("ravi", ReviewDecision.REJECTED, "pickle payload found on a second look");
        GateResult gate = t.approvals().gate(rejection.subjectDigest());
        assertThat(gate.outcome()).isEqualTo(GateResult.Outcome.FAIL);
        assertThat(gate.rules()).anySatisfy(r -> {
            assertThat(r.name()).isEqualTo("rejections");
            assertThat(r.passed()).isFalse();
        });
    }

    @Test
    void aWrongPassphraseSignsAndWritesNothing() throws IOException {
        long before = t.audit().size();
        assertThatThrownBy(() -> t.approvals().sign(new ApprovalService.SignRequest(urn, ReviewDecision.APPROVED, "promote:production",
                "fine", dir.resolve("out")), "ravi", "not-the-passphrase".toCharArray()))
                .isInstanceOf(PassphraseException.class)
                .hasMessageContaining("wrong passphrase for key 'ravi'");
        assertThat(approvalFiles()).isEmpty();
        assertThat(dir.resolve("out")).doesNotExist();
        assertThat(t.audit().size()).isEqualTo(before);
    }

    @Test
    void aRejectionNeedsARationale() {
        assertThatThrownBy(() -> new ApprovalService.SignRequest(urn, ReviewDecision.REJECTED, "promote:production", "  ", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rationale is required");
    }

    @Test
    void aFileOrDirectoryIsApprovedByItsDigestAndWrittenNextToTheArtifact() throws IOException {
        Path file = dir.resolve("model.gguf");
        Files.write(file, "GGUF tiny".getBytes(StandardCharsets.UTF_8));
        ApprovalRecord r = t.approvals().sign(new ApprovalService.SignRequest(file.toString(), ReviewDecision.APPROVED,
                "promote:staging", "a tiny model", dir.resolve("next-to-it")), "helen", "helen-passphrase".toCharArray());
        assertThat(r.subjectDigest()).isEqualTo(t.approvals().resolveSubject(file.toString()).digest());
        assertThat(r.subjectName()).isEqualTo("model.gguf");
        try (Stream<Path> s = Files.list(dir.resolve("next-to-it"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).singleElement()
                    .satisfies(n -> assertThat(n).startsWith("approval-").endsWith(".sigstore.json"));
        }
        String dirDigest = t.approvals().resolveSubject(model.toString()).digest();
        assertThat(dirDigest).isEqualTo(t.inventory().find(dev.tightrope.domain.Urn.parse(urn)).orElseThrow().asset().digest().toString());
    }

    @Test
    void signingIsRecordedInTheAuditLogWithItsBundle() {
        ApprovalRecord r = sign("ravi", ReviewDecision.APPROVED, "fine");
        List<AuditEntry> entries = t.audit().entries(new AuditQuery(null, "approval.sign", null, null, null, 0, 10));
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.event().subject()).isEqualTo(r.subjectDigest());
            assertThat(e.event().details()).containsEntry("decision", "approved").containsEntry("reviewer", "ravi")
                    .containsEntry("urn", urn).containsEntry("trust", "reviewed").containsKey("bundleSha256");
        });
        assertThat(t.audit().entries(new AuditQuery(null, "trust.reviewed", null, null, null, 0, 10))).hasSize(2);
        assertThat(t.audit().latestCheckpoint()).hasValueSatisfying(c -> assertThat(c.size()).isEqualTo(t.audit().size()));
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES) // drives a docker-registry process
    void theWorkspacesApprovalsArePublishedToTheArtifactInARegistryAndRecorded(LocalRegistry registry) throws IOException {
        ApprovalRecord r = sign("ravi", ReviewDecision.APPROVED, "fine");
        sign("helen", ReviewDecision.APPROVED, "fine");
        String image = registry.pushImage("models/scorer", "2.0.0", "scorer");
        String ref = "oci://" + registry.host() + "/models/scorer@" + image;
        PublishService.Published p = t.approvals().publish(r.subjectDigest(), ref, RegistryAccess.anonymous());
        assertThat(p.referrers()).hasSize(2);
        assertThat(t.audit().entries(new AuditQuery(null, "approval.publish", r.subjectDigest(), null, null, 0, 5)))
                .singleElement().satisfies(e -> assertThat(e.event().details()).containsEntry("artifact", ref));
        GateResult gate = new VerificationService(java.time.Clock.systemUTC(), RegistryAccess.anonymous())
                .verify(new VerificationService.Request(r.subjectDigest(), ref, t.trust().trustStoreFile(), null, null));
        assertThat(gate.outcome()).as(gate.text()).isEqualTo(GateResult.Outcome.PASS);
    }

    @Test
    void anApprovalByAKeyOutsideTheTrustStoreIsShownAsUntrusted() {
        FastKeys.generate(t.workspace().keysDirectory(), "mallory", "mallory-passphrase");
        ApprovalRecord r = sign("mallory", ReviewDecision.APPROVED, "trust me");
        assertThat(r.verified()).isFalse();
        assertThat(r.status()).isEqualTo("UNTRUSTED_KEY");
        assertThat(t.approvals().all()).extracting(ApprovalRecord::status).containsExactly("UNTRUSTED_KEY");
    }

    @Test
    void theEvidenceOfAReleaseShowsOwnersLineageFindingsAndItsApprovals() {
        sign("ravi", ReviewDecision.APPROVED, "fine");
        ApprovalService.Release release = t.approvals().release(dev.tightrope.domain.Urn.parse(urn)).orElseThrow();
        assertThat(release.digest()).startsWith("sha256:");
        assertThat(release.gate().attestations()).singleElement().satisfies(a -> assertThat(a.reviewer()).isEqualTo("ravi"));
        assertThat(release.detail().downstream()).isNotEmpty();
        assertThat(release.policy().settings()).isEqualTo(TrustService.RECOMMENDED_POLICY);
    }
}
