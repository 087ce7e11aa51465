package dev.tightrope.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.tightrope.base.LogFiles;
import dev.tightrope.base.Threads;
import dev.tightrope.service.AppDirectories;
import dev.tightrope.service.DemoWorkspace;
import dev.tightrope.service.Tightrope;
import dev.tightrope.ui.common.NotificationCenter;
import dev.tightrope.ui.common.UiExecutor;
import dev.tightrope.ui.common.UiPreferences;
import dev.tightrope.ui.shell.AppModel;
import dev.tightrope.ui.shell.MainWindow;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import javafx.util.Duration;

/** The desktop console. */
public final class TightropeApp extends Application {

    private static volatile boolean demoRequested;
    private static volatile CompletableFuture<Opened> opening;
    private static volatile Path openingDir;

    private Tightrope tightrope;
    private UiExecutor executor;
    private UiPreferences preferences;
    private MainWindow window;

    /** The workspace, opened in the background while the toolkit starts, and whether it is empty. */
    private record Opened(Tightrope tightrope, boolean empty) {
    }

    /** Starts the console and blocks until it closes. */
    public static void launchConsole(Path workspace, boolean demo) {
        demoRequested = demo;
        AppDirectories dirs = AppDirectories.system();
        LogFiles.install(dirs.logDirectory());
        System.getLogger("dev.tightrope.ui").log(System.Logger.Level.INFO, "Tightrope "
                + Objects.requireNonNullElse(TightropeApp.class.getPackage().getImplementationVersion(), "(development build)")
                + " starting on Java " + System.getProperty("java.version"));        Path dir = workspace != null ? workspace : demo ? dirs.demoWorkspace() : dirs.defaultWorkspace();
        // the cache opens (and is asked whether it is empty) while the toolkit starts: no SQLite on the FX thread
        ExecutorService opener = Executors.newSingleThreadExecutor(Threads.daemon("tightrope-open"));
        opening = CompletableFuture.supplyAsync(() -> {
            Tightrope t = Tightrope.open(dir);
            try {
                return new Opened(t, new DemoWorkspace(t).workspaceIsEmpty());
            } catch (RuntimeException e) {
                t.close();
                throw e;
            }
        }, opener);
        opener.shutdown();
        openingDir = dir;
        Application.launch(TightropeApp.class);
    }

    @Override
    public void start(Stage stage) {
        Path dir = openingDir;
        Opened opened;
        try {
            opened = opening.join();
        } catch (CompletionException wrapped) {
            Throwable e = wrapped.getCause() == null ? wrapped : wrapped.getCause();
            System.getLogger("dev.tightrope.ui").log(System.Logger.Level.ERROR, "cannot open the workspace " + dir, e);
            Alert alert = new Alert(Alert.AlertType.ERROR, dev.tightrope.ui.common.Errors.describe(e));
            alert.setHeaderText("Tightrope cannot open the workspace " + dir);
            alert.setTitle("Tightrope");
            alert.showAndWait();
            Platform.exit();
            return;
        }
        tightrope = opened.tightrope();
        preferences = new UiPreferences(tightrope.workspace().uiPreferencesFile());
        NotificationCenter notifications = new NotificationCenter();
        executor = UiExecutor.fx(notifications::error);
        AppModel model = new AppModel(tightrope, executor, notifications);
        model.darkThemeProperty().set(Boolean.parseBoolean(preferences.get("theme.dark", "false")));
        applyTheme(model.darkThemeProperty().get());
        model.darkThemeProperty().addListener((obs, was, dark) -> applyTheme(dark));

        window = new MainWindow(model, getHostServices());
        Scene scene = new Scene(window.root(), preferences.getDouble("window.width", 1400), preferences.getDouble("window.height", 880));
        scene.getStylesheets().add(Objects.requireNonNull(TightropeApp.class.getResource("tightrope.css")).toExternalForm());
        window.installShortcuts(scene);
        stage.setScene(scene);
        stage.setTitle("Tightrope — " + tightrope.workspace().root());
        stage.setMinWidth(MainWindow.MIN_WIDTH);
        stage.setMinHeight(MainWindow.MIN_HEIGHT);
        for (int size : new int[] {16, 32, 64, 128, 256}) {
            var icon = TightropeApp.class.getResource("icons/app-icon-" + size + ".png");
            if (icon != null) {
                stage.getIcons().add(new Image(icon.toExternalForm()));
            }
        }
        String last = preferences.get("view.last", AppModel.View.OVERVIEW.name());
        model.startAt(opened.empty() ? AppModel.View.OVERVIEW : parseView(last));
        rememberPreferences(stage, model);
        stage.show();
        window.focusNavigation();
        if (!tightrope.notices().isEmpty()) {
            Alert notice = new Alert(Alert.AlertType.WARNING, String.join("\n\n", tightrope.notices()));
            notice.setHeaderText("Tightrope repaired the workspace " + dir + " while opening it");
            notice.setTitle("Tightrope");
            notice.initOwner(stage);
            notice.show();
        }
        if (demoRequested && opened.empty()) {
            model.loadDemo();
        }
    }

    /**
     * Saves window size, theme and view as they change (half a second after a resize settles),
     * so they survive however the app ends, SIGTERM and a crash included.
     */
    private void rememberPreferences(Stage stage, AppModel model) {
        PauseTransition settle = new PauseTransition(Duration.millis(500));
        settle.setOnFinished(e -> savePreferences(stage, model));
        stage.widthProperty().addListener((obs, old, w) -> settle.playFromStart());
        stage.heightProperty().addListener((obs, old, h) -> settle.playFromStart());
        model.darkThemeProperty().addListener((obs, old, dark) -> savePreferences(stage, model));
        model.viewProperty().addListener((obs, old, v) -> savePreferences(stage, model));
    }

    private void savePreferences(Stage stage, AppModel model) {
        if (stage.getWidth() > 0 && stage.getHeight() > 0 && !stage.isMaximized() && !stage.isFullScreen()) {
            preferences.put("window.width", stage.getWidth());
            preferences.put("window.height", stage.getHeight());
        }
        preferences.put("view.last", model.viewProperty().get().name());
        preferences.put("theme.dark", model.darkThemeProperty().get());
        preferences.save();
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
            if (scene != null && scene.getWindow() instanceof Stage stage) {
                savePreferences(stage, window.model());
            }
        }
        if (executor != null) {
            executor.close();
        }
        if (tightrope != null) {
            tightrope.close();
        }
    }
}
