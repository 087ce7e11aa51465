package dev.tightrope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SourceStatus;
import dev.tightrope.service.Tightrope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
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

/** The source form: generated per type, Test connection before saving, and editing a saved source. */
@ExtendWith(ApplicationExtension.class)
class SourceFormViewTest {

    @TempDir
    static Path dir;

    Tightrope tightrope;
    ConsoleFixture console;

    @Start
    void start(Stage stage) {
        tightrope = ConsoleFixture.workspace(dir.resolve("ws-" + System.nanoTime()), 20);
        console = ConsoleFixture.show(tightrope, stage);
    }

    @AfterEach
    void close() {
        tightrope.close();
    }

    private static void openAddSource(FxRobot robot, String type) {
        ConsoleFixture.openAddSource(robot, type);
    }

    private static void type(FxRobot robot, String id, String text) {
        ConsoleFixture.type(robot, id, text);
    }

    @Test
    void testConnectionTriesTheTypedSettingsWithoutSavingThem(FxRobot robot) throws IOException {
        Path events = Files.createDirectories(dir.resolve("events-" + System.nanoTime()));
        openAddSource(robot, "openlineage");
        type(robot, "#source-name", "lake");
        type(robot, "#setting-path", events.resolve("missing").toString());
        robot.clickOn("#source-test");
        Label result = robot.lookup("#source-test-result").queryAs(Label.class);
        ConsoleFixture.waitUntil(() -> result.getText().startsWith("Failed"));
        assertThat(result.getText()).isEqualTo("Failed: " + events.resolve("missing")
                + ": the file or directory does not exist (moved or unmounted?)");
        assertThat(result.getStyleClass()).contains("text-danger");

        type(robot, "#setting-path", events.toString());
        assertThat(result.getText()).as("an answer about other settings goes away").isEmpty();
        robot.clickOn("#setting-path");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.T).release(KeyCode.T, KeyCode.SHIFT, KeyCode.CONTROL);
        ConsoleFixture.waitUntil(() -> result.getText().startsWith("Connected"));
        assertThat(result.getText()).isEqualTo("Connected: the directory " + events + " can be read");
        assertThat(result.getStyleClass()).contains("text-success");
        assertThat(tightrope.sources().find("lake")).as("testing saves nothing").isEmpty();

        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        ConsoleFixture.waitUntil(() -> tightrope.sources().find("lake").isPresent());
        assertThat(tightrope.sources().find("lake").orElseThrow().setting("path")).isEqualTo(events.toString());
    }

    @Test
    void theFormFollowsTheTypesSettings(FxRobot robot) {
        openAddSource(robot, "huggingface");
        type(robot, "#source-name", "hub");
        CheckBox datasets = robot.lookup("#setting-datasets").queryAs(CheckBox.class);
        assertThat(datasets.isSelected()).as("its description says default true").isTrue();
        Label why = robot.lookup("#source-why-not").queryAs(Label.class);
        type(robot, "#setting-url", "http://hub.example.com");
        assertThat(why.getText()).startsWith("Add is disabled: url must use https");
        type(robot, "#setting-url", "http://127.0.0.1:8080");
        assertThat(why.getText()).isEmpty();
        type(robot, "#setting-token", "hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345");
        assertThat(why.getText()).contains("looks like the secret itself");
        type(robot, "#setting-token", "HF_TOKEN");
        assertThat(why.getText()).isEmpty();
        assertThat(robot.lookup(".text-muted").queryAllAs(Label.class)).anySatisfy(l -> assertThat(l.getText()).contains("never stored"));
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        ConsoleFixture.waitUntil(() -> robot.lookup("#source-type").tryQuery().isEmpty());
        assertThat(tightrope.sources().find("hub")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSavedSourceIsEditedAndTestedFromTheSourcesView(FxRobot robot) throws IOException {
        Path first = Files.createDirectories(dir.resolve("first-" + System.nanoTime()));
        Path second = Files.createDirectories(dir.resolve("second-" + System.nanoTime()));
        tightrope.sources().add(new SourceConfig("lake", "openlineage", Map.of("path", first.toString())));
        robot.clickOn("#nav-sources");
        TableView<SourceStatus> table = robot.lookup("#sources-table").queryAs(TableView.class);
        ConsoleFixture.waitUntil(() -> table.getItems().size() == 2);
        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(s -> s.config().name().equals("lake")).findFirst().orElseThrow()));
        ConsoleFixture.waitUntil(() -> robot.lookup("#problems-placeholder").queryAs(Label.class).getText().equals("Never synced"));

        robot.clickOn("#edit-source");
        ConsoleFixture.waitUntil(() -> robot.lookup("#source-save-confirm").tryQuery().isPresent());
        assertThat(robot.lookup("#source-name").queryAs(TextField.class).isDisabled()).isTrue();
        assertThat(robot.lookup("#setting-path").queryAs(TextField.class).getText()).isEqualTo(first.toString());
        type(robot, "#setting-path", second.toString());
        robot.clickOn("#source-save-confirm");
        ConsoleFixture.waitUntil(() -> second.toString().equals(tightrope.sources().find("lake").orElseThrow().setting("path")));
        assertThat(tightrope.sources().runs("lake", 1)).as("syncing is the user's choice").isEmpty();

        ConsoleFixture.waitUntil(() -> !robot.lookup("#test-source").queryButton().isDisabled());
        robot.clickOn("#test-source");
        Label tested = robot.lookup("#selected-test-result").queryAs(Label.class);
        ConsoleFixture.waitUntil(() -> tested.getText().startsWith("lake — Connected"));
        assertThat(tested.getText()).isEqualTo("lake — Connected: the directory " + second + " can be read");
    }
}
