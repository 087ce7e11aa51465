package dev.tightrope.ui.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.service.Tightrope;
import dev.tightrope.service.lineage.GraphView;
import dev.tightrope.service.lineage.Layout;
import dev.tightrope.ui.TightropeApp;
import dev.tightrope.ui.common.NotificationCenter;
import dev.tightrope.ui.common.UiExecutor;
import dev.tightrope.ui.shell.AppModel;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Application;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The lineage explorer on the demo estate, driven as a user would: open, expand, collapse, filter, impact, export. */
@ExtendWith(ApplicationExtension.class)
class LineageViewTest {
    static final String FRAUD_V3 = LineageViewModelTest.FRAUD_V3;
    static final String IMAGE = LineageViewModelTest.IMAGE;

    @TempDir
    static Path dir;

    static Tightrope t;
    AppModel app;
    LineageView view;

    @BeforeAll
    static void load() {
        t = LineageViewModelTest.demo(dir);
    }

    @AfterAll
    static void close() {
        t.close();
    }

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        NotificationCenter notifications = new NotificationCenter();
        app = new AppModel(t, UiExecutor.fx(notifications::error), notifications);
        view = new LineageView(app);
        Scene scene = new Scene((javafx.scene.Parent) view.node(), 1400, 900);
        scene.getStylesheets().add(Objects.requireNonNull(TightropeApp.class.getResource("tightrope.css")).toExternalForm());
        stage.setScene(scene);
        stage.show();
        view.activate();
        stage.requestFocus();
    }

    GraphView shown() {
        return view.viewModel().sceneProperty().get().layout().view();
    }

    boolean showing(AssetKind kind) {
        return shown().nodes().stream().anyMatch(n -> n.kind() == kind);
    }

    /** Where a box is on the screen, from the laid-out graph and the canvas's camera. */
    Point2D onScreen(FxRobot robot, String id) {
        Layout l = view.viewModel().sceneProperty().get().layout();
        int i = l.indexOf(id);
        Point2D local = view.canvas().toScreen(l.x()[i] + Layout.NODE_WIDTH / 2, l.y()[i] + Layout.NODE_HEIGHT / 2);
        return view.canvas().localToScreen(local);
    }

    void waitForLayout() {
        waitUntil(() -> !view.viewModel().busyProperty().get() && view.viewModel().sceneProperty().get() != null);
    }

    @Test
    void startsEmptyAndSaysHowToBegin(FxRobot robot) {
        assertThat(robot.lookup("#lineage-empty").query().isVisible()).isTrue();
        assertThat(robot.lookup("#lineage-export").query().isDisabled()).isTrue();
    }

    @Test
    void exploresTheDemoLineageWithMouseAndKeyboard(FxRobot robot) {
        robot.interact(() -> app.showLineage(FRAUD_V3));
        waitForLayout();
        assertThat(robot.lookup("#lineage-empty").query().isVisible()).isFalse();
        assertThat(showing(AssetKind.DEPLOYMENT)).isFalse();

        // double-click the image box: it opens one hop further, to the deployment
        robot.interact(() -> view.canvas().focus(IMAGE, true));
        robot.moveTo(onScreen(robot, IMAGE)).doubleClickOn(MouseButton.PRIMARY);
        waitUntil(() -> view.viewModel().sceneProperty().get() != null && showing(AssetKind.DEPLOYMENT));
        assertThat(view.viewModel().selectedProperty().get()).isEqualTo(IMAGE);

        // C collapses the selection again
        robot.type(KeyCode.C);
        waitUntil(() -> !showing(AssetKind.DEPLOYMENT));

        // a kind filter from the toolbar: only datasets (and the root) remain
        robot.clickOn("#lineage-kinds").clickOn("Dataset");
        robot.type(KeyCode.ESCAPE);
        waitUntil(() -> shown().nodes().stream().allMatch(n -> n.kind() == AssetKind.DATASET || n.id().equals(FRAUD_V3)));
        assertThat(robot.lookup("#lineage-status").queryLabeled().getText()).contains("hidden by filters");
        robot.interact(() -> view.viewModel().kinds().clear());
        waitUntil(() -> showing(AssetKind.CONTAINER_IMAGE));

        // impact: select the root with the mouse, then I
        robot.interact(() -> view.canvas().focus(FRAUD_V3, true));
        robot.clickOn(onScreen(robot, FRAUD_V3), MouseButton.PRIMARY);
        robot.type(KeyCode.I);
        waitUntil(() -> !view.viewModel().impactItems().isEmpty());
        ListView<?> list = robot.lookup("#lineage-impact-list").queryAs(ListView.class);
        assertThat(list.isVisible()).isTrue();
        assertThat(view.viewModel().impactItems().get(0).kind()).isEqualTo(AssetKind.DEPLOYMENT);
        assertThat(robot.lookup("#lineage-highlight-summary").queryLabeled().getText()).contains("deployment");
        robot.clickOn("#lineage-clear");
        waitUntil(() -> !robot.lookup("#lineage-impact-panel").query().isVisible());

        // F fits the whole graph in the window
        robot.clickOn("#lineage-canvas");
        robot.type(KeyCode.F);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.canvas().lastDrawn()).isEqualTo(shown().nodes().size());
    }

    @Test
    void exportsExactlyWhatIsShownInEveryFormat(FxRobot robot) throws Exception {
        robot.interact(() -> app.showLineage(FRAUD_V3));
        waitForLayout();
        Path out = Files.createDirectories(dir.resolve("exports-" + System.nanoTime()));
        view.exportTo((format, name) -> out.resolve(name));
        for (String item : List.of("PNG image…", "SVG image…", "CSV of boxes and edges…", "Graphviz DOT…", "OpenLineage events…")) {
            robot.clickOn("#lineage-export").clickOn(item);
        }
        waitUntil(() -> {
            try (var files = Files.list(out)) {
                return files.count() == 5;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        GraphView g = shown();
        BufferedImage png = ImageIO.read(out.resolve("fraud-bert-v3-lineage.png").toFile());
        assertThat(png.getWidth()).isGreaterThan(400);
        DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
        xml.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        assertThat(xml.newDocumentBuilder().parse(out.resolve("fraud-bert-v3-lineage.svg").toFile()).getDocumentElement().getTagName())
                .isEqualTo("svg");
        List<String> csv = Files.readAllLines(out.resolve("fraud-bert-v3-lineage.csv"));
        String dot = Files.readString(out.resolve("fraud-bert-v3-lineage.dot"));
        for (GraphView.Edge e : g.edges()) {
            assertThat(csv).anySatisfy(r -> assertThat(r).startsWith("edge,").contains(e.from()).contains(e.to()));
            assertThat(dot).contains("\"" + e.from() + "\" -> \"" + e.to() + "\"");
        }
        // OpenLineage: one event per line, each naming the data version it was exported from
        List<String> events = Files.readAllLines(out.resolve("fraud-bert-v3-lineage.ndjson"));
        assertThat(events).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("{").contains("\"tightrope_export\""));
        waitUntil(() -> t.audit().entries(new dev.tightrope.domain.AuditQuery(null, "export.lineage", null, null, null, 0, 10)).size() >= 5);
    }

    static void waitUntil(BooleanSupplier condition) {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("condition not met within 20 s", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }
}
