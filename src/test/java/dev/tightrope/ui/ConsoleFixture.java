package dev.tightrope.ui;

import atlantafx.base.theme.PrimerLight;
import dev.tightrope.bench.SyntheticEstate;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.Tightrope;
import dev.tightrope.sync.ConnectorRegistry;
import dev.tightrope.ui.common.NotificationCenter;
import dev.tightrope.ui.common.UiExecutor;
import dev.tightrope.ui.shell.AppModel;
import dev.tightrope.ui.shell.MainWindow;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

/** A real console on a real cache in a temp directory, for TestFX tests. */
final class ConsoleFixture {
    final Tightrope tightrope;
    final AppModel model;
    final MainWindow window;

    private ConsoleFixture(Tightrope tightrope, Stage stage) {
        this.tightrope = tightrope;
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        NotificationCenter notifications = new NotificationCenter();
        this.model = new AppModel(tightrope, UiExecutor.fx(notifications::error), notifications);
        this.window = new MainWindow(model, null);
        Scene scene = new Scene(window.root(), 1500, 950);
        scene.getStylesheets().add(Objects.requireNonNull(TightropeApp.class.getResource("tightrope.css")).toExternalForm());
        window.installShortcuts(scene);
        stage.setScene(scene);
        stage.show();
        stage.requestFocus();
    }

    static ConnectorRegistry registry() {
        return ConnectorRegistry.defaults().with(SyntheticEstate.factory(), dev.tightrope.ui.common.BlockingSource.factory());
    }

    /** A workspace with a synthetic estate of {@code assets} assets already synced (0: empty workspace). */
    static Tightrope workspace(Path dir, int assets) {
        Tightrope t = Tightrope.open(dir, registry());
        if (assets > 0) {
            t.sources().add(new SourceConfig("estate", SyntheticEstate.TYPE, Map.of("assets", String.valueOf(assets))));
            t.sources().sync("estate", false, SyncListener.NONE, new Cancellation());
        }
        return t;
    }

    static ConsoleFixture show(Tightrope t, Stage stage) {
        return new ConsoleFixture(t, stage);
    }

    /** The text of every warning and error on show, newest first. */
    java.util.List<String> notices() {
        return model.notifications().shown().stream().map(dev.tightrope.ui.common.Notice::text).toList();
    }

    /** Scrolls the scroll pane around the node {@code query} finds until it shows, as a user would before clicking it. */
    static void scrollIntoView(org.testfx.api.FxRobot robot, String query) {
        robot.interact(() -> {
            javafx.scene.Node node = robot.lookup(query).query();
            javafx.scene.Parent p = node.getParent();
            while (p != null && !(p instanceof javafx.scene.control.ScrollPane)) {
                p = p.getParent();
            }
            if (p instanceof javafx.scene.control.ScrollPane pane) {
                javafx.scene.Node content = pane.getContent();
                double y = content.sceneToLocal(node.localToScene(node.getBoundsInLocal())).getMinY();
                double room = content.getBoundsInLocal().getHeight() - pane.getViewportBounds().getHeight();
                if (room > 0) {
                    pane.setVvalue(Math.max(0, Math.min(1, y / room)));
                }
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * What a right-click (or the context-menu key) over {@code node} sends. Headless Monocle turns
     * a right-click into mouse events only, never the context-menu request a real platform sends.
     */
    static void requestContextMenu(org.testfx.api.FxRobot robot, javafx.scene.Node node) {
        robot.interact(() -> {
            javafx.geometry.Bounds local = node.getBoundsInLocal();
            javafx.geometry.Point2D screen = node.localToScreen(local.getCenterX(), local.getCenterY());
            javafx.event.Event.fireEvent(node, new javafx.scene.input.ContextMenuEvent(javafx.scene.input.ContextMenuEvent.CONTEXT_MENU_REQUESTED,
                    local.getCenterX(), local.getCenterY(), screen.getX(), screen.getY(), false, null));
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    static void waitUntil(BooleanSupplier condition) {
        try {
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("condition not met within 15 s", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Opens the Sources view's add form with {@code type} chosen (the form's tests). */
    @SuppressWarnings("unchecked")
    static void openAddSource(org.testfx.api.FxRobot robot, String type) {
        robot.clickOn("#nav-sources");
        waitUntil(() -> robot.lookup("#sources-table").queryAs(javafx.scene.control.TableView.class).getItems().size() == 1);
        robot.clickOn("#add-source");
        waitUntil(() -> robot.lookup("#source-type").tryQuery().isPresent());
        javafx.scene.control.ChoiceBox<dev.tightrope.domain.SourceType> types = robot.lookup("#source-type").queryAs(javafx.scene.control.ChoiceBox.class);
        robot.interact(() -> types.setValue(types.getItems().stream().filter(t -> t.type().equals(type)).findFirst().orElseThrow()));
    }

    /** Sets the text of the field {@code id} as typing would. */
    static void type(org.testfx.api.FxRobot robot, String id, String text) {
        robot.interact(() -> robot.lookup(id).queryAs(javafx.scene.control.TextField.class).setText(text));
    }
}
