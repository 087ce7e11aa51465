package dev.tightrope.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.tightrope.base.BuildInfo;
import dev.tightrope.base.LogFiles;
import dev.tightrope.base.Threads;
import dev.tightrope.service.DemoWorkspace;
import dev.tightrope.service.Tightrope;
import dev.tightrope.service.workspace.AppDirectories;
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
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/** The desktop console. */
public final class TightropeApp extends Application {

    private static volatile boolean demoRequested;
    private static volatile CompletableFuture<Opened> opening;
    private static volatile Path openingDir;

    private Tightrope tightrope;
    private UiExecutor executor;
    private UiPreferences preferences;
    private MainWindow window;
    private WindowPreferences saved;

    /** The workspace, opened in the background while the toolkit starts, and whether it is empty. */
    private record Opened(Tightrope tightrope, boolean empty) {
    }

    /** Starts the console and blocks until it closes. */
    public static void launchConsole(Path workspace, boolean demo) {
        demoRequested = demo;
        AppDirectories dirs = AppDirectories.system();
        LogFiles.install(dirs.logDirectory());
        System.getLogger("dev.tightrope.ui").log(System.Logger.Level.INFO, "Tightrope " + BuildInfo.describe()
                + " starting on Java " + System.getProperty("java.version"));
        Path dir = workspace != null ? workspace : demo ? dirs.demoWorkspace() : dirs.defaultWorkspace();
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
        saved = WindowPreferences.keep(preferences, stage, model);
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
        if (saved != null) {
            saved.save();
        }
        if (executor != null) {
            executor.close();
        }
        if (tightrope != null) {
            tightrope.close();
        }
    }
}
