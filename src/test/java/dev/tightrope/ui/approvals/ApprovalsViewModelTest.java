package dev.tightrope.ui.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AuditQuery;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.ApprovalRecord;
import dev.tightrope.service.ReviewDecision;
import dev.tightrope.service.TrustService;
import dev.tightrope.trust.keys.FastKeys;
import dev.tightrope.ui.common.TestConsole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The review queue, evidence and signing, driven as the Approvals view drives them. */
@Timeout(120)
class ApprovalsViewModelTest {
    @TempDir
    Path dir;
    private TestConsole console;
    private ApprovalsViewModel vm;

    @BeforeEach
    void open() throws IOException {
        Path model = dir.resolve("models").resolve("scorer-v2");
        Files.createDirectories(model);
        Files.writeString(model.resolve("config.json"), "{\"layers\": 4}\n");
        console = TestConsole.open(dir.resolve("ws"), 0);
        var t = console.tightrope;
        t.sources().add(new SourceConfig("models", "model-files", Map.of("path", dir.resolve("models").toString())));
        t.sources().sync("models", true, SyncListener.NONE, new Cancellation());
        for (String[] r : new String[][] {{"helen", "ml-lead"}, {"ravi", "security"}}) {
            FastKeys.generate(t.workspace().keysDirectory(), r[0], r[0] + "-passphrase");
            TrustService.addReviewer(dir.resolve("org-reviewers.json"), r[0], t.trust().publicKeyPem(r[0]), null, List.of(r[1]));
            t.trust().useReviewedTrustStore(dir.resolve("org-reviewers.json"));
        }
        vm = new ApprovalsViewModel(console.app);
        vm.refresh();
    }

    @AfterEach
    void close() {
        console.close();
    }

    private void selectFirst() {
        vm.selectedProperty().set(vm.queue().get(0));
    }

    @Test
    void everyApprovalExportsAsJsonWithItsVerification() throws Exception {
        selectFirst();
        vm.sign(ReviewDecision.APPROVED, vm.policyProperty().get().settings().scope(), "scan clean", "helen", "helen-passphrase".toCharArray(), r -> { });
        java.nio.file.Path file = dir.resolve("approvals.json");
        vm.export(file);
        com.fasterxml.jackson.databind.JsonNode rows = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        assertThat(rows.size()).isEqualTo(console.tightrope.approvals().all().size()).isPositive();
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.get("status").asText()).isEqualTo("COUNTED");
            assertThat(r.get("verified").asText()).isEqualTo("true");
            assertThat(r.get("reviewer").asText()).isEqualTo("helen");
        });
        assertThat(console.notifications.statusProperty().get()).startsWith("Exported ").endsWith(" to " + file);
    }

    @Test
    void theQueueListsTheReleaseAndSelectingItReadsItsEvidence() {
        assertThat(vm.queue()).singleElement().satisfies(q -> assertThat(q.name()).isEqualTo("scorer-v2"));
        assertThat(vm.reviewers()).extracting(r -> r.name()).containsExactlyInAnyOrder("helen", "ravi");
        assertThat(vm.keys()).hasSize(2);
        assertThat(vm.policyProperty().get()).isNotNull();
        selectFirst();
        assertThat(vm.releaseProperty().get().detail().record().asset().name()).isEqualTo("scorer-v2");
        assertThat(vm.releaseProperty().get().digest()).isEqualTo(vm.queue().get(0).digest());
        assertThat(vm.loadingProperty().get()).isFalse();
    }

    @Test
    void signingWithTheRightPassphraseWritesAVerifiedApproval() {
        selectFirst();
        String digest = vm.releaseProperty().get().digest();
        AtomicReference<ApprovalRecord> signed = new AtomicReference<>();
        String scope = vm.policyProperty().get().settings().scope();
        vm.sign(ReviewDecision.APPROVED, scope, "scan clean, owners known", "helen", "helen-passphrase".toCharArray(), signed::set);
        assertThat(signed.get()).isNotNull();
        assertThat(signed.get().verified()).isTrue();
        assertThat(console.tightrope.approvals().approvals(digest)).hasSize(1);
        assertThat(console.notifications.statusProperty().get())
                .isEqualTo("Approval of scorer-v2 signed with helen: verified, counts toward the gate");
    }

    @Test
    void anApprovalThatDoesNotCountIsSignedButSaysWhy() {
        selectFirst();
        vm.sign(ReviewDecision.APPROVED, "somewhere-else", "ok", "helen", "helen-passphrase".toCharArray(), r -> { });
        assertThat(console.shown()).singleElement().asString()
                .startsWith("Approval of scorer-v2 signed with helen, but it does not count");
        assertThat(vm.signingProperty().get()).isFalse();
    }

    @Test
    void aWrongPassphraseWritesNothingAndSaysSo() {
        selectFirst();
        String digest = vm.releaseProperty().get().digest();
        AtomicReference<ApprovalRecord> signed = new AtomicReference<>();
        char[] wrong = "not it at all".toCharArray();
        vm.sign(ReviewDecision.REJECTED, "production", "pickle payload", "helen", wrong, signed::set);
        assertThat(signed.get()).isNull();
        assertThat(console.tightrope.approvals().approvals(digest)).isEmpty();
        assertThat(console.errors()).singleElement().satisfies(n -> assertThat(n.text()).contains("nothing was signed"));
        assertThat(new String(wrong)).as("the passphrase is wiped").isNotEqualTo("not it at all");
    }

    @Test
    void signingWithoutASelectedReleaseIsRefusedAndWipesThePassphrase() {
        char[] passphrase = "helen-passphrase".toCharArray();
        vm.sign(ReviewDecision.APPROVED, "production", "ok", "helen", passphrase, r -> { });
        assertThat(console.shown()).singleElement().asString().startsWith("Nothing was signed");
        assertThat(passphrase).containsOnly('\0');
    }

    @Test
    void aColleagueTrustedLocallyIsShownAsUnreviewedAndCanBeRemoved() throws IOException {
        String omar = Files.readString(FastKeys.generate(dir.resolve("omar-keys"), "omar", "omar-passphrase").publicKeyFile());
        ApprovalsViewModel.TrustCheck check = vm.trustCheck("omar", null, List.of("security"), vm.fingerprintOf(omar), null);
        assertThat(check.selfTrust()).isNull();
        assertThat(check.counting()).contains("a local entry the organisation has not reviewed")
                .contains("does not count toward a gate unless the policy says countUnreviewedReviewers");
        vm.addReviewer("omar", omar, null, List.of("security"));
        vm.refresh();
        assertThat(vm.reviewers()).filteredOn(r -> r.name().equals("omar")).singleElement().satisfies(r -> {
            assertThat(r.origin()).isEqualTo("local");
            assertThat(r.selfTrust()).isNull();
        });
        assertThat(console.notifications.statusProperty().get())
                .isEqualTo("Trusted omar locally (unreviewed); it counts only when the policy says countUnreviewedReviewers");
        vm.removeReviewer("omar");
        vm.refresh();
        assertThat(vm.reviewers()).extracting(r -> r.name()).containsExactly("helen", "ravi");
        assertThat(console.notifications.statusProperty().get()).isEqualTo("Removed omar from the trust store");
    }

    @Test
    void trustingOnesOwnKeyIsFlaggedBeforeAndAfterAndItsApprovalDoesNotCount() {
        FastKeys.generate(console.tightrope.workspace().keysDirectory(), "ana", "ana-passphrase");
        vm.refresh();
        TrustService.KeySummary ana = vm.keys().stream().filter(k -> k.name().equals("ana")).findFirst().orElseThrow();
        ApprovalsViewModel.TrustCheck check = vm.trustCheck("ana", null, List.of("security"), ana.fingerprint(), null);
        assertThat(check.selfTrust()).startsWith("this is self-trust: the private key is in this workspace (key 'ana')");

        vm.trustOwnKey(ana, null, List.of("security"));
        assertThat(console.shown()).singleElement().asString()
                .startsWith("Trusted ana as self-trust: it does not count toward a gate on its own");
        vm.refresh();
        assertThat(vm.reviewers()).filteredOn(r -> r.name().equals("ana")).singleElement()
                .satisfies(r -> assertThat(r.selfTrust()).contains("private key is in this workspace"));
        assertThat(console.tightrope.audit().entries(new AuditQuery(null, TrustService.SELF_TRUST, "ana", null, null, 0, 5))).hasSize(1);

        selectFirst();
        ApprovalsViewModel.SigningCheck before = vm.signingCheck(ana, "promote:production");
        assertThat(before.counts()).isFalse();
        assertThat(before.headline()).isEqualTo("This signature will not count: 'ana' is trusted only locally");
        assertThat(before.reason()).contains("self-trust").contains("not by the organisation's reviewed trust store");
        AtomicReference<ApprovalRecord> signed = new AtomicReference<>();
        vm.sign(ReviewDecision.APPROVED, "promote:production", "mine, looks fine", "ana", "ana-passphrase".toCharArray(), signed::set);
        assertThat(signed.get().status()).isEqualTo("UNREVIEWED_REVIEWER");
        assertThat(console.shown().get(0)).startsWith("Approval of scorer-v2 signed with ana, but it does not count");
    }

    @Test
    void raisingOnesOwnRolesIsFlaggedAsSelfTrust() {
        TrustService.ReviewerSummary helen = vm.reviewers().stream().filter(r -> r.name().equals("helen")).findFirst().orElseThrow();
        ApprovalsViewModel.TrustCheck raise = vm.trustCheck("helen", null, List.of("ml-lead", "security"), helen.fingerprint(), helen);
        assertThat(raise.selfTrust()).startsWith("raising your own roles (adding security) is self-trust: the private key is in this "
                + "workspace (key 'helen')");
        assertThat(raise.counting()).isEqualTo("The added role security is a local change the organisation has not reviewed: "
                + "no role rule counts it unless the policy says countUnreviewedReviewers.");
        assertThat(vm.trustCheck("helen", null, List.of(), helen.fingerprint(), helen)).isEqualTo(new ApprovalsViewModel.TrustCheck(null, null));

        vm.updateReviewer("helen", null, List.of("ml-lead", "security"));
        vm.refresh();
        assertThat(vm.reviewers()).filteredOn(r -> r.name().equals("helen")).singleElement().satisfies(r -> {
            assertThat(r.reviewed()).isTrue();
            assertThat(r.unreviewedRoles()).containsExactly("security");
            assertThat(r.selfTrust()).isNotNull();
        });
        assertThat(console.shown()).singleElement().asString().startsWith("Updated helen as self-trust");
    }

    @Test
    void aKeyTheTrustStoreDoesNotKnowIsWarnedAboutBeforeThePassphrase() {
        FastKeys.generate(console.tightrope.workspace().keysDirectory(), "mallory", "mallory-passphrase");
        vm.refresh();
        selectFirst();
        TrustService.KeySummary mallory = vm.keys().stream().filter(k -> k.name().equals("mallory")).findFirst().orElseThrow();
        ApprovalsViewModel.SigningCheck check = vm.signingCheck(mallory, "promote:production");
        assertThat(check.counts()).isFalse();
        assertThat(check.headline()).isEqualTo("This signature will not count: the key 'mallory' is not in the trust store");
        assertThat(check.reason()).contains(mallory.fingerprint()).contains("no gate counts it");
        assertThat(check.whatToDo()).contains("reviewed trust store").contains("Sign anyway only to keep a record that counts for nothing");

        TrustService.KeySummary helen = vm.keys().stream().filter(k -> k.name().equals("helen")).findFirst().orElseThrow();
        assertThat(vm.signingCheck(helen, "promote:production")).satisfies(c -> {
            assertThat(c.counts()).isTrue();
            assertThat(c.headline()).isEqualTo("Counts toward the gate as helen");
        });
        assertThat(vm.signingCheck(helen, "staging").headline()).isEqualTo("This signature will not count: the policy counts only "
                + "promote:production");
    }

    @Test
    void theStatementRestatesWhatIsSignedAndTheFormSaysWhyItIsDisabled() {
        TrustService.KeySummary helen = vm.keys().stream().filter(k -> k.name().equals("helen")).findFirst().orElseThrow();
        assertThat(vm.whyDecisionDisabled("promote:production", "ok", helen)).isEqualTo("Select a release to decide about.");
        assertThat(vm.statement(ReviewDecision.APPROVED, "promote:production", "ok", helen)).isEmpty();
        selectFirst();
        assertThat(vm.whyDecisionDisabled("promote:production", " ", helen)).isEqualTo("Write the rationale: what you checked and what you accept.");
        assertThat(vm.whyDecisionDisabled("", "ok", helen)).startsWith("Say the scope");
        assertThat(vm.whyDecisionDisabled("promote:production", "ok", null)).isEqualTo("Generate a reviewer key to sign with.");
        assertThat(vm.whyDecisionDisabled("promote:production", "ok", helen)).isNull();

        ApprovalsViewModel.SigningStatement s = vm.statement(ReviewDecision.REJECTED, " promote:production ", " pickle payload ", helen)
                .orElseThrow();
        assertThat(s.decision()).isEqualTo(ReviewDecision.REJECTED);
        assertThat(s.release()).isEqualTo("scorer-v2");
        assertThat(s.digest()).isEqualTo(vm.queue().get(0).digest()).matches("sha256:[0-9a-f]{64}");
        assertThat(s.scope()).isEqualTo("promote:production");
        assertThat(s.keyName()).isEqualTo("helen");
        assertThat(s.keyFingerprint()).isEqualTo(helen.fingerprint());
        assertThat(s.rationale()).isEqualTo("pickle payload");
        assertThat(s.check().counts()).isTrue();
    }

    @Test
    void dialogFieldsAreCheckedWithTheTrustStoresOwnWords() {
        assertThat(vm.keyNameProblem("helen")).isEqualTo("a key named 'helen' already exists");
        assertThat(vm.keyNameProblem("bad name")).contains("is not allowed");
        assertThat(vm.keyNameProblem("nora")).isNull();
        assertThat(vm.reviewerNameProblem("ravi", true)).isEqualTo("a reviewer named 'ravi' is already trusted");
        assertThat(vm.reviewerNameProblem("", true)).isEqualTo("a reviewer needs a name");
        assertThat(vm.emailProblem("not-an-email")).contains("is not an email address");
        assertThat(vm.rolesProblem("security, Legal")).contains("role 'Legal' must be lower-case");
        assertThat(vm.publicKeyProblem("")).startsWith("paste the reviewer's public key");
        assertThat(vm.publicKeyProblem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")).isNotNull();
        assertThat(vm.publicKeyProblem(console.tightrope.trust().publicKeyPem("ravi"))).contains("already trusted as 'ravi'");
        assertThat(vm.scopeProblem("Promote Production")).contains("is not like promote:production");
        assertThat(vm.scopeProblem("")).isNull();
        assertThat(vm.maxAgeProblem("0")).isEqualTo("the maximum age must be at least 1 day");
        assertThat(vm.maxAgeProblem("ninety")).isEqualTo("the maximum age is a whole number of days");
    }

    @Test
    void takingTheOrganisationsTrustStoreIsAnnounced() throws IOException {
        String omar = Files.readString(FastKeys.generate(dir.resolve("omar-keys"), "omar", "omar-passphrase").publicKeyFile());
        TrustService.addReviewer(dir.resolve("org-reviewers.json"), "omar", omar, null, List.of("legal"));
        vm.useReviewedTrustStore(dir.resolve("org-reviewers.json"));
        assertThat(console.notifications.statusProperty().get()).startsWith("Reviewed trust store taken from ")
                .endsWith(": 3 reviewed reviewer(s), added omar");
        vm.useReviewedTrustStore(dir.resolve("org-reviewers.json"));
        assertThat(console.notifications.statusProperty().get()).startsWith("The workspace already uses this reviewed trust store");
    }

    @Test
    void aKeyIsGeneratedUnderItsPassphrase() {
        vm.generateKey("nora", "ed25519", "nora-passphrase-long".toCharArray());
        assertThat(vm.keys()).extracting(k -> k.name()).contains("nora");
        assertThat(console.notifications.statusProperty().get()).startsWith("Generated key nora ");
    }
}
