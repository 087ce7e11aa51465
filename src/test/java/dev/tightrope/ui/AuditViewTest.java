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
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT5).release(KeyCode.DIGIT5, KeyCode.CONTROL);
        ConsoleFixture.waitUntil(() -> robot.lookup("#audit-table").tryQuery().isPresent() && table(robot).getItems().size() == 3);
        assertThat(table(robot).getItems()).extracting(e -> e.event().action()).containsExactly("sync.run", "sync.run", "source.add");
        assertThat(robot.lookup("#audit-size").queryAs(Label.class).getText()).startsWith("3 entries");

        robot.interact(() -> robot.lookup("#audit-action").queryAs(ComboBox.class).setValue("source."));
        ConsoleFixture.waitUntil(() -> table(robot).getItems().size() == 1);
        assertThat(table(robot).getItems().get(0).event().subject()).isEqualTo("estate");
        robot.clickOn("#audit-clear");
        ConsoleFixture.waitUntil(() -> table(robot).getItems().size() == 3);
    }

    @Test
    void verifyLogShowsIntactThenCatchesADirectSqliteEdit(FxRobot robot) throws Exception {
        syncFromTheConsole(robot);
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT5).release(KeyCode.DIGIT5, KeyCode.CONTROL);
        ConsoleFixture.waitUntil(() -> robot.lookup("#verify-log").tryQuery().isPresent());
        robot.clickOn("#verify-log");
        ConsoleFixture.waitUntil(() -> robot.lookup("#log-status-badge").tryQuery().isPresent());
        assertThat(robot.lookup("#log-status-badge").queryAs(Label.class).getText()).isEqualTo("intact");
        assertThat(robot.lookup("#log-status-summary").queryAs(Label.class).getText()).startsWith("3 entries");

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ws.resolve("cache.db")); Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER audit_log_no_update");
            s.executeUpdate("UPDATE audit_log SET subject = 'someone-else' WHERE action = 'source.add'");
        }
        robot.clickOn("#verify-log");
        ConsoleFixture.waitUntil(() -> robot.lookup("#log-status-badge").tryQuery().isPresent()
                && robot.lookup("#log-status-badge").queryAs(Label.class).getText().equals("TAMPERED"));
        assertThat(robot.lookup("#log-status").queryAs(javafx.scene.layout.VBox.class).getChildren())
                .anySatisfy(n -> assertThat(n).isInstanceOfSatisfying(Label.class,
                        l -> assertThat(l.getText()).contains("entry 0").contains("row edited")));
    }
}
