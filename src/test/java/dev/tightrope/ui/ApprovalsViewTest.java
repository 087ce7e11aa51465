package dev.tightrope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.ApprovalRecord;
import dev.tightrope.service.ApprovalService;
import dev.tightrope.service.GateResult;
import dev.tightrope.service.RegistryAccess;
import dev.tightrope.service.Tightrope;
import dev.tightrope.service.TrustService;
import dev.tightrope.service.VerificationService;
import dev.tightrope.trust.keys.FastKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.controlsfx.control.decoration.Decorator;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class ApprovalsViewTest {

    @TempDir
    static Path dir;

    Tightrope tightrope;
    ConsoleFixture console;
    Path models;

    @Start
    void start(Stage stage) throws IOException {
        Path base = dir.resolve("run-" + System.nanoTime());
        models = base.resolve("models");
        Path model = models.resolve("scorer-v2");
        Files.createDirectories(model);
        Files.writeString(model.resolve("config.json"), "{\"layers\": 4}\n");
        tightrope = Tightrope.open(base.resolve("ws"));
        tightrope.sources().add(new SourceConfig("models", "model-files", Map.of("path", models.toString())));
        tightrope.sources().sync("models", true, SyncListener.NONE, new Cancellation());
        for (String[] r : new String[][] {{"helen", "ml-lead"}, {"ravi", "security"}}) {
            FastKeys.generate(tightrope.workspace().keysDirectory(), r[0], r[0] + "-passphrase");
            TrustService.addReviewer(base.resolve("org-reviewers.json"), r[0], tightrope.trust().publicKeyPem(r[0]), null, List.of(r[1]));
            tightrope.trust().useReviewedTrustStore(base.resolve("org-reviewers.json"));
        }
        console = ConsoleFixture.show(tightrope, stage);
    }

    @AfterEach
    void close() {
        tightrope.close();
    }

    @SuppressWarnings("unchecked")
    TableView<ApprovalService.QueueItem> queue(FxRobot robot) {
        return robot.lookup("#approval-queue").queryAs(TableView.class);
    }

    void openFirstRelease(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT5).release(KeyCode.DIGIT5, KeyCode.CONTROL);
        ConsoleFixture.waitUntil(() -> robot.lookup("#approval-queue").tryQuery().isPresent() && queue(robot).getItems().size() == 1);
        robot.interact(() -> queue(robot).getSelectionModel().select(0));
        ConsoleFixture.waitUntil(() -> robot.lookup("#release-name").tryQuery().isPresent()
                && robot.lookup("#release-name").queryAs(Label.class).getText().equals("scorer-v2"));
    }

    String text(Node n) {
        StringBuilder sb = new StringBuilder();
        if (n instanceof javafx.scene.control.Labeled l) {
            sb.append(l.getText()).append('\n');
        }
        if (n instanceof javafx.scene.Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> sb.append(text(c)));
        }
        return sb.toString();
    }

    @Test
    void theQueueShowsTheReleaseAndItsEvidence(FxRobot robot) {
        openFirstRelease(robot);
        ApprovalService.QueueItem item = queue(robot).getItems().get(0);
        assertThat(item.why()).isEqualTo("model directory");
        assertThat(robot.lookup("#release-digest").queryAs(Label.class).getText()).isEqualTo(item.digest());
        assertThat(robot.lookup("#release-gate-outcome").queryAs(Label.class).getText()).isEqualTo("fail");
        assertThat(text(robot.lookup("#release-gate").query())).contains("approvals: 0 of 2 required");
        assertThat(text(robot.lookup("#release-downstream").query())).contains("config.json");
        assertThat(text(robot.lookup("#release-approvals").query())).contains("No signed decision");
        assertThat(robot.lookup("#policy-summary").queryAs(Label.class).getText()).contains("one with role security");
    }

    @Test
    void approvingWithARationaleAndThePassphraseWritesAVerifiedBundle(FxRobot robot) throws IOException {
        openFirstRelease(robot);
        String digest = queue(robot).getItems().get(0).digest();
        robot.interact(() -> robot.lookup("#approval-rationale").queryAs(TextArea.class).setText("scan clean, owners known"));
        robot.clickOn("#approve-button");
        ConsoleFixture.waitUntil(() -> robot.lookup("#passphrase-field").tryQuery().isPresent());
        robot.interact(() -> robot.lookup("#passphrase-field").queryAs(PasswordField.class).setText("helen-passphrase"));
        robot.clickOn("#passphrase-ok");
        ConsoleFixture.waitUntil(() -> tightrope.approvals().approvals(digest).size() == 1
                && text(robot.lookup("#release-approvals").query()).contains("verified ✓"));

        ApprovalRecord signed = tightrope.approvals().approvals(digest).get(0);
        assertThat(signed.reviewer()).isEqualTo("helen");
        assertThat(signed.rationale()).isEqualTo("scan clean, owners known");
        assertThat(text(robot.lookup("#release-approvals").query())).contains("helen").contains("“scan clean, owners known”");
        assertThat(robot.lookup("#approval-rationale").queryAs(TextArea.class).getText()).isEmpty();
        GateResult gate = new VerificationService(Clock.systemUTC(), RegistryAccess.anonymous()).verify(new VerificationService.Request(
                digest, tightrope.approvals().approvalsDirectory().toString(), tightrope.trust().trustStoreFile(), null, null));
        assertThat(gate.outcome()).as(gate.text()).isEqualTo(GateResult.Outcome.PASS);

        robot.clickOn("#tab-signed");
        @SuppressWarnings("unchecked")
        TableView<ApprovalRecord> table = robot.lookup("#approvals-table").queryAs(TableView.class);
        ConsoleFixture.waitUntil(() -> table.getItems().size() == 1);
        assertThat(table.getItems().get(0).verified()).isTrue();
    }

    @Test
    void aDecisionNeedsARationale(FxRobot robot) {
        openFirstRelease(robot);
        Button reject = robot.lookup("#reject-button").queryAs(Button.class);
        assertThat(reject.isDisabled()).isTrue();
        assertThat(robot.lookup("#decision-why-disabled").queryAs(Label.class).getText())
                .isEqualTo("Write the rationale: what you checked and what you accept.");
        robot.interact(() -> robot.lookup("#approval-rationale").queryAs(TextArea.class).setText("pickle payload"));
        assertThat(reject.isDisabled()).isFalse();
        robot.interact(() -> robot.lookup("#approval-rationale").queryAs(TextArea.class).setText("   "));
        assertThat(reject.isDisabled()).isTrue();
        robot.interact(() -> robot.lookup("#approval-scope").queryAs(TextField.class).setText(""));
        robot.interact(() -> robot.lookup("#approval-rationale").queryAs(TextArea.class).setText("pickle payload"));
        assertThat(reject.isDisabled()).as("a scope is needed too").isTrue();
    }

    @Test
    void aWrongPassphraseSaysSoAndWritesNothing(FxRobot robot) throws IOException {
        openFirstRelease(robot);
        robot.interact(() -> robot.lookup("#approval-rationale").queryAs(TextArea.class).setText("pickle payload"));
        robot.clickOn("#reject-button");
        ConsoleFixture.waitUntil(() -> robot.lookup("#passphrase-field").tryQuery().isPresent());
        robot.interact(() -> robot.lookup("#passphrase-field").queryAs(PasswordField.class).setText("not it at all"));
        robot.clickOn("#passphrase-ok");
        ConsoleFixture.waitUntil(() -> console.notices().stream().anyMatch(n -> n.contains("wrong passphrase")));
        assertThat(console.notices().get(0)).contains("nothing was signed").contains("did not open it");
        assertThat(robot.lookup("#notifications").queryAs(javafx.scene.layout.VBox.class).isVisible()).isTrue();
        Path approvals = tightrope.approvals().approvalsDirectory();
        if (Files.isDirectory(approvals)) {
            try (Stream<Path> s = Files.list(approvals)) {
                assertThat(s.toList()).isEmpty();
            }
        }
        assertThat(robot.lookup("#approval-rationale").queryAs(TextArea.class).getText()).isEqualTo("pickle payload");
    }

    /** The dialog a node is in. */
    static DialogPane dialogOf(Node n) {
        Node at = n;
        while (!(at instanceof DialogPane)) {
            at = at.getParent();
        }
        return (DialogPane) at;
    }

    void cancel(FxRobot robot, String inside) {
        DialogPane pane = dialogOf(robot.lookup(inside).query());
        robot.interact(() -> ((Button) pane.lookupButton(ButtonType.CANCEL)).fire());
        ConsoleFixture.waitUntil(() -> robot.lookup(inside).tryQuery().isEmpty());
    }

    @SuppressWarnings("unchecked")
    void useKey(FxRobot robot, String name) {
        ChoiceBox<TrustService.KeySummary> key = robot.lookup("#approval-key").queryAs(ChoiceBox.class);
        ConsoleFixture.waitUntil(() -> key.getItems().stream().anyMatch(k -> k.name().equals(name)));
        robot.interact(() -> key.setValue(key.getItems().stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow()));
    }

    static long approvalFiles(Path approvals) throws IOException {
        if (!Files.isDirectory(approvals)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(approvals)) {
            return s.count();
        }
    }

    @Test
    void signingWithAKeyTheTrustStoreDoesNotKnowSaysSoBeforeThePassphraseAndLetsTheUserStop(FxRobot robot) throws IOException {
        FastKeys.generate(tightrope.workspace().keysDirectory(), "mallory", "mallory-passphrase");
        openFirstRelease(robot);
        robot.clickOn("#approvals-refresh");
        useKey(robot, "mallory");
        robot.interact(() -> robot.lookup("#approval-rationale").queryAs(TextArea.class).setText("trust me"));
        robot.clickOn("#approve-button");
        ConsoleFixture.waitUntil(() -> robot.lookup("#untrusted-key-reason").tryQuery().isPresent());
        DialogPane warning = robot.lookup("#untrusted-key-warning").queryAs(DialogPane.class);
        assertThat(warning.getHeaderText()).isEqualTo("This signature will not count: the key 'mallory' is not in the trust store");
        assertThat(robot.lookup("#untrusted-key-reason").queryAs(Label.class).getText()).contains("no gate counts it");
        assertThat(robot.lookup("#untrusted-key-fix").queryAs(Label.class).getText()).contains("reviewed trust store");
        assertThat(robot.lookup("#passphrase-field").tryQuery()).as("the passphrase is not asked yet").isEmpty();

        robot.clickOn("#sign-stop");
        ConsoleFixture.waitUntil(() -> robot.lookup("#untrusted-key-warning").tryQuery().isEmpty());
        assertThat(robot.lookup("#passphrase-field").tryQuery()).isEmpty();
        assertThat(approvalFiles(tightrope.approvals().approvalsDirectory())).isZero();

        robot.clickOn("#approve-button");
        ConsoleFixture.waitUntil(() -> robot.lookup("#sign-anyway").tryQuery().isPresent());
        robot.clickOn("#sign-anyway");
        ConsoleFixture.waitUntil(() -> robot.lookup("#passphrase-field").tryQuery().isPresent());
        assertThat(robot.lookup("#sign-counts").queryAs(Label.class).getText()).startsWith("This signature will not count");
        robot.interact(() -> robot.lookup("#passphrase-field").queryAs(PasswordField.class).setText("mallory-passphrase"));
        robot.clickOn("#passphrase-ok");
        ConsoleFixture.waitUntil(() -> console.notices().stream().anyMatch(n -> n.contains("but it does not count")));
        assertThat(approvalFiles(tightrope.approvals().approvalsDirectory())).isEqualTo(1);
    }

    @Test
    void theSignDialogRestatesWhatIsSignedAndSaysWhySignIsDisabled(FxRobot robot) throws IOException {
        openFirstRelease(robot);
        String digest = queue(robot).getItems().get(0).digest();
        robot.interact(() -> robot.lookup("#approval-rationale").queryAs(TextArea.class).setText("scan clean, owners known"));
        robot.clickOn("#reject-button");
        ConsoleFixture.waitUntil(() -> robot.lookup("#passphrase-field").tryQuery().isPresent());
        assertThat(robot.lookup("#sign-decision").queryAs(Label.class).getText()).isEqualTo("reject");
        assertThat(robot.lookup("#sign-release").queryAs(Label.class).getText()).isEqualTo("scorer-v2");
        TextField shown = robot.lookup("#sign-digest").queryAs(TextField.class);
        assertThat(shown.getText()).isEqualTo(digest).hasSize(71);
        assertThat(shown.isEditable()).isFalse();
        robot.interact(shown::selectAll);
        assertThat(shown.getSelectedText()).as("the whole digest can be selected and copied").isEqualTo(digest);
        assertThat(robot.lookup("#sign-scope").queryAs(Label.class).getText()).isEqualTo("promote:production");
        assertThat(robot.lookup("#sign-key").queryAs(Label.class).getText()).isEqualTo("helen");
        assertThat(robot.lookup("#sign-fingerprint").queryAs(TextField.class).getText())
                .isEqualTo(tightrope.trust().key("helen").orElseThrow().fingerprint());
        assertThat(robot.lookup("#sign-rationale").queryAs(TextArea.class).getText()).isEqualTo("scan clean, owners known");
        assertThat(robot.lookup("#sign-counts").queryAs(Label.class).getText()).isEqualTo("Counts toward the gate as helen");

        Button sign = robot.lookup("#passphrase-ok").queryAs(Button.class);
        Label why = robot.lookup("#passphrase-why-disabled").queryAs(Label.class);
        ConsoleFixture.waitUntil(() -> sign.isDisabled() && !why.getText().isEmpty());
        assertThat(why.getText()).isEqualTo("Sign rejection is disabled: type the passphrase of key 'helen'.");
        PasswordField field = robot.lookup("#passphrase-field").queryAs(PasswordField.class);
        robot.interact(() -> field.setText("x"));
        robot.interact(field::clear);
        ConsoleFixture.waitUntil(() -> Decorator.getDecorations(field) != null && !Decorator.getDecorations(field).isEmpty());
        robot.interact(() -> field.setText("x"));
        ConsoleFixture.waitUntil(() -> !sign.isDisabled() && why.getText().isEmpty());
        cancel(robot, "#passphrase-field");
        assertThat(approvalFiles(tightrope.approvals().approvalsDirectory())).isZero();
    }

    void openTrustTab(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT5).release(KeyCode.DIGIT5, KeyCode.CONTROL);
        ConsoleFixture.waitUntil(() -> robot.lookup("#approvals-tabs").tryQuery().isPresent());
        robot.interact(() -> robot.lookup("#approvals-tabs").queryAs(TabPane.class).getSelectionModel().select(2));
    }

    @Test
    void theKeyDialogSaysWhyGenerateIsDisabled(FxRobot robot) {
        openTrustTab(robot);
        robot.clickOn("#generate-key-trust");
        ConsoleFixture.waitUntil(() -> robot.lookup("#key-passphrase").tryQuery().isPresent());
        Button generate = robot.lookup("#key-generate-confirm").queryAs(Button.class);
        Label why = robot.lookup("#key-why-disabled").queryAs(Label.class);
        PasswordField pass = robot.lookup("#key-passphrase").queryAs(PasswordField.class);
        PasswordField again = robot.lookup("#key-passphrase-again").queryAs(PasswordField.class);
        TextField name = robot.lookup("#key-name").queryAs(TextField.class);

        robot.interact(() -> {
            name.setText("nora");
            pass.setText("abc");
        });
        ConsoleFixture.waitUntil(() -> why.getText().contains("too short"));
        assertThat(generate.isDisabled()).isTrue();
        assertThat(why.getText()).isEqualTo("Generate is disabled: the passphrase is too short (3 of at least 8 characters); "
                + "type the passphrase again to confirm it.");
        assertThat(Decorator.getDecorations(pass)).isNotEmpty();

        robot.interact(() -> {
            pass.setText("correct horse");
            again.setText("correct horsE");
        });
        ConsoleFixture.waitUntil(() -> why.getText().equals("Generate is disabled: the passphrases differ."));
        assertThat(generate.isDisabled()).isTrue();

        robot.interact(() -> name.setText("helen"));
        ConsoleFixture.waitUntil(() -> why.getText().contains("a key named 'helen' already exists"));

        robot.interact(() -> {
            name.setText("nora");
            again.setText("correct horse");
        });
        ConsoleFixture.waitUntil(() -> !generate.isDisabled() && why.getText().isEmpty());
        assertThat(Decorator.getDecorations(pass)).isNullOrEmpty();
        robot.interact(generate::fire);
        ConsoleFixture.waitUntil(() -> tightrope.trust().key("nora").isPresent());
    }

    @Test
    @SuppressWarnings("unchecked")
    void trustingYourOwnKeyIsFlaggedAsSelfTrustInTheDialogAndTheTrustStore(FxRobot robot) {
        FastKeys.generate(tightrope.workspace().keysDirectory(), "ana", "ana-passphrase");
        openTrustTab(robot);
        robot.clickOn("#approvals-refresh");
        TableView<TrustService.KeySummary> keys = robot.lookup("#keys-table").queryAs(TableView.class);
        ConsoleFixture.waitUntil(() -> keys.getItems().size() == 3);
        robot.interact(() -> keys.getSelectionModel().select(keys.getItems().stream().filter(k -> k.name().equals("ana")).findFirst()
                .orElseThrow()));
        robot.clickOn("#trust-own-key");
        ConsoleFixture.waitUntil(() -> robot.lookup("#reviewer-roles").tryQuery().isPresent());
        robot.interact(() -> robot.lookup("#reviewer-roles").queryAs(TextField.class).setText("security"));
        Label why = robot.lookup("#reviewer-why-disabled-note").queryAs(Label.class);
        ConsoleFixture.waitUntil(() -> why.getText().startsWith("Note: this is self-trust: the private key is in this workspace"));
        assertThat(robot.lookup("#reviewer-counting").queryAs(Label.class).getText())
                .contains("a local entry the organisation has not reviewed").contains("does not count toward a gate");
        assertThat(robot.lookup("#reviewer-confirm").queryAs(Button.class).isDisabled()).as("a warning does not block").isFalse();
        robot.clickOn("#reviewer-confirm");

        TableView<TrustService.ReviewerSummary> reviewers = robot.lookup("#reviewers-table").queryAs(TableView.class);
        ConsoleFixture.waitUntil(() -> reviewers.getItems().size() == 3
                && robot.lookup("#reviewers-table .origin-self-trust").tryQuery().isPresent());
        assertThat(reviewers.getItems()).filteredOn(r -> r.name().equals("ana")).singleElement()
                .satisfies(r -> assertThat(r.origin()).isEqualTo("local"));
        assertThat(robot.lookup("#reviewers-table .origin-local").queryAll()).hasSize(1);
        assertThat(robot.lookup("#reviewers-table .origin-reviewed").queryAll()).hasSize(2);
        assertThat(console.notices()).anySatisfy(n -> assertThat(n).startsWith("Trusted ana as self-trust"));
        assertThat(tightrope.audit().entries(new dev.tightrope.domain.AuditQuery(null, "trust.self-trust", "ana", null, null, 0, 5)))
                .hasSize(1);
    }

    @Test
    void thePolicyDialogSaysWhySaveIsDisabledAndCanCountUnreviewedReviewers(FxRobot robot) {
        openTrustTab(robot);
        ConsoleFixture.waitUntil(() -> !robot.lookup("#edit-policy").queryAs(Button.class).isDisabled());
        robot.clickOn("#edit-policy");
        ConsoleFixture.waitUntil(() -> robot.lookup("#policy-max-age").tryQuery().isPresent());
        Button save = robot.lookup("#policy-save").queryAs(Button.class);
        Label why = robot.lookup("#policy-why-disabled").queryAs(Label.class);
        robot.interact(() -> robot.lookup("#policy-max-age").queryAs(TextField.class).setText("0"));
        ConsoleFixture.waitUntil(() -> save.isDisabled() && why.getText().contains("the maximum age must be at least 1 day"));
        robot.interact(() -> robot.lookup("#policy-scope").queryAs(TextField.class).setText("Promote Production"));
        ConsoleFixture.waitUntil(() -> why.getText().startsWith("Save is disabled: scope 'Promote Production' is not like promote:production"));
        robot.interact(() -> {
            robot.lookup("#policy-max-age").queryAs(TextField.class).setText("30");
            robot.lookup("#policy-scope").queryAs(TextField.class).setText("promote:production");
            robot.lookup("#policy-count-unreviewed").queryAs(javafx.scene.control.CheckBox.class).setSelected(true);
            robot.lookup("#policy-require-owner").queryAs(javafx.scene.control.CheckBox.class).setSelected(true);
        });
        ConsoleFixture.waitUntil(() -> !save.isDisabled() && why.getText().isEmpty()
                && robot.lookup("#policy-why-disabled-note").queryAs(Label.class).getText().startsWith("Note: approvals by reviewers "
                + "the organisation never reviewed, self-trust included, will count"));
        robot.clickOn("#policy-save");
        ConsoleFixture.waitUntil(() -> tightrope.trust().policy().settings().countUnreviewedReviewers());
        assertThat(tightrope.trust().policy().settings().maxAgeDays()).isEqualTo(30);
        // a rule about the release's own facts makes the file version 2, its one stage kept
        assertThat(tightrope.trust().policy().rules(null).requireOwner()).isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTrustStoreEditorShowsFingerprintsAndEditsRoles(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT5).release(KeyCode.DIGIT5, KeyCode.CONTROL);
        ConsoleFixture.waitUntil(() -> robot.lookup("#approvals-tabs").tryQuery().isPresent());
        robot.interact(() -> robot.lookup("#approvals-tabs").queryAs(TabPane.class).getSelectionModel().select(2));
        TableView<TrustService.ReviewerSummary> reviewers = robot.lookup("#reviewers-table").queryAs(TableView.class);
        ConsoleFixture.waitUntil(() -> reviewers.getItems().size() == 2);
        assertThat(reviewers.getItems()).allSatisfy(r -> assertThat(r.fingerprint()).startsWith("SHA256:"));
        TableView<TrustService.KeySummary> keys = robot.lookup("#keys-table").queryAs(TableView.class);
        assertThat(keys.getItems()).extracting(TrustService.KeySummary::name).containsExactly("helen", "ravi");
        assertThat(robot.lookup("#trust-store-path").queryAs(Label.class).getText()).endsWith("reviewers.json");

        robot.interact(() -> reviewers.getSelectionModel().select(0));
        robot.clickOn("#edit-reviewer");
        ConsoleFixture.waitUntil(() -> robot.lookup("#reviewer-roles").tryQuery().isPresent());
        assertThat(robot.lookup("#reviewer-email").queryAs(TextField.class).isDisabled()).as("a reviewed email is the organisation's")
                .isTrue();
        robot.interact(() -> robot.lookup("#reviewer-roles").queryAs(TextField.class).setText("ml-lead, governance"));
        // helen's private key is in this workspace: raising her roles here is self-trust, said before it is saved
        ConsoleFixture.waitUntil(() -> robot.lookup("#reviewer-why-disabled-note").queryAs(Label.class).getText()
                .startsWith("Note: raising your own roles (adding governance) is self-trust"));
        assertThat(robot.lookup("#reviewer-counting").queryAs(Label.class).getText())
                .contains("The added role governance is a local change the organisation has not reviewed");
        DialogPane edit = dialogOf(robot.lookup("#reviewer-roles").query());
        ConsoleFixture.waitUntil(() -> edit.getScene().getHeight() >= edit.prefHeight(edit.getScene().getWidth()) - 1);
        robot.clickOn("#reviewer-confirm");
        ConsoleFixture.waitUntil(() -> tightrope.trust().reviewers().get(0).roles().equals(List.of("governance", "ml-lead"))
                && reviewers.getItems().get(0).roles().size() == 2);
        assertThat(reviewers.getItems().get(0).unreviewedRoles()).containsExactly("governance");
        assertThat(tightrope.audit().entries(new dev.tightrope.domain.AuditQuery(null, "trust.self-trust", "helen", null, null, 0, 5)))
                .hasSize(1);
        robot.interact(() -> reviewers.getSelectionModel().select(0));
        assertThat(robot.lookup("#remove-reviewer").queryAs(Button.class).isDisabled()).as("the local change can be dropped").isFalse();
        robot.interact(() -> reviewers.getSelectionModel().select(1));
        ConsoleFixture.waitUntil(() -> robot.lookup("#remove-reviewer-why").queryAs(Label.class).getText()
                .startsWith("ravi is in the organisation's reviewed trust store"));
        assertThat(robot.lookup("#remove-reviewer").queryAs(Button.class).isDisabled()).isTrue();
    }
}
