package dev.tightrope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.service.Tightrope;
import java.nio.file.Path;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class EmptyWorkspaceTest {

    @TempDir
    static Path dir;

    Tightrope tightrope;

    @Start
    void start(Stage stage) {
        tightrope = ConsoleFixture.workspace(dir.resolve("empty-" + System.nanoTime()), 0);
        ConsoleFixture.show(tightrope, stage);
    }

    @AfterEach
    void close() {
        tightrope.close();
    }

    @Test
    void anEmptyWorkspaceOffersTheDemo(FxRobot robot) {
        ConsoleFixture.waitUntil(() -> robot.lookup("#overview-empty").tryQuery().isPresent());
        assertThat(robot.lookup("#load-demo").queryAs(Button.class).getText()).isEqualTo("Load the demo workspace");
    }

    @Test
    void anEmptyInventorySaysWhatToDo(FxRobot robot) {
        robot.clickOn("#nav-inventory");
        ConsoleFixture.waitUntil(() -> robot.lookup("No assets match").tryQuery().isPresent());
    }
}
