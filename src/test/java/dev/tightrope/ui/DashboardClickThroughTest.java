package dev.tightrope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.RiskConcern;
import dev.tightrope.domain.RiskDashboard;
import dev.tightrope.service.Tightrope;
import java.nio.file.Path;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** A dashboard figure is a way into the inventory: clicking it shows exactly the assets it counts. */
@ExtendWith(ApplicationExtension.class)
class DashboardClickThroughTest {

    @TempDir
    static Path dir;

    Tightrope tightrope;

    @Start
    void start(Stage stage) {
        tightrope = ConsoleFixture.workspace(dir.resolve("ws-" + System.nanoTime()), 120);
        ConsoleFixture.show(tightrope, stage);
    }

    @AfterEach
    void close() {
        tightrope.close();
    }

    @Test
    void theUnapprovedInProductionFigureOpensTheDeploymentsItCounts(FxRobot robot) {
        RiskDashboard d = tightrope.risk().dashboard();
        assertThat(d.deploymentsUnapproved()).isPositive();
        ConsoleFixture.waitUntil(() -> robot.lookup("#tile-unapproved-value").tryQuery().isPresent());
        assertThat(robot.lookup("#tile-unapproved-value").queryAs(Label.class).getText())
                .isEqualTo(String.valueOf(d.deploymentsUnapproved()));

        robot.clickOn("#tile-unapproved");

        ConsoleFixture.waitUntil(() -> robot.lookup("#inventory-view").tryQuery().isPresent()
                && robot.lookup("#inventory-count").queryAs(Label.class).getText().equals(count(d.deploymentsUnapproved())));
        assertThat(robot.lookup("#risk-filter").queryAs(ComboBox.class).getValue()).isEqualTo(RiskConcern.UNAPPROVED_DEPLOYMENT);
    }

    @Test
    void theUnownedFigureOpensTheInventoryFilteredToAssetsWithoutAnOwner(FxRobot robot) {
        long unowned = tightrope.risk().dashboard().unowned();
        ConsoleFixture.waitUntil(() -> robot.lookup("#tile-unowned").tryQuery().isPresent());

        robot.clickOn("#tile-unowned");

        ConsoleFixture.waitUntil(() -> robot.lookup("#inventory-view").tryQuery().isPresent()
                && robot.lookup("#inventory-count").queryAs(Label.class).getText().equals(count(unowned)));
        assertThat(robot.lookup("#unowned-filter").queryAs(CheckBox.class).isSelected()).isTrue();
        assertThat(robot.lookup("#risk-filter").queryAs(ComboBox.class).getValue()).isNull();
    }

    private static String count(long n) {
        return n + (n == 1 ? " asset" : " assets");
    }
}
