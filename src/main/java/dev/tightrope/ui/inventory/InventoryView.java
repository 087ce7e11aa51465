package dev.tightrope.ui.inventory;

import atlantafx.base.theme.Styles;
import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetSort;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.Severity;
import dev.tightrope.ui.common.Badges;
import dev.tightrope.ui.common.ConsoleView;
import dev.tightrope.ui.common.Formats;
import dev.tightrope.ui.shell.AppModel;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import javafx.animation.PauseTransition;
import javafx.application.HostServices;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
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
    private final MenuButton kinds = new MenuButton("All kinds");
    private final ComboBox<String> source = new ComboBox<>();
    private final ComboBox<String> owner = new ComboBox<>();
    private final CheckBox unowned = new CheckBox("No owner");
    private final ChoiceBox<AssetFilter.Presence> presence = new ChoiceBox<>();
    private final Label count = new Label();
    private final PauseTransition textDebounce = new PauseTransition(Duration.millis(200));
    private final ChangeListener<Number> dataListener = (obs, old, v) -> onDataChanged();
    private final ChangeListener<String> revealListener = (obs, old, urn) -> {
        if (urn != null) {
            onReveal(urn);
        }
    };
    private boolean updatingControls;
    private boolean stale = true;

    public InventoryView(AppModel app, HostServices host) {
        this.app = app;
        this.vm = new InventoryViewModel(app);
        this.detailPane = new AssetDetailPane(vm, host, app::revealAsset, app::scanModelFiles, app::syncSource);
        root.setId("inventory-view");
        root.setTop(filterBar());
        SplitPane split = new SplitPane(tableArea(), detailPane.node());
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.57);
        SplitPane.setResizableWithParent(detailPane.node(), false);
        root.setCenter(split);
        vm.filterProperty().addListener((obs, old, f) -> syncControls(f));
        vm.selectIndexProperty().addListener((obs, old, index) -> {
            if (index != null) {
                table.getSelectionModel().clearAndSelect(index);
                table.scrollTo(Math.max(0, index - 3));
            }
        });
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
        app.revealAssetProperty().addListener(revealListener);
        String pending = app.revealAssetProperty().get();
        if (pending != null) {
            onReveal(pending);
        } else if (stale) {
            stale = false;
            vm.reload();
        }
    }

    @Override
    public void deactivate() {
        app.dataVersionProperty().removeListener(dataListener);
        app.revealAssetProperty().removeListener(revealListener);
    }

    private void onDataChanged() {
        vm.dataChanged();
    }

    private void onReveal(String urn) {
        stale = false;
        app.revealAssetProperty().set(null);
        vm.reveal(urn);
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
        for (AssetKind k : AssetKind.values()) {
            CheckMenuItem item = new CheckMenuItem(k.label());
            item.setId("kind-" + k.token());
            item.setUserData(k);
            item.selectedProperty().addListener((obs, was, on) -> {
                if (!updatingControls) {
                    Set<AssetKind> set = EnumSet.noneOf(AssetKind.class);
                    set.addAll(vm.filterProperty().get().kinds());
                    if (on) {
                        set.add(k);
                    } else {
                        set.remove(k);
                    }
                    vm.filterProperty().set(vm.filterProperty().get().withKinds(set));
                }
            });
            kinds.getItems().add(item);
        }

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

        filterText.setMinWidth(140);
        source.setPrefWidth(150);
        owner.setPrefWidth(170);
        presence.setPrefWidth(150);
        for (Region r : new Region[] {kinds, unowned, clear, count, source, owner, presence}) {
            r.setMinWidth(Region.USE_PREF_SIZE);
        }
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, new FontIcon(Feather.FILTER), filterText, kinds, source, owner, unowned, presence, clear, spacer, busy, count);
        bar.getStyleClass().add("filter-bar");
        return bar;
    }

    private void syncControls(AssetFilter f) {
        updatingControls = true;
        try {
            if (!java.util.Objects.equals(filterText.getText().isBlank() ? null : filterText.getText().strip(), f.text())) {
                filterText.setText(f.text() == null ? "" : f.text());
            }
            for (var item : kinds.getItems()) {
                ((CheckMenuItem) item).setSelected(f.kinds().contains((AssetKind) item.getUserData()));
            }
            kinds.setText(f.kinds().isEmpty() ? "All kinds" : f.kinds().size() == 1 ? f.kinds().iterator().next().label() : f.kinds().size() + " kinds");
            source.setValue(f.source());
            owner.setValue(f.owner());
            unowned.setSelected(f.unowned());
            presence.setValue(f.gone());
        } finally {
            updatingControls = false;
        }
    }

    private Node tableArea() {
        table.setId("inventory-table");
        table.setItems(vm.rows());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setFixedCellSize(30);
        table.getStyleClass().add(Styles.STRIPED);

        TableColumn<AssetSummary, AssetSummary> kind = column("Kind", AssetSort.Column.KIND, 150);
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
        name.setCellFactory(c -> textCell(a -> a.name(), a -> a == PagedAssetList.LOADING ? "text-muted"
                : a == PagedAssetList.FAILED ? "text-danger" : a.goneAt() != null ? "gone" : null));
        TableColumn<AssetSummary, AssetSummary> owners = column("Owners", AssetSort.Column.OWNERS, 200);
        owners.setCellFactory(c -> textCell(a -> placeholder(a) ? "" : a.owners() == null ? "No owner" : a.owners(),
                a -> a.owners() == null && !placeholder(a) ? "text-warning" : null));
        TableColumn<AssetSummary, AssetSummary> risk = column("Risk", AssetSort.Column.RISK, 100);
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
        TableColumn<AssetSummary, AssetSummary> src = column("Source", AssetSort.Column.SOURCE, 140);
        src.setCellFactory(c -> textCell(a -> a.source() == null ? "" : a.source(), a -> null));
        TableColumn<AssetSummary, AssetSummary> seen = column("Last seen", AssetSort.Column.LAST_SEEN, 130);
        Instant now = Instant.now();
        seen.setCellFactory(c -> textCell(a -> a.goneAt() != null ? "gone " + Formats.ago(a.goneAt(), now) : Formats.ago(a.lastSeen(), now),
                a -> a.goneAt() != null ? "gone" : "text-muted"));
        table.getColumns().setAll(java.util.List.of(kind, name, owners, risk, src, seen));

        table.setSortPolicy(t -> true);
        table.getSortOrder().addListener((ListChangeListener<TableColumn<AssetSummary, ?>>) ch -> applySort());
        for (TableColumn<AssetSummary, ?> col : table.getColumns()) {
            col.sortTypeProperty().addListener((obs, old, t) -> applySort());
        }
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
        VBox area = new VBox(loadErrorBar(), table);
        VBox.setVgrow(table, Priority.ALWAYS);
        return area;
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

    /** A row standing in for one not read yet, or one that could not be read. */
    private static boolean placeholder(AssetSummary a) {
        return a == PagedAssetList.LOADING || a == PagedAssetList.FAILED;
    }

    static Label severityBadge(Severity s) {
        return Badges.severity(s);
    }

    private static TableCell<AssetSummary, AssetSummary> textCell(java.util.function.Function<AssetSummary, String> text,
                                                                  java.util.function.Function<AssetSummary, String> style) {
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
                setText(text.apply(a));
                String s = style.apply(a);
                if (s != null) {
                    getStyleClass().add(s);
                    applied = s;
                }
            }
        };
    }
}
