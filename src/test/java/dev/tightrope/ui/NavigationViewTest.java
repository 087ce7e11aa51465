package dev.tightrope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AssetSummary;
import dev.tightrope.service.Tightrope;
import dev.tightrope.ui.shell.AppModel;
import dev.tightrope.ui.shell.SearchViewModel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Back and Forward, links that keep the filters, and the assets' context menus, as the user drives them. */
@ExtendWith(ApplicationExtension.class)
class NavigationViewTest {

    @TempDir
    static Path dir;

    Tightrope tightrope;
    ConsoleFixture console;

    @Start
    void start(Stage stage) {
        tightrope = ConsoleFixture.workspace(dir.resolve("ws-" + System.nanoTime()), 200);
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

    private static String detailName(FxRobot robot) {
        return robot.lookup("#detail-name").tryQuery().map(n -> ((Label) n).getText()).orElse(null);
    }

    /** Opens the inventory and selects row {@code index} as a click would. */
    private AssetSummary selectRow(FxRobot robot, int index) {
        robot.clickOn("#nav-inventory");
        ConsoleFixture.waitUntil(() -> table(robot).getItems().size() > index && table(robot).getItems().get(index).id() > 0);
        AssetSummary row = table(robot).getItems().get(index);
        robot.interact(() -> table(robot).getSelectionModel().clearAndSelect(index));
        ConsoleFixture.waitUntil(() -> row.name().equals(detailName(robot)));
        return row;
    }

    /** The first downstream neighbour link of the asset on show. */
    private Hyperlink downstreamLink(FxRobot robot) {
        ConsoleFixture.waitUntil(() -> robot.lookup("#detail-downstream .neighbour-link").tryQuery().isPresent());
        return robot.lookup("#detail-downstream .neighbour-link").queryAs(Hyperlink.class);
    }

    private static String clipboard(FxRobot robot) {
        AtomicReference<String> text = new AtomicReference<>();
        robot.interact(() -> text.set(Clipboard.getSystemClipboard().getString()));
        return text.get();
    }

    @Test
    void backAndForwardWithTheKeysTheButtonsAndTheMouseAcrossViews(FxRobot robot) {
        assertThat(robot.lookup("#history-back").queryButton().isDisabled()).as("nothing to go back to yet").isTrue();
        AssetSummary first = selectRow(robot, 0);
        Hyperlink link = downstreamLink(robot);
        String neighbour = link.getText();
        robot.clickOn(link);
        ConsoleFixture.waitUntil(() -> neighbour.equals(detailName(robot)));
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT6).release(KeyCode.DIGIT6, KeyCode.CONTROL);
        ConsoleFixture.waitUntil(() -> robot.lookup("#audit-table").tryQuery().isPresent());
        assertThat(robot.lookup("#history-back").queryButton().getTooltip().getText()).isEqualTo("Back to Inventory: " + neighbour + " (Alt+←)");

        robot.press(KeyCode.ALT, KeyCode.LEFT).release(KeyCode.LEFT, KeyCode.ALT);
        ConsoleFixture.waitUntil(() -> console.model.viewProperty().get() == AppModel.View.INVENTORY && neighbour.equals(detailName(robot)));

        robot.clickOn("#history-back");
        ConsoleFixture.waitUntil(() -> first.name().equals(detailName(robot)));
        ConsoleFixture.waitUntil(() -> table(robot).getSelectionModel().getSelectedItem() != null
                && table(robot).getSelectionModel().getSelectedItem().urn().equals(first.urn()));

        Button forward = robot.lookup("#history-forward").queryButton();
        assertThat(forward.isDisabled()).isFalse();
        Node root = console.window.root();
        robot.interact(() -> Event.fireEvent(root, new MouseEvent(MouseEvent.MOUSE_PRESSED, 10, 10, 10, 10, MouseButton.FORWARD, 1,
                false, false, false, false, false, false, false, false, false, false, null)));
        ConsoleFixture.waitUntil(() -> neighbour.equals(detailName(robot)));
        robot.press(KeyCode.ALT, KeyCode.RIGHT).release(KeyCode.RIGHT, KeyCode.ALT);
        ConsoleFixture.waitUntil(() -> console.model.viewProperty().get() == AppModel.View.AUDIT);
        assertThat(forward.isDisabled()).as("nothing ahead any more").isTrue();
        robot.interact(() -> Event.fireEvent(root, new MouseEvent(MouseEvent.MOUSE_PRESSED, 10, 10, 10, 10, MouseButton.BACK, 1,
                false, false, false, false, false, false, false, false, false, false, null)));
        ConsoleFixture.waitUntil(() -> console.model.viewProperty().get() == AppModel.View.INVENTORY);
    }

    @Test
    void followingALinkKeepsTheFiltersAndPinsWhatTheyHide(FxRobot robot) {
        AssetSummary first = selectRow(robot, 0);
        robot.clickOn("#inventory-filter").write(first.name());
        ConsoleFixture.waitUntil(() -> table(robot).getItems().size() == 1);
        robot.interact(() -> table(robot).getSelectionModel().clearAndSelect(0));
        Hyperlink link = downstreamLink(robot);
        String neighbour = link.getText();
        robot.clickOn(link);

        ConsoleFixture.waitUntil(() -> neighbour.equals(detailName(robot)) && robot.lookup("#pinned-asset").tryQuery()
                .map(Node::isVisible).orElse(false));
        assertThat(robot.lookup("#inventory-filter").queryAs(TextField.class).getText()).as("the filter is kept").isEqualTo(first.name());
        assertThat(table(robot).getItems()).hasSize(1);
        assertThat(robot.lookup("#pinned-name").queryAs(Label.class).getText()).isEqualTo(neighbour);
        assertThat(robot.lookup("#pinned-reason").queryAs(Label.class).getText())
                .isEqualTo("Not in the current filter: the text “" + first.name() + "” hides it.");

        robot.clickOn("#history-back");
        ConsoleFixture.waitUntil(() -> first.name().equals(detailName(robot)) && !robot.lookup("#pinned-asset").query().isVisible());

        robot.clickOn("#history-forward");
        ConsoleFixture.waitUntil(() -> neighbour.equals(detailName(robot)) && robot.lookup("#pinned-asset").query().isVisible());
        robot.clickOn("#pinned-widen");
        ConsoleFixture.waitUntil(() -> table(robot).getItems().size() == 200 && table(robot).getSelectionModel().getSelectedItem() != null
                && table(robot).getSelectionModel().getSelectedItem().name().equals(neighbour));
        assertThat(robot.lookup("#inventory-filter").queryAs(TextField.class).getText()).isEmpty();
        assertThat(robot.lookup("#pinned-asset").query().isVisible()).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void contextMenusCopyTheUrnAndTheNameAndOpenTheAsset(FxRobot robot) {
        AssetSummary first = selectRow(robot, 3);
        TableRow<AssetSummary> row = robot.lookup("#inventory-table .table-row-cell").match(n -> n instanceof TableRow<?> r
                && r.getItem() != null && ((AssetSummary) r.getItem()).urn().equals(first.urn())).queryAs(TableRow.class);
        ConsoleFixture.requestContextMenu(robot, row);
        ConsoleFixture.waitUntil(() -> robot.lookup("#copy-urn").tryQuery().isPresent());
        assertThat(robot.lookup("#open-in-inventory").tryQuery()).as("the inventory's own rows need no Open").isEmpty();
        robot.clickOn("#copy-urn");
        ConsoleFixture.waitUntil(() -> first.urn().equals(clipboard(robot)));
        assertThat(console.model.statusProperty().get()).isEqualTo("Copied the URN of " + first.name());

        Hyperlink link = downstreamLink(robot);
        String neighbour = link.getText();
        ConsoleFixture.requestContextMenu(robot, link);
        ConsoleFixture.waitUntil(() -> robot.lookup("#copy-name").tryQuery().isPresent());
        robot.clickOn("#copy-name");
        ConsoleFixture.waitUntil(() -> neighbour.equals(clipboard(robot)));
        assertThat(neighbour).isNotEqualTo(first.name());

        ConsoleFixture.requestContextMenu(robot, downstreamLink(robot));
        ConsoleFixture.waitUntil(() -> robot.lookup("#open-in-inventory").tryQuery().isPresent());
        robot.clickOn("#open-in-inventory");
        ConsoleFixture.waitUntil(() -> neighbour.equals(detailName(robot)));
        assertThat(console.model.history().backTitleProperty().get()).isEqualTo("Inventory: " + first.name());
    }

    @Test
    void aSearchResultsMenuCopiesItsUrnAndOpensIt(FxRobot robot) {
        AssetSummary target = tightrope.inventory().list(dev.tightrope.domain.AssetFilter.all(), dev.tightrope.domain.AssetSort.byName(), 200).get(120);
        robot.press(KeyCode.CONTROL).press(KeyCode.K).release(KeyCode.K).release(KeyCode.CONTROL);
        robot.write(target.name());
        ConsoleFixture.waitUntil(() -> robot.lookup("#search-results .list-cell").queryAll().stream()
                .anyMatch(n -> n instanceof javafx.scene.control.ListCell<?> c && c.getItem() instanceof SearchViewModel.Hit h
                        && h.asset().urn().equals(target.urn())));
        Node cell = robot.lookup("#search-results .list-cell").match(n -> n instanceof javafx.scene.control.ListCell<?> c
                && c.getItem() instanceof SearchViewModel.Hit h && h.asset().urn().equals(target.urn())).query();
        ConsoleFixture.requestContextMenu(robot, cell);
        ConsoleFixture.waitUntil(() -> robot.lookup("#copy-urn").tryQuery().isPresent());
        robot.clickOn("#copy-urn");
        ConsoleFixture.waitUntil(() -> target.urn().equals(clipboard(robot)));

        ConsoleFixture.requestContextMenu(robot, cell);
        ConsoleFixture.waitUntil(() -> robot.lookup("#open-in-inventory").tryQuery().isPresent());
        robot.clickOn("#open-in-inventory");
        ConsoleFixture.waitUntil(() -> target.name().equals(detailName(robot)));
        assertThat(robot.lookup("#search-results").tryQuery().map(n -> n.getScene().getWindow().isShowing()).orElse(false))
                .as("the search popup closes").isFalse();
    }
}
