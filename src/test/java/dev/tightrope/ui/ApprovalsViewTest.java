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
            tightrope.trust().addReviewer(r[0], tightrope.trust().publicKeyPem(r[0]), null, List.of(r[1]));
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
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT4).release(KeyCode.DIGIT4, KeyCode.CONTROL);
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

    @Test
    @SuppressWarnings("unchecked")
    void theTrustStoreEditorShowsFingerprintsAndEditsRoles(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT4).release(KeyCode.DIGIT4, KeyCode.CONTROL);
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
        robot.interact(() -> robot.lookup("#reviewer-roles").queryAs(TextField.class).setText("ml-lead, governance"));
        robot.clickOn("#reviewer-confirm");
        ConsoleFixture.waitUntil(() -> tightrope.trust().reviewers().get(0).roles().equals(List.of("governance", "ml-lead"))
                && reviewers.getItems().get(0).roles().size() == 2);
        assertThat(tightrope.audit().entries(new dev.tightrope.domain.AuditQuery(null, "trust.update", "helen", null, null, 0, 5)))
                .hasSize(1);
    }
}
