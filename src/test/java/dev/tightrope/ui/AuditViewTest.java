package dev.tightrope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AuditEntry;
import dev.tightrope.service.Tightrope;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
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
class AuditViewTest {

    @TempDir
    static Path dir;

    Path ws;
    Tightrope tightrope;
    ConsoleFixture console;

    @Start
    void start(Stage stage) {
        ws = dir.resolve("ws-" + System.nanoTime());
        tightrope = ConsoleFixture.workspace(ws, 30);
        console = ConsoleFixture.show(tightrope, stage);
    }

    @AfterEach
    void close() {
        tightrope.close();
    }

    @SuppressWarnings("unchecked")
    TableView<AuditEntry> table(FxRobot robot) {
        return robot.lookup("#audit-table").queryAs(TableView.class);
    }

    void syncFromTheConsole(FxRobot robot) {
        robot.clickOn("#nav-sources");
        ConsoleFixture.waitUntil(() -> robot.lookup("#sync-source").tryQuery().isPresent()
                && !robot.lookup("#sync-source").queryButton().isDisabled());
        robot.clickOn("#sync-source");
        ConsoleFixture.waitUntil(() -> !console.model.busyProperty().get() && tightrope.audit().size() == 3);
    }

    @Test
    @SuppressWarnings("unchecked")
    void entriesShowNewestFirstAndFilterByAction(FxRobot robot) {
        syncFromTheConsole(robot);
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT6).release(KeyCode.DIGIT6, KeyCode.CONTROL);
        ConsoleFixture.waitUntil(() -> robot.lookup("#audit-table").tryQuery().isPresent() && table(robot).getItems().size() == 3);
        assertThat(table(robot).getItems()).extracting(e -> e.event().action()).containsExactly("sync.run", "sync.run", "source.add");
        assertThat(robot.lookup("#audit-size").queryAs(Label.class).getText()).startsWith("3 entries");

        ComboBox<String> action = robot.lookup("#audit-action").queryAs(ComboBox.class);
        assertThat(action.getItems()).as("no blank choice").doesNotContain("").contains("source.");
        assertThat(action.getPromptText()).isEqualTo("any action");
        assertThat(robot.lookup("#audit-action-clear").query().isVisible()).isFalse();
        robot.interact(() -> action.setValue("source."));
        ConsoleFixture.waitUntil(() -> table(robot).getItems().size() == 1);
        assertThat(table(robot).getItems().get(0).event().subject()).isEqualTo("estate");
        robot.clickOn("#audit-action-clear");
        ConsoleFixture.waitUntil(() -> table(robot).getItems().size() == 3);
        assertThat(action.getValue()).isNull();
        robot.interact(() -> action.setValue("source."));
        ConsoleFixture.waitUntil(() -> table(robot).getItems().size() == 1);
        robot.clickOn("#audit-clear");
        ConsoleFixture.waitUntil(() -> table(robot).getItems().size() == 3);
    }

    @Test
    void verifyLogShowsIntactThenCatchesADirectSqliteEdit(FxRobot robot) throws Exception {
        syncFromTheConsole(robot);
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT6).release(KeyCode.DIGIT6, KeyCode.CONTROL);
        ConsoleFixture.waitUntil(() -> robot.lookup("#verify-log").tryQuery().isPresent());
        robot.clickOn("#verify-log");
        ConsoleFixture.waitUntil(() -> robot.lookup("#log-status-badge").tryQuery().isPresent());
        assertThat(robot.lookup("#log-status-badge").queryAs(Label.class).getText()).isEqualTo("intact");
        assertThat(robot.lookup("#log-verdict").queryAs(Label.class).getText())
                .isEqualTo("The log is intact: 3 entries, every entry matches its signed leaf; no checkpoint has been signed yet.");
        assertThat(robot.lookup("#log-status-summary").queryAs(Label.class).getText()).startsWith("3 entries");

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ws.resolve("cache.db")); Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER audit_log_no_update");
            s.executeUpdate("UPDATE audit_log SET subject = 'someone-else' WHERE action = 'source.add'");
        }
        robot.clickOn("#verify-log");
        ConsoleFixture.waitUntil(() -> robot.lookup("#log-status-badge").tryQuery().isPresent()
                && robot.lookup("#log-status-badge").queryAs(Label.class).getText().equals("TAMPERED"));
        assertThat(robot.lookup("#log-verdict").queryAs(Label.class).getText())
                .isEqualTo("The log has been tampered with: entry 0 was edited: what it says now differs from what was signed.");
    }

    @Test
    void selectingAnEntryShowsItWholeWithItsSubjectByName(FxRobot robot) throws Exception {
        Path models = ws.resolveSibling(ws.getFileName() + "-models");
        java.nio.file.Files.createDirectories(models);
        java.nio.file.Files.write(models.resolve("weights.bin"), new byte[] {(byte) 0x80, 0x02, 'N', '.'});
        String source = tightrope.sources().ensureModelFilesSource(models);
        tightrope.sources().sync(source, true, dev.tightrope.domain.port.SyncListener.NONE, new dev.tightrope.domain.Cancellation());
        var file = tightrope.inventory().list(dev.tightrope.domain.AssetFilter.all().withSource(source),
                dev.tightrope.domain.AssetSort.byName(), 1).get(0);
        String digest = tightrope.inventory().find(dev.tightrope.domain.Urn.parse(file.urn())).orElseThrow().asset().digest().toString();
        tightrope.audit().record("helen.park", "approval.sign", digest, java.util.Map.of("decision", "approve",
                "rationale", "Evaluated on the holdout set; no findings above low; owners confirmed the training data and its licence."));

        robot.press(KeyCode.CONTROL, KeyCode.DIGIT6).release(KeyCode.DIGIT6, KeyCode.CONTROL);
        ConsoleFixture.waitUntil(() -> robot.lookup("#audit-table").tryQuery().isPresent() && !table(robot).getItems().isEmpty()
                && table(robot).getItems().get(0).event().action().equals("approval.sign"));
        ConsoleFixture.waitUntil(() -> robot.lookup("#audit-table .table-cell").queryAll().stream()
                .anyMatch(n -> n instanceof javafx.scene.control.TableCell<?, ?> c && file.name().equals(c.getText())
                        && c.getTooltip() != null && c.getTooltip().getText().equals(file.name() + "\n" + digest)));

        AuditEntry entry = table(robot).getItems().get(0);
        robot.interact(() -> table(robot).getSelectionModel().select(0));
        ConsoleFixture.waitUntil(() -> robot.lookup("#audit-detail-title").tryQuery().isPresent());
        assertThat(robot.lookup("#audit-detail-title").queryAs(Label.class).getText()).isEqualTo("Entry #" + entry.index() + " · approval.sign");
        assertThat(robot.lookup("#audit-detail-meaning").queryAs(Label.class).getText()).isEqualTo("an approval or rejection was signed");
        assertThat(robot.lookup("#audit-detail-time").queryAs(javafx.scene.control.TextField.class).getText())
                .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} .+ \\(UTC[+-]\\d\\d:\\d\\d\\)");
        assertThat(robot.lookup("#audit-detail-actor").queryAs(javafx.scene.control.TextField.class).getText()).isEqualTo("helen.park");
        assertThat(robot.lookup("#audit-detail-subject-name").queryAs(Label.class).getText()).isEqualTo(file.name());
        assertThat(robot.lookup("#audit-detail-subject").queryAs(javafx.scene.control.TextField.class).getText()).isEqualTo(digest);
        assertThat(robot.lookup("#audit-detail-leaf").queryAs(javafx.scene.control.TextField.class).getText())
                .isEqualTo(java.util.HexFormat.of().formatHex(entry.leafHash()));
        assertThat(robot.lookup("#audit-detail-grid .label").queryAllAs(Label.class)).extracting(Label::getText)
                .contains("decision", "approve", "rationale", entry.event().details().get("rationale"));

        ConsoleFixture.requestContextMenu(robot, robot.lookup("#audit-detail-subject-name").query());
        ConsoleFixture.waitUntil(() -> robot.lookup("#copy-digest").tryQuery().isPresent());
        robot.clickOn("#copy-digest");
        java.util.concurrent.atomic.AtomicReference<String> copied = new java.util.concurrent.atomic.AtomicReference<>();
        ConsoleFixture.waitUntil(() -> {
            robot.interact(() -> copied.set(javafx.scene.input.Clipboard.getSystemClipboard().getString()));
            return digest.equals(copied.get());
        });
        robot.clickOn("#audit-detail-open");
        ConsoleFixture.waitUntil(() -> robot.lookup("#detail-name").tryQuery().isPresent()
                && robot.lookup("#detail-name").queryAs(Label.class).getText().equals(file.name()));
        robot.press(KeyCode.ALT, KeyCode.LEFT).release(KeyCode.LEFT, KeyCode.ALT);
        ConsoleFixture.waitUntil(() -> robot.lookup("#audit-detail-title").tryQuery().map(javafx.scene.Node::isVisible).orElse(false)
                && console.model.viewProperty().get() == dev.tightrope.ui.shell.AppModel.View.AUDIT);
    }
}
