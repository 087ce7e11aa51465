package dev.tightrope.ui.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.ApprovalRecord;
import dev.tightrope.service.ReviewDecision;
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
            t.trust().addReviewer(r[0], t.trust().publicKeyPem(r[0]), null, List.of(r[1]));
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
    void trustStoreChangesAreAnnouncedAndRefreshed() {
        vm.updateReviewer("ravi", "ravi@kestrel.example", List.of("security", "ml-lead"));
        vm.refresh();
        assertThat(vm.reviewers()).filteredOn(r -> r.name().equals("ravi")).singleElement()
                .satisfies(r -> assertThat(r.roles()).containsExactlyInAnyOrder("security", "ml-lead"));
        vm.removeReviewer("ravi");
        vm.refresh();
        assertThat(vm.reviewers()).extracting(r -> r.name()).containsExactly("helen");
        assertThat(console.notifications.statusProperty().get()).isEqualTo("Removed ravi from the trust store");
    }

    @Test
    void aKeyIsGeneratedUnderItsPassphrase() {
        vm.generateKey("nora", "ed25519", "nora-passphrase-long".toCharArray());
        assertThat(vm.keys()).extracting(k -> k.name()).contains("nora");
        assertThat(console.notifications.statusProperty().get()).startsWith("Generated key nora ");
    }
}
