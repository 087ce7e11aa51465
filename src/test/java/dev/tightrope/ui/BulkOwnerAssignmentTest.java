package dev.tightrope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.AuditQuery;
import dev.tightrope.service.Tightrope;
import java.nio.file.Path;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Assigning an owner to every asset the inventory's filter shows, confirmed with the count; inheritance toggled. */
@ExtendWith(ApplicationExtension.class)
class BulkOwnerAssignmentTest {

    @TempDir
    static Path dir;

    Tightrope tightrope;
    ConsoleFixture console;

    @Start
    void start(Stage stage) {
        tightrope = ConsoleFixture.workspace(dir.resolve("ws-" + System.nanoTime()), 300);
        console = ConsoleFixture.show(tightrope, stage);
    }

    @AfterEach
    void close() {
        tightrope.close();
    }

    @SuppressWarnings("unchecked")
    private TableView<AssetSummary> table(FxRobot robot) {
        return robot.lookup("#inventory-table").queryAs(TableView.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyUnownedAssetShownGetsTheOwnerAfterAConfirmationThatSaysHowMany(FxRobot robot) {
        robot.clickOn("#nav-inventory");
        ConsoleFixture.waitUntil(() -> table(robot).getItems().size() == 300);
        long unowned = tightrope.inventory().count(AssetFilter.all().withUnowned(true));
        assertThat(unowned).isPositive();
        robot.clickOn("#unowned-filter");
        ConsoleFixture.waitUntil(() -> table(robot).getItems().size() == unowned);

        robot.clickOn("#bulk-assign-owner");
        ConsoleFixture.waitUntil(() -> robot.lookup("#owner-name").tryQuery().isPresent());
        robot.interact(() -> robot.lookup("#owner-name").queryAs(ComboBox.class).getEditor().setText("governance-office"));
        robot.clickOn("#owner-assign-confirm");
        ConsoleFixture.waitUntil(() -> robot.lookup("#bulk-assign-confirm").tryQuery().isPresent());
        DialogPane confirm = robot.lookup("#bulk-assign-confirm").queryAs(DialogPane.class);
        assertThat(confirm.getContentText()).contains("of " + unowned + " assets?");
        robot.interact(() -> ((javafx.scene.control.Button) confirm.lookupButton(javafx.scene.control.ButtonType.OK)).fire());

        ConsoleFixture.waitUntil(() -> tightrope.inventory().count(AssetFilter.all().withUnowned(true)) == 0
                && table(robot).getItems().isEmpty());
        assertThat(tightrope.inventory().count(AssetFilter.all().withOwner("governance-office"))).isEqualTo(unowned);
        assertThat(tightrope.audit().entries(new AuditQuery(null, "owners.assign", null, null, null, 0, 5)))
                .singleElement().satisfies(e -> assertThat(e.event().details())
                        .containsEntry("assigned", String.valueOf(unowned)).containsEntry("filter", "unowned"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRowsSelectedGetTheOwnerAndNoOtherAssetDoes(FxRobot robot) {
        robot.clickOn("#nav-inventory");
        ConsoleFixture.waitUntil(() -> table(robot).getItems().size() == 300
                && table(robot).getItems().subList(0, 4).stream().allMatch(r -> r.urn() != null));
        robot.interact(() -> {
            table(robot).getSelectionModel().clearSelection();
            table(robot).getSelectionModel().selectIndices(0, 2, 3);
        });
        java.util.List<String> chosen = java.util.List.of(table(robot).getItems().get(0).urn(), table(robot).getItems().get(2).urn(),
                table(robot).getItems().get(3).urn());

        robot.clickOn("#bulk-assign-owner");
        ConsoleFixture.waitUntil(() -> robot.lookup("#owner-name").tryQuery().isPresent());
        robot.interact(() -> robot.lookup("#owner-name").queryAs(ComboBox.class).getEditor().setText("model-risk-office"));
        robot.clickOn("#owner-assign-confirm");
        ConsoleFixture.waitUntil(() -> robot.lookup("#bulk-assign-confirm").tryQuery().isPresent());
        DialogPane confirm = robot.lookup("#bulk-assign-confirm").queryAs(DialogPane.class);
        assertThat(confirm.getHeaderText()).isEqualTo("Assign to the selected assets");
        assertThat(confirm.getContentText()).contains("of 3 assets?");
        robot.interact(() -> ((javafx.scene.control.Button) confirm.lookupButton(javafx.scene.control.ButtonType.OK)).fire());

        ConsoleFixture.waitUntil(() -> tightrope.inventory().count(AssetFilter.all().withOwner("model-risk-office")) == 3);
        assertThat(tightrope.inventory().list(AssetFilter.all().withOwner("model-risk-office"), null, 10))
                .extracting(AssetSummary::urn).containsExactlyInAnyOrderElementsOf(chosen);
        assertThat(tightrope.audit().entries(new AuditQuery(null, "owners.assign", null, null, null, 0, 5)))
                .singleElement().satisfies(e -> assertThat(e.event().details()).containsEntry("filter", "selection of 3"));
    }

    @Test
    void theInheritToggleTurnsInheritanceOnForTheWorkspace(FxRobot robot) {
        robot.clickOn("#nav-inventory");
        ConsoleFixture.waitUntil(() -> table(robot).getItems().size() == 300);
        assertThat(robot.lookup("#inherit-owners").queryAs(CheckBox.class).isSelected()).isFalse();
        robot.clickOn("#inherit-owners");
        ConsoleFixture.waitUntil(() -> tightrope.ownership().inheritanceOn());
    }
}
