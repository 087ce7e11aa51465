package dev.tightrope.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.tightrope.service.AppDirectories;
import dev.tightrope.service.DemoWorkspace;
import dev.tightrope.service.Tightrope;
import dev.tightrope.ui.common.UiPreferences;
import dev.tightrope.ui.shell.AppModel;
import dev.tightrope.ui.shell.MainWindow;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/** The desktop console. */
public final class TightropeApp extends Application {

    private static volatile boolean demoRequested;
    private static volatile CompletableFuture<Tightrope> opening;
    private static volatile Path openingDir;

    private Tightrope tightrope;
    private UiPreferences preferences;
    private MainWindow window;

    /** Starts the console and blocks until it closes. */
    public static void launchConsole(Path workspace, boolean demo) {
        demoRequested = demo;
        Path dir = workspace != null ? workspace
                : demo ? AppDirectories.system().demoWorkspace() : AppDirectories.system().defaultWorkspace();
        // the cache opens while the toolkit starts; start() picks it up (or its error)
        opening = CompletableFuture.supplyAsync(() -> Tightrope.open(dir));
        openingDir = dir;
        Application.launch(TightropeApp.class);
    }


    @Override
    public void start(Stage stage) {
        Path dir = openingDir;
        try {
            tightrope = opening.join();
        } catch (CompletionException wrapped) {
            Throwable e = wrapped.getCause() == null ? wrapped : wrapped.getCause();
            Alert alert = new Alert(Alert.AlertType.ERROR, e.getMessage());
            alert.setHeaderText("Tightrope cannot open the workspace " + dir);
            alert.setTitle("Tightrope");
            alert.showAndWait();
            Platform.exit();
            return;
        }
        preferences = new UiPreferences(tightrope.workspace().uiPreferencesFile());
        AppModel model = new AppModel(tightrope);
        model.darkThemeProperty().set(Boolean.parseBoolean(preferences.get("theme.dark", "false")));
        applyTheme(model.darkThemeProperty().get());
        model.darkThemeProperty().addListener((obs, was, dark) -> applyTheme(dark));

        window = new MainWindow(model, getHostServices());
        Scene scene = new Scene(window.root(), preferences.getDouble("window.width", 1400), preferences.getDouble("window.height", 880));
        scene.getStylesheets().add(Objects.requireNonNull(TightropeApp.class.getResource("tightrope.css")).toExternalForm());
        window.installShortcuts(scene);
        stage.setScene(scene);
        stage.setTitle("Tightrope — " + tightrope.workspace().root());
        stage.setMinWidth(960);
        stage.setMinHeight(600);
        for (int size : new int[] {16, 32, 64, 128, 256}) {
            var icon = TightropeApp.class.getResource("icons/app-icon-" + size + ".png");
            if (icon != null) {
                stage.getIcons().add(new Image(icon.toExternalForm()));
            }
        }
        String last = preferences.get("view.last", AppModel.View.OVERVIEW.name());
        DemoWorkspace demo = new DemoWorkspace(tightrope);
        boolean empty = demo.workspaceIsEmpty();
        model.show(empty ? AppModel.View.OVERVIEW : parseView(last));
        stage.show();
        window.focusNavigation();
        if (!tightrope.notices().isEmpty()) {
            Alert notice = new Alert(Alert.AlertType.WARNING, String.join("\n\n", tightrope.notices()));
            notice.setHeaderText("Tightrope repaired the workspace " + dir + " while opening it");
            notice.setTitle("Tightrope");
            notice.initOwner(stage);
            notice.show();
        }
        if (demoRequested && empty) {
            window.loadDemo();
        }
    }

    private static AppModel.View parseView(String name) {
        try {
            return AppModel.View.valueOf(name);
        } catch (IllegalArgumentException e) {
            return AppModel.View.OVERVIEW;
        }
    }

    static void applyTheme(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
    }

    @Override
    public void stop() {
        if (window != null && preferences != null) {
            var scene = window.root().getScene();
            if (scene != null && scene.getWindow() != null) {
                preferences.put("window.width", scene.getWindow().getWidth());
                preferences.put("window.height", scene.getWindow().getHeight());
            }
            preferences.put("view.last", window.model().viewProperty().get().name());
            preferences.put("theme.dark", window.model().darkThemeProperty().get());
            preferences.save();
        }
        if (tightrope != null) {
            tightrope.close();
        }
    }
}
