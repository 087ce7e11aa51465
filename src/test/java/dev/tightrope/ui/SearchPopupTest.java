package dev.tightrope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.DemoWorkspace;
import dev.tightrope.service.Tightrope;
import dev.tightrope.ui.shell.SearchViewModel;
import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The Ctrl+K popup on the demo workspace: grouped by kind, Enter opens, "see all" filters the inventory. */
@ExtendWith(ApplicationExtension.class)
class SearchPopupTest {

    @TempDir
    static Path dir;
    static Tightrope tightrope;

    Stage stage;

    @BeforeAll
    static void loadDemo() {
        tightrope = Tightrope.open(dir.resolve("ws"));
        new DemoWorkspace(tightrope).load(SyncListener.NONE, new Cancellation());
    }

    @AfterAll
    static void close() {
        tightrope.close();
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        ConsoleFixture.show(tightrope, stage);
    }

    @SuppressWarnings("unchecked")
    private static ListView<SearchViewModel.Row> results(FxRobot robot) {
        return robot.lookup("#search-results").queryAs(ListView.class);
    }

    /** Types {@code text} into the search box and waits until the popup shows its results, {@code best} first. */
    private static void search(FxRobot robot, String text, String best) {
        robot.press(KeyCode.CONTROL).press(KeyCode.K).release(KeyCode.K).release(KeyCode.CONTROL);
        robot.write(text);
        ConsoleFixture.waitUntil(() -> robot.lookup("#search-results").tryQuery().isPresent()
                && results(robot).isVisible() && results(robot).getItems().size() > 1
                && results(robot).getItems().get(1) instanceof SearchViewModel.Hit h && h.asset().name().equals(best));
    }

    private static void key(FxRobot robot, KeyCode code) {
        robot.press(code).release(code);
    }

    private static String detailName(FxRobot robot) {
        return robot.lookup("#detail-name").tryQuery().map(n -> ((Label) n).getText()).orElse("");
    }

    @Test
    void matchesShowGroupedByKindWithTheirCountsRiskAndOwners(FxRobot robot) {
        search(robot, "credit", "credit-risk-xgb");
        List<SearchViewModel.Row> rows = results(robot).getItems();
        // the registry's model and its copy in Azure Machine Learning
        assertThat(rows.get(0)).isEqualTo(new SearchViewModel.Header(AssetKind.MODEL, "Models", "2"));
        assertThat(((SearchViewModel.Hit) rows.get(1)).asset().name()).isEqualTo("credit-risk-xgb");
        assertThat(((SearchViewModel.Hit) rows.get(2)).asset().name()).isEqualTo("credit-risk-xgb");
        assertThat(rows.get(3)).isInstanceOf(SearchViewModel.Header.class);
        assertThat(rows).noneMatch(r -> r instanceof SearchViewModel.SeeAll);
        assertThat(robot.lookup("#search-see-all").queryAs(Label.class).isVisible()).isTrue();
        assertThat(robot.lookup(".search-kind-title").queryAllAs(Label.class)).extracting(Label::getText)
                .contains("Models", "Model versions", "Deployments");
        // v7 shows its medium risk next to its name; every hit shows a kind badge and its owners
        assertThat(robot.lookup(".search-hit-cell .severity-medium").tryQuery()).isPresent();
        assertThat(robot.lookup(".search-hit-cell .kind-badge").queryAll()).hasSizeGreaterThan(3);
        assertThat(robot.lookup(".search-owners").queryAllAs(Label.class)).extracting(Label::getText)
                .anyMatch(t -> t.contains("priya.natarajan@kestrel.example"));
    }

    @Test
    void enterOpensTheBestMatchAndArrowsSkipTheKindHeadersDownToSeeAll(FxRobot robot) {
        search(robot, "fraud", "fraud-bert");
        // down past the other models and over the Model versions header to the newest version
        for (int i = 0; i < 10 && !(results(robot).getSelectionModel().getSelectedItem() instanceof SearchViewModel.Hit h
                && h.asset().name().equals("fraud-bert v3")); i++) {
            key(robot, KeyCode.DOWN);
        }
        SearchViewModel.Row chosen = results(robot).getSelectionModel().getSelectedItem();
        assertThat(((SearchViewModel.Hit) chosen).asset().name()).isEqualTo("fraud-bert v3");
        key(robot, KeyCode.ENTER);
        ConsoleFixture.waitUntil(() -> detailName(robot).equals("fraud-bert v3"));

        search(robot, "credit", "credit-risk-xgb");
        key(robot, KeyCode.ENTER);
        ConsoleFixture.waitUntil(() -> detailName(robot).equals("credit-risk-xgb"));

        // past the last hit is "see all", below the list
        search(robot, "churn-legacy v2", "churn-legacy v2");
        for (int i = 0; i < results(robot).getItems().size() + 2; i++) {
            key(robot, KeyCode.DOWN);
        }
        assertThat(results(robot).getSelectionModel().getSelectedItem()).isNull();
        key(robot, KeyCode.ENTER);
        ConsoleFixture.waitUntil(() -> robot.lookup("#inventory-filter").tryQuery().isPresent()
                && robot.lookup("#inventory-filter").queryAs(TextField.class).getText().equals("churn-legacy v2"));
    }

    @Test
    void seeAllOpensTheInventoryWithTheTextFilterSet(FxRobot robot) {
        search(robot, "credit", "credit-risk-xgb");
        long total = tightrope.inventory().search("credit", 16).total();
        Label seeAll = robot.lookup("#search-see-all").queryAs(Label.class);
        assertThat(seeAll.getText()).isEqualTo("See all " + total + " matches in the inventory");
        robot.clickOn(seeAll);
        ConsoleFixture.waitUntil(() -> robot.lookup("#inventory-filter").tryQuery().isPresent()
                && robot.lookup("#inventory-filter").queryAs(TextField.class).getText().equals("credit")
                && robot.lookup("#inventory-count").queryAs(Label.class).getText().equals(total + " assets"));
        assertThat(robot.lookup("#search-results").tryQuery().map(Node::isVisible)
                .map(v -> v && results(robot).getScene().getWindow().isShowing()).orElse(false)).isFalse();
    }

    @Test
    void inANarrowWindowThePopupStaysInsideIt(FxRobot robot) {
        robot.interact(() -> stage.setWidth(1024));
        search(robot, "fraud", "fraud-bert");
        Bounds popup = results(robot).localToScreen(results(robot).getBoundsInLocal());
        assertThat(popup.getMinX()).isGreaterThanOrEqualTo(stage.getX());
        assertThat(popup.getMaxX()).isLessThanOrEqualTo(stage.getX() + stage.getWidth());
        assertThat(popup.getMaxY()).isLessThanOrEqualTo(stage.getY() + stage.getHeight());
        // names give way with an ellipsis in the middle; badges keep their full text
        for (Label badge : robot.lookup(".search-hit-cell .kind-badge").queryAllAs(Label.class)) {
            assertThat(badge.getWidth()).isGreaterThanOrEqualTo(badge.prefWidth(-1) - 0.5);
        }
    }
}
