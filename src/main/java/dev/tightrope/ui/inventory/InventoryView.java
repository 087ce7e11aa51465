package dev.tightrope.ui.inventory;

import java.util.List;

import atlantafx.base.theme.Styles;
import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.RiskConcern;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetSort;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.Severity;
import dev.tightrope.ui.common.AssetActions;
import dev.tightrope.ui.common.AssetMenu;
import dev.tightrope.ui.common.AssetRef;
import dev.tightrope.ui.common.Badges;
import dev.tightrope.ui.common.ConsoleView;
import dev.tightrope.ui.common.Formats;
import dev.tightrope.ui.shell.AppModel;
import dev.tightrope.ui.shell.AssetMenuViewModel;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import javafx.animation.PauseTransition;
import javafx.application.HostServices;
import javafx.beans.value.ChangeListener;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.controlsfx.control.CheckComboBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** Every asset in the cache: filters, a table paged from SQLite, and the detail pane. */
public final class InventoryView implements ConsoleView {
    private final AppModel app;
    private final InventoryViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TableView<AssetSummary> table = new TableView<>();
    private final AssetDetailPane detailPane;
    private final TextField filterText = new TextField();
    private final CheckComboBox<AssetKind> kinds = new CheckComboBox<>(FXCollections.observableArrayList(AssetKind.values()));
    private final ComboBox<String> source = new ComboBox<>();
    private final ComboBox<String> owner = new ComboBox<>();
    private final CheckBox unowned = new CheckBox("No owner");
    private final ComboBox<RiskConcern> concern = new ComboBox<>();
    private final ChoiceBox<AssetFilter.Presence> presence = new ChoiceBox<>();
    private final Label count = new Label();
    private final PauseTransition textDebounce = new PauseTransition(Duration.millis(200));
    private final ChangeListener<Number> dataListener = (obs, old, v) -> onDataChanged();
    private final ChangeListener<AppModel.InventoryTarget> targetListener = (obs, old, target) -> {
        if (target != null) {
            onTarget(target);
        }
    };
    private final SplitPane split = new SplitPane();
    private final BooleanProperty detailShown = new SimpleBooleanProperty(true);
    private final AssetActions assetActions;
    private boolean updatingControls;
    private boolean stale = true;

    public InventoryView(AppModel app, HostServices host) {
        this.app = app;
        this.vm = new InventoryViewModel(app);
        this.assetActions = new AssetMenuViewModel(app);
        this.detailPane = new AssetDetailPane(vm, host, assetActions, app::scanModelFiles, app::syncSource);
        root.setId("inventory-view");
        root.setTop(filterBar());
        Node tableArea = tableArea();
        split.getItems().setAll(tableArea, detailPane.node());
        split.setOrientation(Orientation.HORIZONTAL);
        SplitPane.setResizableWithParent(detailPane.node(), false);
        // the detail pane starts at its preferred width; a wider window gives the table the rest
        split.widthProperty().addListener((obs, old, w) -> {
            if (old.doubleValue() == 0 && w.doubleValue() > 0) {
                placeDivider();
            }
        });
        detailShown.addListener((obs, was, shown) -> {
            if (shown) {
                split.getItems().setAll(tableArea, detailPane.node());
                placeDivider();
            } else {
                split.getItems().setAll(tableArea);
            }
        });
        root.setCenter(split);
        root.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.isShortcutDown() && e.getCode() == javafx.scene.input.KeyCode.D) {
                detailShown.set(!detailShown.get());
                e.consume();
            } else if (e.isShortcutDown() && e.getCode() == javafx.scene.input.KeyCode.L) {
                vm.showLineage();
                e.consume();
            }
        });
        vm.filterProperty().addListener((obs, old, f) -> syncControls(f));
        vm.selectIndexProperty().addListener((obs, old, index) -> {
            if (index != null && index < 0) {
                table.getSelectionModel().clearSelection();
            } else if (index != null) {
                table.getSelectionModel().clearAndSelect(index);
                table.scrollTo(Math.max(0, index - 3));
            }
        });
    }

    /** The detail pane's preferred width, in pixels. */
    static final double DETAIL_WIDTH = 440;

    private void placeDivider() {
        double w = split.getWidth();
        // a narrow window gives the detail pane less, never under its minimum (300 px)
        double detail = Math.min(DETAIL_WIDTH, Math.max(300, 0.38 * w));
        split.setDividerPositions(w <= 0 ? 0.62 : Math.max(0.5, 1 - detail / w));
    }

    InventoryViewModel viewModel() {
        return vm;
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void activate() {
        app.dataVersionProperty().addListener(dataListener);
        app.inventoryTargetProperty().addListener(targetListener);
        if (stale) {
            stale = false;
            vm.reload();
        }
        vm.entered();
        AppModel.InventoryTarget pending = app.inventoryTargetProperty().get();
        if (pending != null) {
            onTarget(pending);
        }
    }

    @Override
    public void deactivate() {
        app.dataVersionProperty().removeListener(dataListener);
        app.inventoryTargetProperty().removeListener(targetListener);
    }

    private void onDataChanged() {
        vm.dataChanged();
    }

    private void onTarget(AppModel.InventoryTarget target) {
        app.inventoryTargetProperty().set(null);
        vm.show(target.urn(), target.filter());
    }

    private Node filterBar() {
        filterText.setId("inventory-filter");
        filterText.setPromptText("Filter by text…");
        filterText.setPrefWidth(240);
        textDebounce.setOnFinished(e -> vm.filterProperty().set(vm.filterProperty().get().withText(filterText.getText())));
        filterText.textProperty().addListener((obs, old, t) -> {
            if (!updatingControls) {
                textDebounce.playFromStart();
            }
        });

        kinds.setId("kind-filter");
        kinds.setTitle("All kinds");
        kinds.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(AssetKind k) {
                return k == null ? "" : k.label();
            }

            @Override
            public AssetKind fromString(String s) {
                return null;
            }
        });
        kinds.setTooltip(new Tooltip("Only these kinds of asset"));
        kinds.getCheckModel().getCheckedItems().addListener((ListChangeListener<AssetKind>) c -> {
            if (!updatingControls) {
                Set<AssetKind> set = EnumSet.noneOf(AssetKind.class);
                set.addAll(kinds.getCheckModel().getCheckedItems());
                vm.filterProperty().set(vm.filterProperty().get().withKinds(set));
            }
            updateKindsTitle(vm.filterProperty().get().kinds());
        });

        source.setId("source-filter");
        source.setPromptText("All sources");
        source.setItems(vm.sources());
        source.valueProperty().addListener((obs, old, v) -> {
            if (!updatingControls) {
                vm.filterProperty().set(vm.filterProperty().get().withSource(v));
            }
        });

        owner.setId("owner-filter");
        owner.setPromptText("Any owner");
        owner.setEditable(true);
        owner.setItems(vm.owners());
        owner.valueProperty().addListener((obs, old, v) -> {
            if (!updatingControls) {
                vm.filterProperty().set(vm.filterProperty().get().withOwner(v));
            }
        });

        unowned.setId("unowned-filter");
        unowned.setTooltip(new Tooltip("Only assets nobody owns"));
        unowned.selectedProperty().addListener((obs, was, on) -> {
            if (!updatingControls) {
                vm.filterProperty().set(vm.filterProperty().get().withUnowned(on));
            }
        });

        concern.setId("risk-filter");
        concern.getItems().add(null);
        concern.getItems().addAll(RiskConcern.values());
        concern.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(RiskConcern c) {
                return c == null ? "Any or no risk" : c.label();
            }

            @Override
            public RiskConcern fromString(String s) {
                return null;
            }
        });
        concern.setPromptText("Any or no risk");
        concern.setTooltip(new Tooltip("Only assets with this risk (the risk model's reasons; the dashboard's figures open here)"));
        concern.valueProperty().addListener((obs, old, v) -> {
            if (!updatingControls) {
                vm.filterProperty().set(vm.filterProperty().get().withConcern(v));
            }
        });

        presence.setId("presence-filter");
        presence.getItems().setAll(AssetFilter.Presence.values());
        presence.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(AssetFilter.Presence p) {
                return p == null ? "" : switch (p) {
                    case PRESENT -> "Present";
                    case GONE -> "Gone";
                    case ALL -> "Present and gone";
                };
            }

            @Override
            public AssetFilter.Presence fromString(String s) {
                return AssetFilter.Presence.valueOf(s);
            }
        });
        presence.setValue(AssetFilter.Presence.PRESENT);
        presence.valueProperty().addListener((obs, old, v) -> {
            if (!updatingControls && v != null) {
                vm.filterProperty().set(vm.filterProperty().get().withPresence(v));
            }
        });

        Button clear = new Button("Clear", new FontIcon(Feather.X));
        clear.setId("clear-filters");
        clear.getStyleClass().add(Styles.FLAT);
        clear.setOnAction(e -> vm.filterProperty().set(AssetFilter.all()));

        count.setId("inventory-count");
        count.getStyleClass().add("text-muted");
        count.textProperty().bind(vm.totalProperty().map(n -> Formats.count(n.longValue()) + (n.longValue() == 1 ? " asset" : " assets")));
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(16, 16);
        busy.visibleProperty().bind(vm.loadingProperty());

        filterText.setPrefWidth(220);
        kinds.setPrefWidth(150);
        source.setPrefWidth(150);
        owner.setPrefWidth(170);
        presence.setPrefWidth(150);
        concern.setPrefWidth(190);
        for (Region r : new Region[] {filterText, kinds, unowned, clear, count, source, owner, presence, concern}) {
            r.setMinWidth(Region.USE_PREF_SIZE);
        }
        ToggleButton details = new ToggleButton(null, new FontIcon(Feather.SIDEBAR));
        details.setId("toggle-detail");
        details.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        details.setTooltip(new Tooltip("Show or hide the detail pane (Ctrl+D)"));
        details.selectedProperty().bindBidirectional(detailShown);
        Button export = dev.tightrope.ui.common.TableExports.button("inventory-export", "the rows shown", "inventory.csv", vm::export);
        HBox status = new HBox(8, busy, count, bulkAssignButton(), inheritToggle(), export, details);
        status.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        // the filters wrap onto a second line in a narrow window instead of pushing the table out of it
        FlowPane filters = new FlowPane(8, 6, new FontIcon(Feather.FILTER), filterText, kinds, source, owner, unowned, concern, presence, clear);
        filters.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        filters.setMinWidth(0);
        filters.setPrefWrapLength(600);
        HBox.setHgrow(filters, Priority.ALWAYS);
        HBox bar = new HBox(8, filters, status);
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        bar.getStyleClass().add("filter-bar");
        return bar;
    }

    /**
     * Assigns an owner to the rows selected (when more than one is) or else to every asset the
     * filter shows, after a confirmation that says how many.
     */
    private Button bulkAssignButton() {
        Button button = new Button(null, new FontIcon(Feather.USER_PLUS));
        button.setId("bulk-assign-owner");
        button.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        Tooltip tip = new Tooltip();
        button.setTooltip(tip);
        javafx.collections.ObservableList<Integer> selected = table.getSelectionModel().getSelectedIndices();
        tip.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> selected.size() > 1
                ? "Assign an owner to the " + selected.size() + " selected assets" : "Assign an owner to every asset shown", selected));
        button.disableProperty().bind(vm.totalProperty().isEqualTo(0));
        button.setOnAction(e -> {
            List<Integer> rows = selected.size() > 1 ? List.copyOf(selected) : List.of();
            long n = rows.isEmpty() ? vm.totalProperty().get() : rows.size();
            String which = rows.isEmpty() ? "the " + Formats.count(n) + " assets shown" : "the " + Formats.count(n) + " selected assets";
            OwnerDialog dialog = new OwnerDialog(which, List.copyOf(vm.owners()));
            dialog.initOwner(button.getScene().getWindow());
            dialog.showAndWait().ifPresent(a -> {
                javafx.scene.control.Alert confirm = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION,
                        "Assign " + a.owner() + " as " + a.role().label() + " of " + Formats.count(n) + (n == 1 ? " asset?" : " assets?"),
                        javafx.scene.control.ButtonType.OK, javafx.scene.control.ButtonType.CANCEL);
                confirm.setHeaderText(rows.isEmpty() ? "Assign to every asset shown" : "Assign to the selected assets");
                confirm.getDialogPane().setId("bulk-assign-confirm");
                confirm.initOwner(button.getScene().getWindow());
                confirm.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.OK).ifPresent(b -> {
                    if (rows.isEmpty()) {
                        vm.assignToFiltered(a.owner(), a.type(), a.role(), n);
                    } else {
                        vm.assignToRows(rows, a.owner(), a.type(), a.role());
                    }
                });
            });
        });
        return button;
    }

    /** Ownership inherited along lineage: off until the user turns it on. */
    private javafx.scene.control.CheckBox inheritToggle() {
        javafx.scene.control.CheckBox inherit = new javafx.scene.control.CheckBox("Inherit owners");
        inherit.setId("inherit-owners");
        inherit.setTooltip(new Tooltip("Assets without an owner show their nearest upstream owners (up to 3 lineage steps), marked inherited"));
        inherit.setSelected(vm.inheritOwnersProperty().get());
        vm.inheritOwnersProperty().addListener((obs, old, on) -> inherit.setSelected(on));
        inherit.selectedProperty().addListener((obs, old, on) -> vm.setInheritOwners(on));
        vm.loadInheritance();
        inherit.setMinWidth(Region.USE_PREF_SIZE);
        return inherit;
    }

    private void syncControls(AssetFilter f) {
        updatingControls = true;
        try {
            if (!java.util.Objects.equals(filterText.getText().isBlank() ? null : filterText.getText().strip(), f.text())) {
                filterText.setText(f.text() == null ? "" : f.text());
            }
            for (AssetKind k : AssetKind.values()) {
                if (f.kinds().contains(k) != kinds.getCheckModel().isChecked(k)) {
                    if (f.kinds().contains(k)) {
                        kinds.getCheckModel().check(k);
                    } else {
                        kinds.getCheckModel().clearCheck(k);
                    }
                }
            }
            updateKindsTitle(f.kinds());
            source.setValue(f.source());
            owner.setValue(f.owner());
            unowned.setSelected(f.unowned());
            concern.setValue(f.concern());
            presence.setValue(f.gone());
        } finally {
            updatingControls = false;
        }
    }

    private void updateKindsTitle(Set<AssetKind> selected) {
        kinds.setTitle(selected.isEmpty() ? "All kinds" : selected.size() == 1 ? selected.iterator().next().label() : selected.size() + " kinds");
    }

    private Node tableArea() {
        table.setId("inventory-table");
        table.setItems(vm.rows());
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.setFixedCellSize(30);
        table.getStyleClass().add(Styles.STRIPED);
        table.setTableMenuButtonVisible(true);

        TableColumn<AssetSummary, AssetSummary> kind = column("Kind", AssetSort.Column.KIND, Badges.widestKindBadge());
        kind.setMinWidth(Badges.widestKindBadge());
        kind.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(AssetSummary a, boolean empty) {
                super.updateItem(a, empty);
                if (empty || a == null || placeholder(a)) {
                    setGraphic(null);
                    return;
                }
                Label badge = Badges.kind(a.kind());
                setGraphic(badge);
            }
        });
        TableColumn<AssetSummary, AssetSummary> name = column("Name", AssetSort.Column.NAME, 260);
        name.setMinWidth(140);
        name.setCellFactory(c -> textCell(a -> a.name(), a -> a == PagedAssetList.LOADING ? "text-muted"
                : a == PagedAssetList.FAILED ? "text-danger" : a.goneAt() != null ? "gone" : null, OverrunStyle.CENTER_ELLIPSIS));
        TableColumn<AssetSummary, AssetSummary> owners = column("Owners", AssetSort.Column.OWNERS, 150);
        owners.setMinWidth(90);
        owners.setCellFactory(c -> textCell(a -> placeholder(a) ? "" : a.owners() == null ? "No owner" : a.owners(),
                a -> a.owners() == null && !placeholder(a) ? "text-warning" : null));
        TableColumn<AssetSummary, AssetSummary> risk = column("Risk", AssetSort.Column.RISK, Badges.widestSeverityBadge());
        risk.setMinWidth(Badges.widestSeverityBadge());
        risk.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(AssetSummary a, boolean empty) {
                super.updateItem(a, empty);
                if (empty || a == null || a.worstFinding() == null) {
                    setGraphic(null);
                    return;
                }
                setGraphic(severityBadge(a.worstFinding()));
            }
        });
        TableColumn<AssetSummary, AssetSummary> src = column("Source", AssetSort.Column.SOURCE, 120);
        src.setMinWidth(80);
        src.setCellFactory(c -> textCell(a -> a.source() == null ? "" : a.source(), a -> null, OverrunStyle.CENTER_ELLIPSIS));
        TableColumn<AssetSummary, AssetSummary> seen = column("Last seen", AssetSort.Column.LAST_SEEN, 96);
        seen.setMinWidth(76);
        Instant now = Instant.now();
        seen.setCellFactory(c -> textCell(a -> a.goneAt() != null ? "gone " + Formats.ago(a.goneAt(), now) : Formats.ago(a.lastSeen(), now),
                a -> a.goneAt() != null ? "gone" : "text-muted"));
        table.getColumns().setAll(java.util.List.of(kind, name, owners, risk, src, seen));
        fillWithName(name);

        table.setSortPolicy(t -> true);
        table.getSortOrder().addListener((ListChangeListener<TableColumn<AssetSummary, ?>>) ch -> applySort());
        for (TableColumn<AssetSummary, ?> col : table.getColumns()) {
            col.sortTypeProperty().addListener((obs, old, t) -> applySort());
        }
        // several rows (Shift/Ctrl+click) can be given an owner at once; the detail shows the row last chosen
        table.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> vm.selectRow(row));

        Label emptyTitle = new Label("No assets match");
        emptyTitle.getStyleClass().add(Styles.TITLE_4);
        Label emptyHint = new Label("Clear the filters, or add a source and sync it.");
        emptyHint.getStyleClass().add("text-muted");
        Button clear = new Button("Clear filters");
        clear.setOnAction(e -> vm.filterProperty().set(AssetFilter.all()));
        VBox placeholder = new VBox(8, new FontIcon(Feather.INBOX), emptyTitle, emptyHint, clear);
        placeholder.getStyleClass().add("empty-state");
        table.setPlaceholder(placeholder);
        table.setRowFactory(tv -> {
            TableRow<AssetSummary> row = new TableRow<>();
            AssetMenu.install(row, () -> row.isEmpty() || row.getItem() == null || placeholder(row.getItem()) ? null
                    : AssetRef.of(row.getItem().urn(), row.getItem().name()), assetActions, false);
            return row;
        });
        VBox area = new VBox(loadErrorBar(), pinnedBar(), table);
        VBox.setVgrow(table, Priority.ALWAYS);
        return area;
    }

    /**
     * The asset on show that the filters hide (opened by a link, search or Back): shown above the
     * table with what hides it, instead of silently changing the user's filters.
     */
    private Node pinnedBar() {
        HBox bar = new HBox(8);
        bar.setId("pinned-asset");
        bar.getStyleClass().add("pinned-bar");
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        vm.pinnedProperty().addListener((obs, old, p) -> {
            bar.getChildren().clear();
            if (p == null) {
                return;
            }
            Label name = new Label(p.name());
            name.setId("pinned-name");
            name.getStyleClass().add(Styles.TEXT_BOLD);
            name.setWrapText(true);
            name.setTooltip(new Tooltip(p.urn()));
            Label reason = new Label(p.reason());
            reason.setId("pinned-reason");
            reason.setWrapText(true);
            VBox text = new VBox(2, name, reason);
            text.setMinWidth(120);
            text.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(text, Priority.ALWAYS);
            Button widen = new Button("Show in the table", new FontIcon(Feather.FILTER));
            widen.setId("pinned-widen");
            widen.getStyleClass().add(Styles.SMALL);
            widen.setMinWidth(Region.USE_PREF_SIZE);
            widen.setTooltip(new Tooltip("Widen only " + InventoryViewModel.partsInWords(vm.filterProperty().get(), p.hiddenBy())
                    + "; the other filters stay"));
            widen.setOnAction(e -> vm.showPinnedInTable());
            Button dismiss = new Button(null, new FontIcon(Feather.X));
            dismiss.setId("pinned-dismiss");
            dismiss.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
            dismiss.setTooltip(new Tooltip("Stop showing this asset"));
            dismiss.setOnAction(e -> vm.dismissPinned());
            FontIcon pin = new FontIcon(Feather.MAP_PIN);
            Label kind = Badges.kind(p.kind());
            kind.setMinWidth(Region.USE_PREF_SIZE);
            bar.getChildren().addAll(pin, kind, text, widen, dismiss);
            AssetMenu.install(name, () -> AssetRef.of(p.urn(), p.name()), assetActions, false);
        });
        bar.visibleProperty().bind(vm.pinnedProperty().isNotNull());
        bar.managedProperty().bind(bar.visibleProperty());
        return bar;
    }

    /** What could not be read, with Retry; hidden while everything loads. */
    private Node loadErrorBar() {
        Label text = new Label();
        text.setId("inventory-load-error");
        text.setWrapText(true);
        text.textProperty().bind(vm.loadErrorProperty());
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMaxWidth(Double.MAX_VALUE);
        Button retry = new Button("Retry", new FontIcon(Feather.ROTATE_CW));
        retry.setId("inventory-retry");
        retry.getStyleClass().add(Styles.SMALL);
        retry.setOnAction(e -> vm.retry());
        HBox bar = new HBox(8, new FontIcon(Feather.ALERT_OCTAGON), text, retry);
        bar.getStyleClass().add("load-error-bar");
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        bar.visibleProperty().bind(vm.loadErrorProperty().isNotNull());
        bar.managedProperty().bind(bar.visibleProperty());
        return bar;
    }

    /**
     * The name column takes what the others leave, down to its minimum; below that the table
     * scrolls sideways instead of cutting every column. The other columns keep the widths the
     * user gives them.
     */
    private void fillWithName(TableColumn<AssetSummary, ?> name) {
        java.util.List<javafx.beans.Observable> inputs = new java.util.ArrayList<>();
        inputs.add(table.widthProperty());
        inputs.add(table.getVisibleLeafColumns());
        for (TableColumn<AssetSummary, ?> c : table.getColumns()) {
            if (c != name) {
                inputs.add(c.widthProperty());
            }
        }
        // 18 px: the vertical scroll bar and the table's border
        name.prefWidthProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(() -> {
            double others = table.getVisibleLeafColumns().stream().filter(c -> c != name).mapToDouble(TableColumn::getWidth).sum();
            return Math.max(name.getMinWidth(), table.getWidth() - others - 18);
        }, inputs.toArray(javafx.beans.Observable[]::new)));
    }

    private TableColumn<AssetSummary, AssetSummary> column(String title, AssetSort.Column sortColumn, double width) {
        TableColumn<AssetSummary, AssetSummary> col = new TableColumn<>(title);
        col.setUserData(sortColumn);
        col.setPrefWidth(width);
        col.setCellValueFactory(cd -> new javafx.beans.property.ReadOnlyObjectWrapper<>(cd.getValue()));
        col.setSortable(true);
        return col;
    }

    private void applySort() {
        if (table.getSortOrder().isEmpty()) {
            vm.sortProperty().set(AssetSort.byName());
            return;
        }
        TableColumn<AssetSummary, ?> first = table.getSortOrder().get(0);
        vm.sortProperty().set(new AssetSort((AssetSort.Column) first.getUserData(), first.getSortType() == TableColumn.SortType.ASCENDING));
    }

    /** One tooltip per distinct text, shared by the cells that show it. */
    private static final java.util.Map<String, Tooltip> TOOLTIPS = new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Tooltip> eldest) {
            return size() > 512;
        }
    };

    private static Tooltip tooltip(String text) {
        return TOOLTIPS.computeIfAbsent(text, Tooltip::new);
    }

    /** A row standing in for one not read yet, or one that could not be read. */
    private static boolean placeholder(AssetSummary a) {
        return a == PagedAssetList.LOADING || a == PagedAssetList.FAILED;
    }

    static Label severityBadge(Severity s) {
        return Badges.severity(s);
    }

    private static TableCell<AssetSummary, AssetSummary> textCell(java.util.function.Function<AssetSummary, String> text,
                                                                  java.util.function.Function<AssetSummary, String> style) {
        return textCell(text, style, OverrunStyle.ELLIPSIS);
    }

    /** A text cell; {@code overrun} CENTER_ELLIPSIS for names and paths, whose ends tell them apart. */
    private static TableCell<AssetSummary, AssetSummary> textCell(java.util.function.Function<AssetSummary, String> text,
                                                                  java.util.function.Function<AssetSummary, String> style,
                                                                  OverrunStyle overrun) {
        return new TableCell<>() {
            private String applied;

            @Override
            protected void updateItem(AssetSummary a, boolean empty) {
                super.updateItem(a, empty);
                if (applied != null) {
                    getStyleClass().remove(applied);
                    applied = null;
                }
                if (empty || a == null) {
                    setText(null);
                    return;
                }
                String value = text.apply(a);
                setText(value);
                setTextOverrun(overrun);
                setTooltip(value == null || value.isEmpty() ? null : tooltip(value));
                String s = style.apply(a);
                if (s != null) {
                    getStyleClass().add(s);
                    applied = s;
                }
            }
        };
    }
}
