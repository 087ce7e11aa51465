package dev.tightrope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.SourceStatus;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.service.Tightrope;
import java.nio.file.Path;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class SourcesAndOverviewViewTest {

    @TempDir
    static Path dir;

    Tightrope tightrope;
    ConsoleFixture console;

    @Start
    void start(Stage stage) {
        tightrope = ConsoleFixture.workspace(dir.resolve("ws-" + System.nanoTime()), 120);
        console = ConsoleFixture.show(tightrope, stage);
    }

    @AfterEach
    void close() {
        tightrope.close();
    }

    @Test
    void overviewShowsTheEstateAtAGlance(FxRobot robot) {
        ConsoleFixture.waitUntil(() -> robot.lookup("#tile-assets-value").tryQuery().isPresent());
        assertThat(robot.lookup("#tile-assets-value").queryAs(Label.class).getText()).isEqualTo("120");
        long unowned = tightrope.inventory().overview(1).unowned();
        assertThat(robot.lookup("#tile-unowned-value").queryAs(Label.class).getText()).isEqualTo(String.valueOf(unowned));
        assertThat(robot.lookup("#ownership-chart").tryQuery()).isPresent();
        assertThat(robot.lookup("#attention-list").tryQuery()).isPresent();
    }

    @Test
    @SuppressWarnings("unchecked")
    void sourcesViewSyncsWithProgressAndRecordsTheRun(FxRobot robot) {
        robot.clickOn("#nav-sources");
        TableView<SourceStatus> sources = robot.lookup("#sources-table").queryAs(TableView.class);
        ConsoleFixture.waitUntil(() -> sources.getItems().size() == 1);
        TableView<SyncRun> runs = robot.lookup("#runs-table").queryAs(TableView.class);
        ConsoleFixture.waitUntil(() -> runs.getItems().size() == 1);

        robot.clickOn("#sync-source");
        ConsoleFixture.waitUntil(() -> runs.getItems().size() == 2 && !console.model.busyProperty().get());
        assertThat(runs.getItems().get(0).status()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(robot.lookup("#status-message").queryAs(Label.class).getText()).startsWith("Synced 1 source");
    }

    @Test
    void shortcutsSwitchViews(FxRobot robot) {
        robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.DIGIT3)
                .release(javafx.scene.input.KeyCode.DIGIT3, javafx.scene.input.KeyCode.CONTROL);
        ConsoleFixture.waitUntil(() -> robot.lookup("#sources-view").tryQuery().isPresent());
        robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.DIGIT2)
                .release(javafx.scene.input.KeyCode.DIGIT2, javafx.scene.input.KeyCode.CONTROL);
        ConsoleFixture.waitUntil(() -> robot.lookup("#inventory-view").tryQuery().isPresent());
        robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.T)
                .release(javafx.scene.input.KeyCode.T, javafx.scene.input.KeyCode.CONTROL);
        ConsoleFixture.waitUntil(() -> console.model.darkThemeProperty().get());
    }
}
