package dev.tightrope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.bench.SyntheticEstate;
import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.OwnerAssignment;
import dev.tightrope.domain.Provenance;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.Tightrope;
import java.nio.file.Path;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
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
class InventoryViewTest {

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

    private void openInventory(FxRobot robot) {
        robot.clickOn("#nav-inventory");
        ConsoleFixture.waitUntil(() -> table(robot).getItems().size() == 300);
    }

    @Test
    void opensWithEveryAssetPagedFromTheCache(FxRobot robot) {
        openInventory(robot);
        assertThat(robot.lookup("#inventory-count").queryAs(Label.class).getText()).isEqualTo("300 assets");
        ConsoleFixture.waitUntil(() -> !table(robot).getItems().get(0).name().equals("Loading…"));
    }

    @Test
    void selectingARowShowsItsDetail(FxRobot robot) {
        openInventory(robot);
        ConsoleFixture.waitUntil(() -> table(robot).getItems().get(0).id() > 0);
        AssetSummary first = table(robot).getItems().get(0);
        robot.interact(() -> table(robot).getSelectionModel().select(0));
        ConsoleFixture.waitUntil(() -> robot.lookup("#detail-name").tryQuery().isPresent()
                && robot.lookup("#detail-name").queryAs(Label.class).getText().equals(first.name()));
        assertThat(robot.lookup("#detail-urn").queryAs(Label.class).getText()).isEqualTo(first.urn());
    }

    @Test
    void filtersNarrowTheRows(FxRobot robot) {
        openInventory(robot);
        long unowned = tightrope.inventory().count(AssetFilter.all().withUnowned(true));
        robot.clickOn("#unowned-filter");
        ConsoleFixture.waitUntil(() -> table(robot).getItems().size() == unowned);
        assertThat(robot.lookup("#unowned-filter").queryAs(CheckBox.class).isSelected()).isTrue();

        robot.clickOn("#clear-filters");
        ConsoleFixture.waitUntil(() -> table(robot).getItems().size() == 300);

        robot.clickOn("#inventory-filter").write("fraud");
        long fraud = tightrope.inventory().count(AssetFilter.all().withText("fraud"));
        assertThat(fraud).isBetween(1L, 299L);
        ConsoleFixture.waitUntil(() -> table(robot).getItems().size() == fraud);
    }

    @Test
    void globalSearchFindsAndRevealsAnAsset(FxRobot robot) {
        AssetSummary target = tightrope.inventory().list(AssetFilter.all(), dev.tightrope.domain.AssetSort.byName(), 300).get(150);
        robot.press(KeyCode.CONTROL).press(KeyCode.K).release(KeyCode.K).release(KeyCode.CONTROL);
        robot.write(target.name());
        ConsoleFixture.waitUntil(() -> robot.lookup("#search-results").tryQuery().isPresent()
                && !robot.lookup("#search-results").queryAs(ListView.class).getItems().isEmpty());
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        ConsoleFixture.waitUntil(() -> robot.lookup("#detail-name").tryQuery().isPresent()
                && robot.lookup("#detail-name").queryAs(Label.class).getText().equals(target.name()));
        ConsoleFixture.waitUntil(() -> {
            int index = table(robot).getSelectionModel().getSelectedIndex();
            return index >= 0 && table(robot).getItems().get(index).urn().equals(target.urn());
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void assigningAnOwnerIsKeptAcrossSyncs(FxRobot robot) {
        AssetSummary target = tightrope.inventory().list(AssetFilter.all().withUnowned(true), dev.tightrope.domain.AssetSort.byName(), 1).get(0);
        robot.interact(() -> console.model.revealAsset(target.urn()));
        ConsoleFixture.waitUntil(() -> robot.lookup("#detail-name").tryQuery().isPresent()
                && robot.lookup("#detail-name").queryAs(Label.class).getText().equals(target.name()));

        robot.clickOn("#assign-owner");
        ConsoleFixture.waitUntil(() -> robot.lookup("#owner-name").tryQuery().isPresent());
        robot.interact(() -> robot.lookup("#owner-name").queryAs(ComboBox.class).getEditor().setText("helen.park@kestrel.example"));
        robot.clickOn("#owner-assign-confirm");
        ConsoleFixture.waitUntil(() -> tightrope.inventory().find(SyntheticEstate.urn(0)).isPresent()
                && robot.lookup("#detail-owners").tryQuery().isPresent()
                && robot.lookup("#detail-owners").queryAll().stream().anyMatch(n -> n.toString().length() > 0)
                && tightrope.inventory().find(dev.tightrope.domain.Urn.parse(target.urn())).orElseThrow().owners().size() == 1);

        tightrope.sources().sync("estate", true, SyncListener.NONE, new Cancellation());
        OwnerAssignment kept = tightrope.inventory().find(dev.tightrope.domain.Urn.parse(target.urn())).orElseThrow().owners().get(0);
        assertThat(kept.owner()).isEqualTo("helen.park@kestrel.example");
        assertThat(kept.provenance()).isEqualTo(Provenance.MANUAL);
    }

    @Test
    void aListThatCannotBeReadShowsWhyWithRetry(FxRobot robot) {
        openInventory(robot);
        tightrope.close();
        robot.interact(() -> console.model.dataChanged());
        ConsoleFixture.waitUntil(() -> robot.lookup("#inventory-load-error").queryAs(Label.class).isVisible());
        assertThat(robot.lookup("#inventory-load-error").queryAs(Label.class).getText())
                .startsWith("The inventory could not be read:").contains("closed");
        assertThat(robot.lookup("#inventory-retry").queryButton().isVisible()).isTrue();
        assertThat(console.notices()).anySatisfy(n -> assertThat(n).startsWith("Reading the inventory failed"));
    }
}
