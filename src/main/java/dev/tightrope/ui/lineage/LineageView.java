package dev.tightrope.ui.lineage;

import atlantafx.base.theme.Styles;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.ImpactSet;
import dev.tightrope.domain.Severity;
import dev.tightrope.service.lineage.ExportFormat;
import dev.tightrope.service.lineage.GraphView;
import dev.tightrope.service.lineage.LineagePainter;
import dev.tightrope.service.lineage.Marks;
import dev.tightrope.service.lineage.Palette;
import dev.tightrope.service.lineage.SceneIndex;
import dev.tightrope.ui.common.ConsoleView;
import dev.tightrope.ui.common.EmptyState;
import dev.tightrope.ui.shell.AppModel;
import java.io.File;
import java.nio.file.Path;
import java.util.function.BiFunction;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The lineage explorer: a toolbar (depth, kind/owner/severity filters, search, fit, impact,
 * export), the graph on a canvas with its minimap, and a side panel listing an impact set.
 * Keyboard: arrows move the selection, Enter opens it, E/C expand/collapse, I impact, F fit,
 * Z zoom to the selection, + and - zoom, / searches, Escape clears the highlight.
 */
public final class LineageView implements ConsoleView {
    private final AppModel app;
    private final LineageViewModel vm;
    private final BorderPane root = new BorderPane();
    private final LineageCanvas canvas = new LineageCanvas();
    private final Label hoverLabel = new Label();
    private final StackPane centre = new StackPane();
    private final VBox emptyState;
    private final Label problem = new Label();
    private final VBox impactPanel = new VBox(8);
    private BiFunction<ExportFormat, String, Path> exportTarget = this::chooseFile;
    private String lastSceneRoot;

    private final ChangeListener<SceneIndex> sceneListener = (obs, old, s) -> showScene(old, s);
    private final ChangeListener<Marks> marksListener = (obs, old, m) -> canvas.marks(m);
    private final ChangeListener<Boolean> themeListener = (obs, old, dark) -> canvas.palette(dark ? Palette.DARK : Palette.LIGHT);
    private final ChangeListener<Number> dataListener = (obs, old, v) -> viewModel().refresh();
    private final ChangeListener<String> focusListener = (obs, old, id) -> canvas.reveal(id);
    private final ChangeListener<Object> targetListener = (obs, old, t) -> takeTarget();

    public LineageView(AppModel app) {
        this.app = app;
        this.vm = new LineageViewModel(app);
        root.setId("lineage-view");
        root.getStyleClass().add("lineage-view");
        root.setTop(toolbar());
        emptyState = emptyState();
        problem.setId("lineage-problem");
        problem.getStyleClass().addAll("lineage-problem", Styles.DANGER);
        problem.setWrapText(true);
        problem.setMaxWidth(640);
        problem.textProperty().bind(vm.problemProperty());
        problem.visibleProperty().bind(vm.problemProperty().isNotNull());
        hoverLabel.setId("lineage-hover");
        hoverLabel.getStyleClass().add("lineage-hover");
        hoverLabel.setMouseTransparent(true);
        hoverLabel.setVisible(false);
        hoverLabel.setManaged(false);
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setId("lineage-busy");
        spinner.setMaxSize(42, 42);
        spinner.visibleProperty().bind(vm.busyProperty());
        StackPane.setAlignment(spinner, Pos.TOP_RIGHT);
        StackPane.setMargin(spinner, new Insets(12));
        centre.getChildren().addAll(canvas, emptyState, problem, spinner, hoverLabel);
        root.setCenter(centre);
        root.setRight(impactPanel());
        root.setBottom(statusBar());
        wireCanvas();
        // keys act on the graph when it has the focus; the toolbar's fields and spinner keep theirs
        canvas.addEventHandler(KeyEvent.KEY_PRESSED, this::key);
        root.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                vm.clearHighlight();
                canvas.requestFocus();
                e.consume();
            }
        });
    }

    // Building the screen

    private Node toolbar() {
        Label title = new Label();
        title.setId("lineage-title");
        title.getStyleClass().add(Styles.TITLE_4);
        title.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            SceneIndex s = vm.sceneProperty().get();
            if (s == null) {
                return "Lineage";
            }
            GraphView.Node n = s.layout().view().node(s.layout().view().root());
            return n == null ? "Lineage" : n.name();
        }, vm.sceneProperty()));
        title.setMinWidth(80);
        title.setMaxWidth(320);

        Spinner<Integer> depth = new Spinner<>(1, LineageViewModel.MAX_DEPTH, vm.depthProperty().get());
        depth.setId("lineage-depth");
        depth.setPrefWidth(76);
        depth.setTooltip(new Tooltip("Hops shown on each side of the asset"));
        depth.valueProperty().addListener((obs, old, v) -> vm.setDepth(v));
        vm.depthProperty().addListener((obs, old, v) -> depth.getValueFactory().setValue(v.intValue()));
        Label depthLabel = new Label("Depth");

        MenuButton kinds = new MenuButton("Kinds", new FontIcon(Feather.FILTER));
        kinds.setId("lineage-kinds");
        for (AssetKind k : AssetKind.values()) {
            CheckMenuItem item = new CheckMenuItem(k.label());
            item.setId("lineage-kind-" + k.token());
            item.selectedProperty().addListener((obs, old, on) -> {
                if (on) {
                    vm.kinds().add(k);
                } else {
                    vm.kinds().remove(k);
                }
            });
            kinds.getItems().add(item);
        }
        MenuItem allKinds = new MenuItem("Show every kind");
        allKinds.setOnAction(e -> kinds.getItems().forEach(i -> {
            if (i instanceof CheckMenuItem c) {
                c.setSelected(false);
            }
        }));
        kinds.getItems().addAll(new SeparatorMenuItem(), allKinds);
        vm.kinds().addListener((javafx.collections.SetChangeListener<AssetKind>) c ->
                kinds.setText(vm.kinds().isEmpty() ? "Kinds" : vm.kinds().size() + (vm.kinds().size() == 1 ? " kind" : " kinds")));

        TextField owner = new TextField();
        owner.setId("lineage-owner");
        owner.setPromptText("Owner");
        owner.setPrefColumnCount(8);
        owner.setOnAction(e -> vm.ownerProperty().set(owner.getText()));
        owner.focusedProperty().addListener((obs, was, is) -> {
            if (!is) {
                vm.ownerProperty().set(owner.getText());
            }
        });

        ComboBox<Severity> severity = new ComboBox<>();
        severity.setId("lineage-severity");
        severity.getItems().add(null);
        severity.getItems().addAll(Severity.values());
        severity.setPromptText("Any risk");
        severity.setButtonCell(severityCell());
        severity.setCellFactory(l -> severityCell());
        severity.valueProperty().bindBidirectional(vm.minSeverityProperty());

        TextField search = new TextField();
        search.setId("lineage-search");
        search.setPromptText("Find in graph  /");
        search.setPrefColumnCount(10);
        search.textProperty().bindBidirectional(vm.searchTextProperty());
        search.setOnAction(e -> vm.focusNextMatch());

        Button fit = iconButton("lineage-fit", Feather.MAXIMIZE, "Zoom to fit (F)", canvas::fit);
        Button focus = iconButton("lineage-zoom-selection", Feather.CROSSHAIR, "Zoom to the selection (Z)",
                () -> canvas.focus(vm.selectedProperty().get(), true));
        Button impact = new Button("Impact", new FontIcon(Feather.ZAP));
        impact.setId("lineage-impact");
        impact.setTooltip(new Tooltip("Colour and list everything downstream of the selection (I)"));
        impact.setOnAction(e -> vm.showImpact(vm.selectedProperty().get() != null ? vm.selectedProperty().get() : vm.rootProperty().get()));
        Button clear = iconButton("lineage-clear", Feather.X_CIRCLE, "Clear the highlight (Esc)", vm::clearHighlight);
        clear.disableProperty().bind(vm.modeProperty().isEqualTo(LineageViewModel.Mode.NONE));

        MenuButton export = new MenuButton("Export", new FontIcon(Feather.DOWNLOAD));
        export.setId("lineage-export");
        for (ExportFormat f : ExportFormat.values()) {
            MenuItem item = new MenuItem(f.label() + "…");
            item.setId("lineage-export-" + f.token());
            item.setOnAction(e -> export(f));
            export.getItems().add(item);
        }
        CheckMenuItem record = new CheckMenuItem("Record exports in the audit log");
        record.setId("lineage-export-record");
        record.selectedProperty().bindBidirectional(vm.recordExportsProperty());
        export.getItems().addAll(new SeparatorMenuItem(), record);
        export.disableProperty().bind(vm.sceneProperty().isNull());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, title, spacer, depthLabel, depth, kinds, owner, severity, search, fit, focus, impact, clear, export);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(10, 14, 10, 14));
        bar.getStyleClass().add("lineage-toolbar");
        for (Node n : bar.getChildren()) {
            if (n instanceof Region r && n != title && n != spacer && n != owner && n != search && n != severity) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        severity.setMinWidth(96);
        // narrow windows (1024 px): the buttons keep their icons and tooltips, the depth its spinner
        bar.widthProperty().addListener((obs, old, w) -> {
            boolean compact = w.doubleValue() < COMPACT_BELOW;
            javafx.scene.control.ContentDisplay display = compact ? javafx.scene.control.ContentDisplay.GRAPHIC_ONLY
                    : javafx.scene.control.ContentDisplay.LEFT;
            kinds.setContentDisplay(display);
            impact.setContentDisplay(display);
            export.setContentDisplay(display);
            depthLabel.setVisible(!compact);
            depthLabel.setManaged(!compact);
        });
        kinds.setTooltip(new Tooltip("Show only some kinds of asset"));
        export.setTooltip(new Tooltip("Export what is shown: PNG, SVG, CSV, DOT or OpenLineage events"));
        // at 1024 px the owner and search fields give way before any button is cut
        owner.setMinWidth(60);
        search.setMinWidth(70);
        return bar;
    }

    private static ListCell<Severity> severityCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(Severity s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s == null ? "Any risk" : s.token() + " or worse");
            }
        };
    }

    private static Button iconButton(String id, Feather icon, String tip, Runnable action) {
        Button b = new Button(null, new FontIcon(icon));
        b.setId(id);
        b.getStyleClass().add(Styles.BUTTON_ICON);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
    }

    private VBox emptyState() {
        Button inventory = new Button("Open the inventory", new FontIcon(Feather.LIST));
        inventory.setId("lineage-open-inventory");
        inventory.setOnAction(e -> app.show(AppModel.View.INVENTORY));
        VBox box = EmptyState.of("lineage-empty", Feather.SHARE_2, "Explore lineage", "Pick an asset to see what it came from and what "
                + "uses it: right-click any asset and choose Show lineage, or press Ctrl+L on a row of the inventory. Expand boxes one "
                + "hop at a time, filter by kind, owner or risk, and show the impact of a bad dataset all the way to production.",
                inventory);
        box.visibleProperty().bind(vm.rootProperty().isNull());
        return box;
    }

    private Node impactPanel() {
        Label title = new Label();
        title.setId("lineage-highlight-summary");
        title.setWrapText(true);
        title.textProperty().bind(vm.highlightSummaryProperty());
        title.getStyleClass().add(Styles.TEXT_BOLD);
        ListView<ImpactSet.Item> list = new ListView<>(vm.impactItems());
        list.setId("lineage-impact-list");
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(ImpactSet.Item item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                Label name = new Label(item.name());
                name.getStyleClass().add(Styles.TEXT_BOLD);
                Label kind = new Label(item.kind().label() + " · " + item.depth() + (item.depth() == 1 ? " hop" : " hops"));
                kind.getStyleClass().add("text-muted");
                Label owners = new Label(item.owners().isEmpty() ? "no owner" : item.owners());
                owners.getStyleClass().add(item.owners().isEmpty() ? Styles.WARNING : "text-muted");
                Label urn = new Label(item.urn());
                urn.getStyleClass().addAll("text-muted", "mono", Styles.TEXT_SMALL);
                setTooltip(new Tooltip(item.urn()));
                for (Label l : new Label[] {name, kind, owners, urn}) {
                    l.setMinWidth(0);
                    l.setMaxWidth(Double.MAX_VALUE);
                }
                VBox box = new VBox(1, name, kind, owners, urn);
                box.setMinWidth(0);
                box.setPrefWidth(1);
                setGraphic(box);
                setText(null);
            }
        });
        list.setOnMouseClicked(e -> {
            ImpactSet.Item item = list.getSelectionModel().getSelectedItem();
            if (item != null) {
                vm.select(item.urn());
                canvas.focus(item.urn(), false);
                if (e.getClickCount() == 2) {
                    vm.openDetail(item.urn());
                }
            }
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        impactPanel.getChildren().setAll(title, list);
        impactPanel.setPadding(new Insets(10));
        impactPanel.setPrefWidth(280);
        impactPanel.setMinWidth(220);
        impactPanel.setId("lineage-impact-panel");
        impactPanel.getStyleClass().add("lineage-side");
        impactPanel.visibleProperty().bind(vm.modeProperty().isNotEqualTo(LineageViewModel.Mode.NONE));
        impactPanel.managedProperty().bind(impactPanel.visibleProperty());
        return impactPanel;
    }

    private Node statusBar() {
        Label status = new Label();
        status.setId("lineage-status");
        status.textProperty().bind(vm.statusProperty());
        status.getStyleClass().add("text-muted");
        Label hint = new Label("Drag to pan · scroll to zoom · double-click to expand · right-click for more");
        hint.getStyleClass().add("text-muted");
        hint.setMinWidth(0);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(12, status, spacer, hint);
        bar.setPadding(new Insets(4, 14, 6, 14));
        bar.getStyleClass().add("lineage-statusbar");
        return bar;
    }

    // Behaviour

    private void wireCanvas() {
        canvas.onSelect(vm::select);
        canvas.onActivate(id -> {
            if (id.startsWith(GraphView.GROUP_PREFIX) || vm.isCollapsed(id) || !isOpen(id)) {
                vm.expand(id);
            } else {
                vm.collapse(id);
            }
        });
        canvas.onHover((edge, node) -> {
            vm.hover(edge, node);
            SceneIndex s = vm.sceneProperty().get();
            String text = null;
            if (s != null && node != null) {
                GraphView.Node n = s.layout().view().node(node);
                text = n == null ? null : LineagePainter.describe(n);
            } else if (s != null && edge >= 0) {
                GraphView.Edge e = s.layout().view().edges().get(edge);
                GraphView.Node from = s.layout().view().node(e.from());
                GraphView.Node to = s.layout().view().node(e.to());
                String phrase = e.type() == null ? "reaches, " + e.describe() + ", from" : e.type().downstreamPhrase();
                text = (to == null ? e.to() : to.name()) + " " + phrase + " " + (from == null ? e.from() : from.name())
                        + (e.sources().isEmpty() ? "" : " · asserted by " + e.sources()) + (e.gone() ? " · gone" : "");
            }
            hoverLabel.setText(text);
            hoverLabel.setVisible(text != null);
            if (text != null) {
                hoverLabel.autosize();
                double x = Math.min(canvas.mouseX() + 16, centre.getWidth() - hoverLabel.getWidth() - 8);
                double y = canvas.mouseY() + 18 + hoverLabel.getHeight() > centre.getHeight() ? canvas.mouseY() - hoverLabel.getHeight() - 8
                        : canvas.mouseY() + 18;
                hoverLabel.relocate(Math.max(4, x), Math.max(4, y));
            }
        });
        canvas.onContext(this::contextMenu);
    }

    /** Whether a box already shows its far side (it is past the depth only when expanded). */
    private boolean isOpen(String id) {
        SceneIndex s = vm.sceneProperty().get();
        GraphView.Node n = s == null ? null : s.layout().view().node(id);
        return n != null && Math.abs(n.depth()) < vm.depthProperty().get();
    }

    /** Below this toolbar width the buttons show only their icons. */
    private static final double COMPACT_BELOW = 1_120;

    private ContextMenu menu;

    private void contextMenu(String id, double x, double y) {
        if (menu != null) {
            menu.hide();
        }
        menu = new ContextMenu();
        menu.setId("lineage-menu");
        if (id == null) {
            menu.getItems().addAll(item("lineage-menu-fit", "Zoom to fit", Feather.MAXIMIZE, canvas::fit));
        } else if (id.startsWith(GraphView.GROUP_PREFIX)) {
            menu.getItems().add(item("lineage-menu-open-group", "Show every member", Feather.PLUS_SQUARE, () -> vm.expand(id)));
        } else {
            menu.getItems().addAll(
                    item("lineage-menu-detail", "Open detail", Feather.ARROW_UP_RIGHT, () -> vm.openDetail(id)),
                    item("lineage-menu-expand", "Expand", Feather.PLUS_SQUARE, () -> vm.expand(id)),
                    item("lineage-menu-collapse", "Collapse", Feather.MINUS_SQUARE, () -> vm.collapse(id)),
                    item("lineage-menu-impact", "Show impact", Feather.ZAP, () -> vm.showImpact(id)),
                    vm.choosingPath()
                            ? item("lineage-menu-path-to", "Path to here", Feather.GIT_COMMIT, () -> vm.pathTo(id))
                            : item("lineage-menu-path-from", "Path from here…", Feather.GIT_COMMIT, () -> vm.pathFrom(id)),
                    item("lineage-menu-reroot", "Explore from here", Feather.TARGET, () -> vm.reroot(id)),
                    new SeparatorMenuItem(),
                    item("lineage-menu-copy", "Copy URN", Feather.COPY, () -> {
                        ClipboardContent c = new ClipboardContent();
                        c.putString(id);
                        Clipboard.getSystemClipboard().setContent(c);
                        app.setStatus("Copied the URN " + id);
                    }));
        }
        menu.show(canvas, x, y);
    }

    private static MenuItem item(String id, String text, Feather icon, Runnable action) {
        MenuItem item = new MenuItem(text, new FontIcon(icon));
        item.setId(id);
        item.setOnAction(e -> action.run());
        return item;
    }

    private void key(KeyEvent e) {
        // with nothing selected, the keys act on the asset the graph is about
        String sel = vm.selectedProperty().get() != null ? vm.selectedProperty().get() : vm.rootProperty().get();
        boolean handled = true;
        switch (e.getCode()) {
            case LEFT -> vm.moveSelection(-1, 0);
            case RIGHT -> vm.moveSelection(1, 0);
            case UP -> vm.moveSelection(0, -1);
            case DOWN -> vm.moveSelection(0, 1);
            case ENTER -> vm.openDetail(sel);
            case E -> vm.expand(sel);
            case C -> vm.collapse(sel);
            case I -> vm.showImpact(sel);
            case F -> canvas.fit();
            case Z -> canvas.focus(sel, true);
            case PLUS, ADD, EQUALS -> canvas.zoomBy(1.25);
            case MINUS, SUBTRACT -> canvas.zoomBy(0.8);
            case SLASH -> root.lookup("#lineage-search").requestFocus();
            default -> handled = false;
        }
        if (handled) {
            e.consume();
        }
    }

    private void export(ExportFormat format) {
        SceneIndex s = vm.sceneProperty().get();
        if (s == null) {
            return;
        }
        GraphView.Node rootNode = s.layout().view().node(s.layout().view().root());
        String base = (rootNode == null ? "lineage" : rootNode.name()).replaceAll("[^A-Za-z0-9._-]+", "-") + "-lineage." + format.extension();
        Path target = exportTarget.apply(format, base);
        if (target != null) {
            vm.export(format, target, app.darkThemeProperty().get());
        }
    }

    private Path chooseFile(ExportFormat format, String suggested) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the lineage as " + format.label());
        chooser.setInitialFileName(suggested);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(format.label(), "*." + format.extension()));
        File f = chooser.showSaveDialog(root.getScene().getWindow());
        return f == null ? null : f.toPath();
    }

    /** Where exports go, instead of asking with a file chooser (tests). */
    void exportTo(BiFunction<ExportFormat, String, Path> target) {
        this.exportTarget = target;
    }

    LineageViewModel viewModel() {
        return vm;
    }

    LineageCanvas canvas() {
        return canvas;
    }

    private void showScene(SceneIndex old, SceneIndex s) {
        String rootId = s == null ? null : s.layout().view().root();
        boolean sameRoot = rootId != null && rootId.equals(lastSceneRoot);
        canvas.show(s, sameRoot ? vm.selectedProperty().get() : null);
        lastSceneRoot = rootId;
        canvas.marks(vm.marksProperty().get());
    }

    private void takeTarget() {
        String urn = app.lineageTargetProperty().get();
        if (urn != null) {
            app.lineageTargetProperty().set(null);
            vm.open(urn);
        }
    }

    // ConsoleView

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void activate() {
        vm.sceneProperty().addListener(sceneListener);
        vm.marksProperty().addListener(marksListener);
        vm.focusRequestProperty().addListener(focusListener);
        app.darkThemeProperty().addListener(themeListener);
        app.dataVersionProperty().addListener(dataListener);
        app.lineageTargetProperty().addListener(targetListener);
        canvas.palette(app.darkThemeProperty().get() ? Palette.DARK : Palette.LIGHT);
        showScene(null, vm.sceneProperty().get());
        takeTarget();
        canvas.requestFocus();
    }

    @Override
    public void deactivate() {
        vm.sceneProperty().removeListener(sceneListener);
        vm.marksProperty().removeListener(marksListener);
        vm.focusRequestProperty().removeListener(focusListener);
        app.darkThemeProperty().removeListener(themeListener);
        app.dataVersionProperty().removeListener(dataListener);
        app.lineageTargetProperty().removeListener(targetListener);
    }
}
