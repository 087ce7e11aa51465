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
        robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.DIGIT4)
                .release(javafx.scene.input.KeyCode.DIGIT4, javafx.scene.input.KeyCode.CONTROL);
        ConsoleFixture.waitUntil(() -> robot.lookup("#sources-view").tryQuery().isPresent());
        robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.DIGIT3)
                .release(javafx.scene.input.KeyCode.DIGIT3, javafx.scene.input.KeyCode.CONTROL);
        ConsoleFixture.waitUntil(() -> robot.lookup("#lineage-view").tryQuery().isPresent());
        robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.DIGIT2)
                .release(javafx.scene.input.KeyCode.DIGIT2, javafx.scene.input.KeyCode.CONTROL);
        ConsoleFixture.waitUntil(() -> robot.lookup("#inventory-view").tryQuery().isPresent());
        robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.T)
                .release(javafx.scene.input.KeyCode.T, javafx.scene.input.KeyCode.CONTROL);
        ConsoleFixture.waitUntil(() -> console.model.darkThemeProperty().get());
    }

    @Test
    void theLiveReceiverShowsTheEmitterSettingsWithTheKeyMaskedUntilAsked(FxRobot robot) {
        robot.clickOn("#nav-sources");
        robot.interact(() -> robot.lookup("#live-lineage-port").queryAs(javafx.scene.control.TextField.class).setText("0"));
        robot.clickOn("#live-lineage-toggle");
        ConsoleFixture.waitUntil(() -> robot.lookup("#live-lineage-settings").queryButton().isVisible());
        String key = tightrope.liveLineage().emitterSettings().orElseThrow().apiKey();
        robot.clickOn("#live-lineage-settings");
        ConsoleFixture.waitUntil(() -> robot.lookup("#emitter-yml").tryQuery().isPresent());
        javafx.scene.control.TextArea yml = robot.lookup("#emitter-yml").queryAs(javafx.scene.control.TextArea.class);
        assertThat(yml.getText()).contains("type: api_key").doesNotContain(key);
        robot.clickOn("#emitter-show-key");
        assertThat(yml.getText()).contains(key);
        assertThat(robot.lookup("#emitter-env").queryAs(javafx.scene.control.TextArea.class).getText())
                .contains("OPENLINEAGE_URL=" + tightrope.liveLineage().emitterSettings().orElseThrow().url());
        robot.press(javafx.scene.input.KeyCode.ESCAPE).release(javafx.scene.input.KeyCode.ESCAPE);
        robot.clickOn("#live-lineage-toggle");
        ConsoleFixture.waitUntil(() -> !robot.lookup("#live-lineage-settings").queryButton().isVisible());
    }

    @Test
    void anErrorStaysUntilDismissedAndItsActionRuns(FxRobot robot) {
        java.util.concurrent.atomic.AtomicInteger retried = new java.util.concurrent.atomic.AtomicInteger();
        robot.interact(() -> console.model.notifications().error("Reading the overview failed",
                new IllegalStateException("disk I/O error"), new dev.tightrope.ui.common.Notice.Action("Retry", retried::incrementAndGet)));
        ConsoleFixture.waitUntil(() -> robot.lookup("#notice-action").tryQuery().isPresent());
        assertThat(robot.lookup("#notices-toggle").queryButton().getText()).isEqualTo("1");
        robot.clickOn("#notice-action");
        ConsoleFixture.waitUntil(() -> console.model.notifications().shown().isEmpty());
        assertThat(retried).hasValue(1);
        robot.interact(() -> console.model.notifications().warning("kestrel-lineage: 1 record could not be imported", "bad line",
                "See Sources → Problems."));
        ConsoleFixture.waitUntil(() -> robot.lookup("#notice-close").tryQuery().isPresent());
        robot.clickOn("#notice-close");
        ConsoleFixture.waitUntil(() -> console.model.notifications().shown().isEmpty());
        assertThat(robot.lookup("#notices-toggle").queryButton().isVisible()).isFalse();
    }

    @Test
    void theAddSourceDialogSaysWhyAddIsDisabled(FxRobot robot) {
        robot.clickOn("#nav-sources");
        ConsoleFixture.waitUntil(() -> robot.lookup("#sources-table").queryAs(TableView.class).getItems().size() == 1);
        robot.clickOn("#add-source");
        ConsoleFixture.waitUntil(() -> robot.lookup("#source-why-not").tryQuery().isPresent());
        Label why = robot.lookup("#source-why-not").queryAs(Label.class);
        javafx.scene.Node add = robot.lookup("#source-add-confirm").query();
        assertThat(add.isDisabled()).isTrue();
        assertThat(why.getText()).startsWith("Add is disabled: give the source a name; fill in path");
        robot.interact(() -> robot.lookup("#source-name").queryAs(javafx.scene.control.TextField.class).setText("estate"));
        assertThat(why.getText()).startsWith("Add is disabled: a source with this name exists already;");
        robot.interact(() -> robot.lookup("#source-name").queryAs(javafx.scene.control.TextField.class).setText("-bad"));
        assertThat(why.getText()).startsWith("Add is disabled: the name can have letters");
        robot.interact(() -> robot.lookup("#source-name").queryAs(javafx.scene.control.TextField.class).setText("lake"));
        ConsoleFixture.waitUntil(() -> robot.lookup("#setting-path").tryQuery().isPresent());
        assertThat(why.getText()).startsWith("Add is disabled: fill in path");
        assertThat(add.isDisabled()).isTrue();
        robot.interact(() -> robot.lookup("#setting-path").queryAs(javafx.scene.control.TextField.class).setText("/data/events"));
        assertThat(add.isDisabled()).isFalse();
        assertThat(why.getText()).isEmpty();
        robot.press(javafx.scene.input.KeyCode.ESCAPE).release(javafx.scene.input.KeyCode.ESCAPE);
    }

    @Test
    void aLongSyncIsListedWithItsProgressAndCanBeStopped(FxRobot robot) throws InterruptedException {
        String gate = "ui-" + System.nanoTime();
        tightrope.sources().add(new dev.tightrope.domain.SourceConfig("slow", dev.tightrope.ui.common.BlockingSource.TYPE,
                java.util.Map.of("gate", gate)));
        robot.interact(() -> console.model.syncSource("slow"));
        assertThat(dev.tightrope.ui.common.BlockingSource.gate(gate).awaitHolding()).isTrue();
        ConsoleFixture.waitUntil(() -> robot.lookup("#tasks-button").queryButton().isVisible());
        assertThat(robot.lookup("#tasks-button").queryButton().getText()).isEqualTo("1 task");
        robot.clickOn("#tasks-button");
        ConsoleFixture.waitUntil(() -> robot.lookup("#tasks-list").tryQuery().isPresent());
        assertThat(robot.lookup("#tasks-list").queryAs(javafx.scene.layout.VBox.class).getChildren()).hasSize(1);
        robot.interact(() -> console.model.cancelSync());
        dev.tightrope.ui.common.BlockingSource.gate(gate).open();
        ConsoleFixture.waitUntil(() -> !console.model.busyProperty().get() && !robot.lookup("#tasks-button").queryButton().isVisible());
        assertThat(tightrope.sources().runs("slow", 1).get(0).status()).isEqualTo(SyncStatus.CANCELLED);
    }
}
