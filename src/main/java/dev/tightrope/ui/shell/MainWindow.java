package dev.tightrope.ui.shell;

import atlantafx.base.theme.Styles;
import dev.tightrope.service.DemoWorkspace;
import dev.tightrope.ui.approvals.ApprovalsView;
import dev.tightrope.ui.audit.AuditView;
import dev.tightrope.ui.common.ConsoleView;
import dev.tightrope.ui.inventory.InventoryView;
import dev.tightrope.ui.overview.OverviewView;
import dev.tightrope.ui.sources.SourcesView;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import javafx.application.HostServices;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The console window: app bar with search, navigation, the current view, a status bar with sync progress. */
public final class MainWindow {
    private final AppModel model;
    private final HostServices host;
    private final BorderPane root = new BorderPane();
    private final StackPane content = new StackPane();
    private final SearchBox search;
    private final Map<AppModel.View, ConsoleView> views = new EnumMap<>(AppModel.View.class);
    private final Map<AppModel.View, Supplier<ConsoleView>> factories = new EnumMap<>(AppModel.View.class);
    private final Map<AppModel.View, ToggleButton> navButtons = new EnumMap<>(AppModel.View.class);
    private ConsoleView active;

    public MainWindow(AppModel model, HostServices host) {
        this.model = model;
        this.host = host;
        this.search = new SearchBox(model);
        factories.put(AppModel.View.OVERVIEW, () -> new OverviewView(model, this::loadDemo));
        factories.put(AppModel.View.INVENTORY, () -> new InventoryView(model, host));
        factories.put(AppModel.View.SOURCES, () -> new SourcesView(model));
        factories.put(AppModel.View.APPROVALS, () -> new ApprovalsView(model));
        factories.put(AppModel.View.AUDIT, () -> new AuditView(model));
        root.getStyleClass().add("tightrope-root");
        root.setTop(appBar());
        root.setLeft(navigation());
        root.setCenter(content);
        root.setBottom(statusBar());
        content.getStyleClass().add("content");
        model.viewProperty().addListener((obs, old, v) -> show(v));
        show(model.viewProperty().get());
    }

    public BorderPane root() {
        return root;
    }

    public AppModel model() {
        return model;
    }

    private Node appBar() {
        FontIcon logo = new FontIcon(Feather.ACTIVITY);
        logo.getStyleClass().add("app-logo");
        Label title = new Label("Tightrope");
        title.getStyleClass().add("app-title");
        Label workspace = new Label(model.tightrope().workspace().root().getFileName().toString());
        workspace.getStyleClass().add("app-workspace");
        workspace.setTooltip(new Tooltip("Workspace: " + model.tightrope().workspace().root()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button theme = new Button();
        theme.setId("theme-toggle");
        theme.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        theme.graphicProperty().bind(model.darkThemeProperty().map(dark -> new FontIcon(dark ? Feather.SUN : Feather.MOON)));
        theme.setTooltip(new Tooltip("Light / dark theme (Ctrl+T)"));
        theme.setOnAction(e -> toggleTheme());
        Button about = new Button(null, new FontIcon(Feather.INFO));
        about.setId("about-button");
        about.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        about.setTooltip(new Tooltip("About Tightrope and keyboard shortcuts (F1)"));
        about.setOnAction(e -> showAbout());
        FontIcon searchIcon = new FontIcon(Feather.SEARCH);
        HBox searchBox = new HBox(6, searchIcon, search.field());
        searchBox.getStyleClass().add("search-box");
        HBox bar = new HBox(10, logo, title, workspace, spacer, searchBox, theme, about);
        bar.getStyleClass().add("app-bar");
        return bar;
    }

    private Node navigation() {
        ToggleGroup group = new ToggleGroup();
        VBox nav = new VBox(4);
        nav.getStyleClass().add("nav");
        Feather[] icons = {Feather.PIE_CHART, Feather.LAYERS, Feather.DATABASE, Feather.CHECK_SQUARE, Feather.BOOK_OPEN};
        int i = 0;
        for (AppModel.View v : AppModel.View.values()) {
            ToggleButton b = new ToggleButton(v.title(), new FontIcon(icons[i]));
            b.setId("nav-" + v.name().toLowerCase());
            b.setToggleGroup(group);
            b.setMaxWidth(Double.MAX_VALUE);
            b.getStyleClass().add("nav-button");
            b.setTooltip(new Tooltip(v.title() + " (Ctrl+" + (i + 1) + ")"));
            b.setOnAction(e -> {
                model.show(v);
                b.setSelected(true);
            });
            navButtons.put(v, b);
            nav.getChildren().add(b);
            i++;
        }
        return nav;
    }

    private Node statusBar() {
        Label status = new Label();
        status.setId("status-message");
        status.textProperty().bind(model.statusProperty());
        ProgressBar progress = new ProgressBar();
        progress.setId("sync-progress");
        progress.setPrefWidth(220);
        progress.progressProperty().bind(model.progressProperty());
        progress.visibleProperty().bind(model.busyProperty());
        progress.managedProperty().bind(model.busyProperty());
        Button cancel = new Button("Cancel", new FontIcon(Feather.X_CIRCLE));
        cancel.setId("sync-cancel");
        cancel.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        cancel.visibleProperty().bind(model.busyProperty());
        cancel.managedProperty().bind(model.busyProperty());
        cancel.setOnAction(e -> model.cancelSync());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label path = new Label(model.tightrope().workspace().root().toString());
        path.getStyleClass().add("text-muted");
        HBox bar = new HBox(10, status, progress, cancel, spacer, path);
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    private void show(AppModel.View v) {
        if (active != null) {
            active.deactivate();
        }
        ConsoleView view = views.computeIfAbsent(v, k -> factories.get(k).get());
        content.getChildren().setAll(view.node());
        active = view;
        view.activate();
        ToggleButton b = navButtons.get(v);
        if (b != null) {
            b.setSelected(true);
        }
    }

    /** Puts the focus on the navigation, so the search box shows its hint until the user asks for it. */
    public void focusNavigation() {
        ToggleButton b = navButtons.get(model.viewProperty().get());
        if (b != null) {
            b.requestFocus();
        }
    }

    /** Keyboard shortcuts of the whole window. */
    public void installShortcuts(Scene scene) {
        var accel = scene.getAccelerators();
        accel.put(new KeyCodeCombination(KeyCode.K, KeyCombination.SHORTCUT_DOWN), search::focus);
        accel.put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), search::focus);
        accel.put(new KeyCodeCombination(KeyCode.DIGIT1, KeyCombination.SHORTCUT_DOWN), () -> model.show(AppModel.View.OVERVIEW));
        accel.put(new KeyCodeCombination(KeyCode.DIGIT2, KeyCombination.SHORTCUT_DOWN), () -> model.show(AppModel.View.INVENTORY));
        accel.put(new KeyCodeCombination(KeyCode.DIGIT3, KeyCombination.SHORTCUT_DOWN), () -> model.show(AppModel.View.SOURCES));
        accel.put(new KeyCodeCombination(KeyCode.DIGIT4, KeyCombination.SHORTCUT_DOWN), () -> model.show(AppModel.View.APPROVALS));
        accel.put(new KeyCodeCombination(KeyCode.DIGIT5, KeyCombination.SHORTCUT_DOWN), () -> model.show(AppModel.View.AUDIT));
        accel.put(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), this::syncAll);
        accel.put(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN), this::toggleTheme);
        accel.put(new KeyCodeCombination(KeyCode.F1), this::showAbout);
    }

    private void toggleTheme() {
        model.darkThemeProperty().set(!model.darkThemeProperty().get());
    }

    private void showAbout() {
        AboutDialog.create(root.getScene().getWindow(), model.tightrope().workspace().root().toString()).show();
    }

    private void syncAll() {
        model.runSync("Syncing all sources",
                job -> model.tightrope().sources().sync(null, false, job.listener(), job.cancellation()), runs -> { });
    }

    /** Loads the Kestrel Lending demo into this workspace with progress in the status bar. */
    public void loadDemo() {
        model.runSync("Loading the demo workspace",
                job -> new DemoWorkspace(model.tightrope()).load(job.listener(), job.cancellation()),
                runs -> model.show(AppModel.View.OVERVIEW));
    }
}
