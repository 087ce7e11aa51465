package dev.tightrope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.service.Tightrope;
import dev.tightrope.ui.common.UiPreferences;
import dev.tightrope.ui.shell.AppModel;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Window size, theme and view are on disk as soon as they change, without the app's stop(): a
 * SIGTERM (which ends the JVM without running JavaFX's stop) or a crash loses nothing.
 */
@ExtendWith(ApplicationExtension.class)
class WindowPreferencesTest {

    @TempDir
    static Path dir;

    Tightrope tightrope;
    ConsoleFixture console;
    Stage stage;
    Path file;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        tightrope = ConsoleFixture.workspace(dir.resolve("ws-" + System.nanoTime()), 0);
        console = ConsoleFixture.show(tightrope, stage);
        file = tightrope.workspace().uiPreferencesFile();
        WindowPreferences.keep(new UiPreferences(file), stage, console.model);
    }

    @AfterEach
    void close() {
        tightrope.close();
    }

    private Properties saved() {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException halfWritten) {
                p.clear();
            }
        }
        return p;
    }

    @Test
    void themeViewAndSizeAreSavedAsTheyChange(FxRobot robot) {
        assertThat(file).doesNotExist();
        robot.interact(() -> console.model.darkThemeProperty().set(true));
        assertThat(saved()).containsEntry("theme.dark", "true");

        robot.interact(() -> console.model.show(AppModel.View.AUDIT));
        assertThat(saved()).containsEntry("view.last", "AUDIT");

        robot.interact(() -> {
            stage.setWidth(1111);
            stage.setHeight(777);
        });
        ConsoleFixture.waitUntil(() -> "1111.0".equals(saved().getProperty("window.width")));
        assertThat(saved()).containsEntry("window.height", "777.0");
    }
}
