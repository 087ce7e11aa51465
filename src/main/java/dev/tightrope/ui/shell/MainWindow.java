package dev.tightrope.ui.shell;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.tightrope.ui.approvals.ApprovalsView;
import dev.tightrope.ui.audit.AuditView;
import dev.tightrope.ui.common.ConsoleView;
import dev.tightrope.ui.common.Dialogs;
import dev.tightrope.ui.inventory.InventoryView;
import dev.tightrope.ui.lineage.LineageView;
import dev.tightrope.ui.overview.OverviewView;
import dev.tightrope.ui.shadow.ShadowView;
import dev.tightrope.ui.sources.SourcesView;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import javafx.application.HostServices;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.geometry.Pos;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
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
    /** The smallest window the console allows; every view is laid out to work at this size. */
    public static final double MIN_WIDTH = 960;
    public static final double MIN_HEIGHT = 600;

    private final AppModel model;
    private final HostServices host;
    private final BorderPane root = new BorderPane();
    private final StackPane content = new StackPane();
    private final StackPane viewArea = new StackPane();
    private final SearchBox search;
    private final NotificationsPane notices;
    private final Map<AppModel.View, ConsoleView> views = new EnumMap<>(AppModel.View.class);
    private final Map<AppModel.View, Supplier<ConsoleView>> factories = new EnumMap<>(AppModel.View.class);
    private final Map<AppModel.View, ToggleButton> navButtons = new EnumMap<>(AppModel.View.class);
    private ConsoleView active;

    public MainWindow(AppModel model, HostServices host) {
        this.model = model;
        this.host = host;
        this.search = new SearchBox(new SearchViewModel(model), new AssetMenuViewModel(model));
        this.notices = new NotificationsPane(model.notifications());
        factories.put(AppModel.View.OVERVIEW, () -> new OverviewView(model));
        factories.put(AppModel.View.INVENTORY, () -> new InventoryView(model, host));
        factories.put(AppModel.View.LINEAGE, () -> new LineageView(model));
        factories.put(AppModel.View.SOURCES, () -> new SourcesView(model));
        factories.put(AppModel.View.APPROVALS, () -> new ApprovalsView(model));
        factories.put(AppModel.View.AUDIT, () -> new AuditView(model));
        factories.put(AppModel.View.SHADOW, () -> new ShadowView(model, host));
        root.getStyleClass().add("tightrope-root");
        root.setTop(appBar());
        root.setLeft(navigation());
        content.getChildren().setAll(viewArea, notices.node());
        root.setCenter(content);
        root.setBottom(statusBar());
        viewArea.getStyleClass().add("content");
        model.viewProperty().addListener((obs, old, v) -> show(v));
        model.folderScanProperty().addListener((obs, old, scan) -> {
            if (scan != null) {
                showScanResults(scan);
            }
        });
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
        Label workspace = new Label(model.workspaceName());
        workspace.getStyleClass().add("app-workspace");
        workspace.setTooltip(new Tooltip("Workspace: " + model.workspacePath()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button theme = new Button();
        theme.setId("theme-toggle");
        theme.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        theme.graphicProperty().bind(model.darkThemeProperty().map(dark -> new FontIcon(dark ? Feather.SUN : Feather.MOON)));
        theme.setTooltip(new Tooltip("Light / dark theme (Ctrl+T)"));
        theme.setOnAction(e -> toggleTheme());
        MenuButton help = new MenuButton(null, new FontIcon(Feather.HELP_CIRCLE));
        help.setId("help-menu");
        help.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Tweaks.NO_ARROW);
        help.setTooltip(new Tooltip("Help: keyboard shortcuts, diagnostics, about"));
        MenuItem about = new MenuItem("Keyboard shortcuts and about (F1)", new FontIcon(Feather.INFO));
        about.setId("about-item");
        about.setOnAction(e -> showAbout());
        MenuItem diagnostics = new MenuItem("Copy diagnostics", new FontIcon(Feather.CLIPBOARD));
        diagnostics.setId("copy-diagnostics");
        diagnostics.setOnAction(e -> copyDiagnostics());
        MenuItem logs = new MenuItem("Show the log folder", new FontIcon(Feather.FOLDER));
        logs.setId("show-logs");
        logs.setOnAction(e -> showLogFolder());
        help.getItems().addAll(about, diagnostics, logs);
        FontIcon searchIcon = new FontIcon(Feather.SEARCH);
        HBox searchBox = new HBox(6, searchIcon, search.field());
        searchBox.getStyleClass().add("search-box");
        searchBox.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(search.field(), Priority.ALWAYS);
        // the search shrinks before anything else in a narrow window; title and buttons keep their size
        HBox.setHgrow(searchBox, Priority.SOMETIMES);
        searchBox.setMinWidth(200);
        searchBox.setMaxWidth(460);
        for (Region r : new Region[] {title, workspace, theme, help}) {
            r.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox bar = new HBox(10, logo, title, workspace, spacer, historyButtons(), searchBox, theme, help);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("app-bar");
        return bar;
    }

    /** Back and Forward through the places the user has been (Alt+Left, Alt+Right, the mouse's side buttons). */
    private Node historyButtons() {
        NavigationHistory history = model.history();
        Button back = new Button(null, new FontIcon(Feather.ARROW_LEFT));
        back.setId("history-back");
        back.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        back.disableProperty().bind(history.canGoBackProperty().not());
        back.setTooltip(tooltip(history.backTitleProperty(), "Back to ", " (Alt+←)"));
        back.setOnAction(e -> model.back());
        Button forward = new Button(null, new FontIcon(Feather.ARROW_RIGHT));
        forward.setId("history-forward");
        forward.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        forward.disableProperty().bind(history.canGoForwardProperty().not());
        forward.setTooltip(tooltip(history.forwardTitleProperty(), "Forward to ", " (Alt+→)"));
        forward.setOnAction(e -> model.forward());
        back.setMinWidth(Region.USE_PREF_SIZE);
        forward.setMinWidth(Region.USE_PREF_SIZE);
        HBox box = new HBox(2, back, forward);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }

    private static Tooltip tooltip(javafx.beans.value.ObservableValue<String> place, String prefix, String keys) {
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> place.getValue() == null ? "Nothing to go to" + keys : prefix + place.getValue() + keys, place));
        return tip;
    }

    /** Below this window width the navigation shows icons only (their names are in the tooltips). */
    static final double NAV_RAIL_BELOW = 1200;

    private Node navigation() {
        ToggleGroup group = new ToggleGroup();
        VBox nav = new VBox(4);
        nav.getStyleClass().add("nav");
        nav.setId("navigation");
        root.widthProperty().addListener((obs, old, w) -> {
            boolean rail = w.doubleValue() > 0 && w.doubleValue() < NAV_RAIL_BELOW;
            if (rail != nav.getStyleClass().contains("nav-rail")) {
                if (rail) {
                    nav.getStyleClass().add("nav-rail");
                } else {
                    nav.getStyleClass().remove("nav-rail");
                }
                navButtons.values().forEach(b -> b.setContentDisplay(rail ? ContentDisplay.GRAPHIC_ONLY : ContentDisplay.LEFT));
            }
        });
        Feather[] icons = {Feather.PIE_CHART, Feather.LAYERS, Feather.SHARE_2, Feather.DATABASE, Feather.CHECK_SQUARE, Feather.BOOK_OPEN,
                Feather.EYE};
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
        status.setMinWidth(80);
        Tooltip statusTip = new Tooltip();
        statusTip.textProperty().bind(model.statusProperty());
        status.setTooltip(statusTip);
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
        Button bell = new Button();
        bell.setId("notices-toggle");
        bell.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        bell.setGraphic(new FontIcon(Feather.BELL));
        var shown = model.notifications().shown();
        bell.textProperty().bind(javafx.beans.binding.Bindings.size(shown).asString());
        bell.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(shown));
        bell.managedProperty().bind(bell.visibleProperty());
        bell.setTooltip(new Tooltip("Warnings and errors waiting to be read: show or hide them"));
        bell.setOnAction(e -> notices.collapsedProperty().set(!notices.collapsedProperty().get()));
        Label path = new Label(model.workspacePath());
        path.getStyleClass().add("text-muted");
        path.setTextOverrun(javafx.scene.control.OverrunStyle.CENTER_ELLIPSIS);
        path.setMinWidth(60);
        path.setTooltip(new Tooltip("Workspace: " + model.workspacePath()));
        HBox.setHgrow(status, Priority.SOMETIMES);
        TasksButton tasks = new TasksButton(model.executor().tasks());
        HBox bar = new HBox(10, status, progress, cancel, spacer, tasks.node(), bell, path);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    private void show(AppModel.View v) {
        if (active != null) {
            active.deactivate();
        }
        ConsoleView view = views.computeIfAbsent(v, k -> factories.get(k).get());
        viewArea.getChildren().setAll(view.node());
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
        accel.put(new KeyCodeCombination(KeyCode.DIGIT3, KeyCombination.SHORTCUT_DOWN), () -> model.show(AppModel.View.LINEAGE));
        accel.put(new KeyCodeCombination(KeyCode.DIGIT4, KeyCombination.SHORTCUT_DOWN), () -> model.show(AppModel.View.SOURCES));
        accel.put(new KeyCodeCombination(KeyCode.DIGIT5, KeyCombination.SHORTCUT_DOWN), () -> model.show(AppModel.View.APPROVALS));
        accel.put(new KeyCodeCombination(KeyCode.DIGIT6, KeyCombination.SHORTCUT_DOWN), () -> model.show(AppModel.View.AUDIT));
        accel.put(new KeyCodeCombination(KeyCode.DIGIT7, KeyCombination.SHORTCUT_DOWN), () -> model.show(AppModel.View.SHADOW));
        accel.put(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), model::syncAll);
        accel.put(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN), this::toggleTheme);
        accel.put(new KeyCodeCombination(KeyCode.F1), this::showAbout);
        accel.put(new KeyCodeCombination(KeyCode.LEFT, KeyCombination.ALT_DOWN), model::back);
        accel.put(new KeyCodeCombination(KeyCode.RIGHT, KeyCombination.ALT_DOWN), model::forward);
        scene.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> {
            if (e.getButton() == MouseButton.BACK) {
                model.back();
                e.consume();
            } else if (e.getButton() == MouseButton.FORWARD) {
                model.forward();
                e.consume();
            }
        });
    }

    private void toggleTheme() {
        model.darkThemeProperty().set(!model.darkThemeProperty().get());
    }

    private void showAbout() {
        AboutDialog.create(root.getScene().getWindow(), model.workspacePath()).show();
    }

    /** What a folder scan found, and whether to keep the folder as a source. */
    private void showScanResults(AppModel.FolderScan scan) {
        ScanResultsDialog dialog = Dialogs.ownedBy(new ScanResultsDialog(scan), root);
        dialog.setOnHidden(e -> {
            ScanResultsDialog.Choice choice = dialog.getResult();
            if (choice == ScanResultsDialog.Choice.KEEP) {
                model.keepScannedFolder(scan);
            } else if (choice == ScanResultsDialog.Choice.SYNC_EXISTING) {
                model.syncSource(scan.overlappingSources().get(0));
            }
        });
        dialog.show();
    }

    private void copyDiagnostics() {
        model.collectDiagnostics(text -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(text);
            Clipboard.getSystemClipboard().setContent(c);
            model.notifications().success("Diagnostics copied to the clipboard (" + text.lines().count() + " lines, no secrets)");
        });
    }

    private void showLogFolder() {
        String dir = model.logDirectory().toUri().toString();
        if (host != null) {
            host.showDocument(dir);
        }
        ClipboardContent c = new ClipboardContent();
        c.putString(model.logDirectory().toString());
        Clipboard.getSystemClipboard().setContent(c);
        model.notifications().info("Log folder: " + model.logDirectory() + " (path copied)");
    }
}
