package dev.tightrope.ui.sources;

import atlantafx.base.theme.Styles;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.SourceStatus;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.ui.common.Badges;
import dev.tightrope.ui.common.RefreshingView;
import dev.tightrope.ui.common.Tables;
import dev.tightrope.ui.common.Formats;
import dev.tightrope.ui.shell.AppModel;
import java.time.Duration;
import java.time.Instant;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** Configured sources: last run status, counts and errors; add, remove, sync with progress and cancel. */
public final class SourcesView extends RefreshingView {
    private final SourcesViewModel vm;
    private final BorderPane root = new BorderPane();
    /** The toggle's state: what the user asked for, set back to what runs when starting fails. */
    private final BooleanProperty liveSelected = new SimpleBooleanProperty();

    public SourcesView(AppModel app) {
        super(app.dataVersionProperty());
        this.vm = new SourcesViewModel(app);
        root.setId("sources-view");
        root.setTop(toolbar());
        SplitPane split = new SplitPane(sourcesTable(), history());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.45);
        root.setCenter(split);
        root.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (SourceDialog.TEST_SHORTCUT.match(e) && vm.selectedProperty().get() != null && !vm.selectedTest().runningProperty().get()) {
                e.consume();
                vm.testSelected();
            }
        });
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    protected void refresh() {
        vm.refresh();
    }

    private Node toolbar() {
        Label title = new Label("Sources");
        title.getStyleClass().add(Styles.TITLE_3);
        Button add = new Button("Add source…", new FontIcon(Feather.PLUS));
        add.setId("add-source");
        add.setOnAction(e -> addSource());
        Button remove = new Button("Remove", new FontIcon(Feather.TRASH_2));
        remove.setId("remove-source");
        remove.disableProperty().bind(vm.selectedProperty().isNull().or(vm.busyProperty()));
        remove.setOnAction(e -> removeSelected());
        Button sync = new Button("Sync", new FontIcon(Feather.REFRESH_CW));
        sync.setId("sync-source");
        // no accent colour: the buttons are flat, and accent text on no background reads as disabled
        sync.getStyleClass().add(Styles.TEXT_BOLD);
        sync.disableProperty().bind(vm.selectedProperty().isNull().or(vm.busyProperty()));
        sync.setTooltip(new Tooltip("Sync the selected source"));
        sync.setOnAction(e -> vm.sync(vm.selectedProperty().get().config().name(), false));
        Button full = new Button("Full re-read", new FontIcon(Feather.ROTATE_CW));
        full.setId("sync-source-full");
        full.disableProperty().bind(vm.selectedProperty().isNull().or(vm.busyProperty()));
        full.setTooltip(new Tooltip("Read everything again, ignoring the incremental cursor, and mark what is missing as gone"));
        full.setOnAction(e -> vm.sync(vm.selectedProperty().get().config().name(), true));
        Button all = new Button("Sync all", new FontIcon(Feather.REFRESH_CCW));
        all.setId("sync-all");
        all.disableProperty().bind(vm.busyProperty());
        all.setTooltip(new Tooltip("Sync every source (Ctrl+Shift+S)"));
        all.setOnAction(e -> vm.sync(null, false));
        Button cancel = new Button("Cancel", new FontIcon(Feather.X_CIRCLE));
        cancel.setId("cancel-sync");
        cancel.visibleProperty().bind(vm.busyProperty());
        cancel.managedProperty().bind(vm.busyProperty());
        cancel.setOnAction(e -> vm.cancelSync());
        Button test = new Button("Test connection", new FontIcon(Feather.ACTIVITY));
        test.setId("test-source");
        test.setTooltip(new Tooltip("One cheap call to the selected source to see that it answers and its credentials work;"
                + " nothing is imported (Ctrl+Shift+T)"));
        test.disableProperty().bind(vm.selectedProperty().isNull().or(vm.selectedTest().runningProperty()));
        test.setOnAction(e -> vm.testSelected());
        Button edit = new Button("Edit…", new FontIcon(Feather.EDIT_2));
        edit.setId("edit-source");
        edit.setTooltip(new Tooltip("Change the selected source's settings (its name and type stay)"));
        edit.disableProperty().bind(vm.selectedProperty().isNull());
        edit.setOnAction(e -> editSelected());
        Button scan = new Button("Scan model files…", new FontIcon(Feather.SHIELD));
        scan.setId("scan-folder");
        scan.setTooltip(new Tooltip("Scan a folder of model files for malicious content, without executing anything"));
        scan.disableProperty().bind(vm.busyProperty());
        scan.setOnAction(e -> {
            java.io.File chosen = new javafx.stage.DirectoryChooser().showDialog(root.getScene().getWindow());
            if (chosen != null) {
                vm.scanModelFiles(chosen.toPath());
            }
        });
        for (Button b : new Button[] {add, scan, remove, sync, full, all, cancel, test, edit}) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        title.setMinWidth(Region.USE_PREF_SIZE);
        // the buttons wrap onto a second line in a narrow window: every action stays in view, none behind an overflow chevron
        for (Button b : new Button[] {add, scan, remove, sync, full, all, cancel, test, edit}) {
            b.getStyleClass().add(atlantafx.base.theme.Styles.FLAT);
        }
        javafx.scene.layout.FlowPane buttons = new javafx.scene.layout.FlowPane(4, 4, add, scan, new Separator(Orientation.VERTICAL),
                sync, full, all, cancel, new Separator(Orientation.VERTICAL), test, edit, remove);
        buttons.setId("sources-toolbar");
        buttons.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        HBox.setHgrow(buttons, Priority.ALWAYS);
        buttons.setMinWidth(0);
        buttons.setPrefWrapLength(600);
        HBox bar = new HBox(8, title, buttons);
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        bar.getStyleClass().add("view-toolbar");
        Node live = liveLineage();
        live.getStyleClass().add("view-toolbar");
        HBox tested = ConnectionResultLine.of(vm.selectedTest(), "selected-test-result", true);
        tested.getStyleClass().add("view-toolbar");
        // shown for the selected source only: the model forgets an answer when another is selected
        tested.visibleProperty().unbind();
        tested.visibleProperty().bind(vm.selectedProperty().isNotNull()
                .and(vm.selectedTest().runningProperty().or(vm.selectedTest().resultProperty().isNotNull())));
        return new VBox(bar, ConnectionResultLine.collapsing(tested), live);
    }

    /** Turns the live OpenLineage endpoint on and off, and shows where emitters should send events. */
    private Node liveLineage() {
        ToggleButton toggle = new ToggleButton("Live OpenLineage", new FontIcon(Feather.RADIO));
        toggle.setId("live-lineage-toggle");
        toggle.setTooltip(new Tooltip("Receive OpenLineage events from Spark, Airflow, dbt or MLflow at a loopback address"));
        toggle.selectedProperty().bindBidirectional(liveSelected);
        toggle.disableProperty().bind(vm.liveChangingProperty());
        TextField port = new TextField();
        port.setId("live-lineage-port");
        port.setPrefColumnCount(5);
        port.textProperty().bindBidirectional(vm.livePortProperty());
        port.disableProperty().bind(vm.liveRunningProperty().or(vm.liveChangingProperty()));
        Label endpoint = new Label();
        endpoint.setId("live-lineage-endpoint");
        endpoint.getStyleClass().addAll("mono", "text-muted");
        endpoint.textProperty().bind(vm.liveEndpointProperty());
        endpoint.managedProperty().bind(vm.liveEndpointProperty().isNotNull());
        vm.liveRunningProperty().addListener((obs, was, on) -> liveSelected.set(on));
        Button emitter = new Button("Emitter settings…", new FontIcon(Feather.SETTINGS));
        emitter.setId("live-lineage-settings");
        emitter.getStyleClass().add(Styles.SMALL);
        emitter.setTooltip(new Tooltip("The URL and API key to configure in your OpenLineage client"));
        emitter.visibleProperty().bind(vm.emitterSettingsProperty().isNotNull());
        emitter.managedProperty().bind(emitter.visibleProperty());
        emitter.setMinWidth(Region.USE_PREF_SIZE);
        emitter.setOnAction(e -> {
            EmitterSettingsDialog dialog = new EmitterSettingsDialog(vm.emitterSettingsProperty().get());
            dialog.initOwner(root.getScene().getWindow());
            dialog.show();
        });
        Label counts = new Label();
        counts.setId("live-lineage-counts");
        counts.getStyleClass().add("text-muted");
        counts.setMinWidth(Region.USE_PREF_SIZE);
        Tooltip countsTip = new Tooltip();
        counts.setTooltip(countsTip);
        vm.liveStatusProperty().addListener((obs, old, st) -> {
            boolean show = st != null && (st.running() || st.acceptedEvents() > 0 || st.refusals().total() > 0);
            counts.setVisible(show);
            counts.setManaged(show);
            if (show) {
                counts.setText(Formats.count(st.acceptedEvents()) + " events · " + Formats.count(st.refusals().total()) + " refused");
                countsTip.setText("Refused before reading: " + st.refusals().browserOrigin() + " from a web page (Origin), "
                        + st.refusals().foreignHost() + " for another host (DNS rebinding), " + st.refusals().notJson()
                        + " not JSON, " + st.refusals().badToken() + " without the right API key");
            }
        });
        toggle.setOnAction(e -> {
            if (toggle.isSelected()) {
                vm.startLive();
            } else {
                vm.stopLive();
            }
        });
        Label hint = new Label("Receive events from Spark, Airflow, dbt, MLflow at a loopback address (POST /api/v1/lineage)");
        hint.getStyleClass().add("text-muted");
        hint.setMinWidth(0);
        hint.setTooltip(new Tooltip(hint.getText()));
        toggle.setMinWidth(Region.USE_PREF_SIZE);
        port.setMinWidth(Region.USE_PREF_SIZE);
        endpoint.setMinWidth(Region.USE_PREF_SIZE);
        Label portLabel = new Label("port");
        portLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox box = new HBox(8, toggle, portLabel, port, endpoint, emitter, counts, hint);
        box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return box;
    }

    private Node sourcesTable() {
        TableView<SourceStatus> table = new TableView<>(vm.sources());
        table.setId("sources-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<SourceStatus, String> name = Tables.text("Name", 170, s -> s.config().name());
        name.setMinWidth(140);
        table.getColumns().add(name);
        table.getColumns().add(Tables.text("Type", 130, s -> s.config().type())); // "github-actions" whole
        table.getColumns().add(Tables.text("Assets", 80, s -> Formats.count(s.assets())));
        table.getColumns().add(Tables.text("Gone", 60, s -> Formats.count(s.gone())));
        TableColumn<SourceStatus, SourceStatus> status = new TableColumn<>("Last sync");
        status.setPrefWidth(190);
        status.setMinWidth(Badges.widestStatusBadge());
        status.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue()));
        status.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(SourceStatus s, boolean empty) {
                super.updateItem(s, empty);
                setGraphic(empty || s == null ? null : statusBadge(s.lastRun() == null ? null : s.lastRun().status()));
            }
        });
        table.getColumns().add(status);
        Instant now = Instant.now();
        table.getColumns().add(Tables.text("When", 100, s -> s.lastRun() == null ? "" : Formats.ago(s.lastRun().startedAt(), now)));
        TableColumn<SourceStatus, String> open = Tables.text("Problems", 80, s -> s.lastRun() == null ? "" : Formats.count(s.openProblems()));
        // not only the last run's: a record an earlier run could not read stays a problem until a full re-read reads it
        open.setId("sources-open-problems");
        table.getColumns().add(open);
        table.getColumns().add(Tables.text("Message", 260, s -> s.lastRun() == null || s.lastRun().message() == null ? "" : s.lastRun().message()));
        table.getColumns().add(Tables.text("Settings", 300, OverrunStyle.CENTER_ELLIPSIS, s -> String.join("  ",
                s.config().settings().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())));
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, s) -> {
            if (s != null) {
                vm.selectedProperty().set(s);
            }
        });
        vm.selectedProperty().addListener((obs, old, s) -> {
            if (s != null && table.getSelectionModel().getSelectedItem() != s) {
                table.getSelectionModel().select(s);
            }
        });
        javafx.scene.control.ContextMenu menu = sourceMenu();
        table.setRowFactory(t -> {
            javafx.scene.control.TableRow<SourceStatus> row = new javafx.scene.control.TableRow<>();
            row.contextMenuProperty().bind(javafx.beans.binding.Bindings.when(row.emptyProperty())
                    .then((javafx.scene.control.ContextMenu) null).otherwise(menu));
            return row;
        });
        Label title = new Label("No sources yet");
        title.getStyleClass().add(Styles.TITLE_4);
        Label hint = new Label("Add an OpenLineage export or event directory, or load the demo workspace from the Overview.");
        hint.getStyleClass().add("text-muted");
        Button add = new Button("Add source…", new FontIcon(Feather.PLUS));
        add.setOnAction(e -> addSource());
        VBox empty = new VBox(8, new FontIcon(Feather.DATABASE), title, hint, add);
        empty.getStyleClass().add("empty-state");
        table.setPlaceholder(empty);
        return table;
    }

    /** The selected source's commands, on right-click of its row. */
    private javafx.scene.control.ContextMenu sourceMenu() {
        javafx.scene.control.MenuItem sync = item("Sync", Feather.REFRESH_CW, () -> vm.sync(selectedName(), false));
        javafx.scene.control.MenuItem full = item("Full re-read", Feather.ROTATE_CW, () -> vm.sync(selectedName(), true));
        sync.disableProperty().bind(vm.busyProperty());
        full.disableProperty().bind(vm.busyProperty());
        javafx.scene.control.MenuItem test = item("Test connection", Feather.ACTIVITY, vm::testSelected);
        test.setAccelerator(SourceDialog.TEST_SHORTCUT);
        test.disableProperty().bind(vm.selectedTest().runningProperty());
        javafx.scene.control.MenuItem edit = item("Edit…", Feather.EDIT_2, this::editSelected);
        javafx.scene.control.MenuItem remove = item("Remove…", Feather.TRASH_2, this::removeSelected);
        remove.disableProperty().bind(vm.busyProperty());
        javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu(sync, full,
                new javafx.scene.control.SeparatorMenuItem(), test, edit, new javafx.scene.control.SeparatorMenuItem(), remove);
        menu.setId("source-menu");
        return menu;
    }

    private static javafx.scene.control.MenuItem item(String text, Feather icon, Runnable action) {
        javafx.scene.control.MenuItem i = new javafx.scene.control.MenuItem(text, new FontIcon(icon));
        i.setOnAction(e -> action.run());
        return i;
    }

    private String selectedName() {
        return vm.selectedProperty().get().config().name();
    }

    private Node history() {
        TableView<SyncRun> runs = new TableView<>(vm.runs());
        runs.setId("runs-table");
        runs.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<SyncRun, String> started = Tables.text("Started", 150, r -> Formats.time(r.startedAt()));
        started.setMinWidth(Tables.textWidth("2026-12-31 23:59") + 20);
        runs.getColumns().add(started);
        TableColumn<SyncRun, SyncRun> st = new TableColumn<>("Status");
        st.setPrefWidth(190);
        st.setMinWidth(Badges.widestStatusBadge());
        st.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue()));
        st.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(SyncRun r, boolean empty) {
                super.updateItem(r, empty);
                setGraphic(empty || r == null ? null : statusBadge(r.status()));
            }
        });
        runs.getColumns().add(st);
        runs.getColumns().add(Tables.text("Mode", 90, r -> r.mode().name().toLowerCase(java.util.Locale.ROOT)));
        runs.getColumns().add(Tables.text("Assets", 80, r -> Formats.count(r.assetsSeen())));
        runs.getColumns().add(Tables.text("New", 60, r -> Formats.count(r.assetsAdded())));
        runs.getColumns().add(Tables.text("Gone", 60, r -> Formats.count(r.assetsGone())));
        runs.getColumns().add(Tables.text("Edges", 80, r -> Formats.count(r.edgesSeen())));
        runs.getColumns().add(Tables.text("Problems", 80, r -> Formats.count(r.problems())));
        runs.getColumns().add(Tables.text("Took", 70, r -> r.finishedAt() == null ? "" : String.format(java.util.Locale.ROOT, "%.1f s",
                Duration.between(r.startedAt(), r.finishedAt()).toMillis() / 1000.0)));
        runs.getColumns().add(Tables.text("Message", 300, r -> r.message() == null ? "" : r.message()));
        runs.getSelectionModel().selectedItemProperty().addListener((obs, old, r) -> vm.selectedRunProperty().set(r));
        runs.setPlaceholder(new Label("No sync runs yet"));

        TableView<Problem> problems = new TableView<>(vm.problems());
        problems.setId("problems-table");
        problems.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        // the line number is at the end of a location: cut in the middle, never at the end
        TableColumn<Problem, String> where = Tables.text("Where", 420, OverrunStyle.CENTER_ELLIPSIS, Problem::location);
        where.setMaxWidth(600);
        TableColumn<Problem, String> what = Tables.text("What went wrong", 700, Problem::message);
        problems.getColumns().add(where);
        problems.getColumns().add(what);
        Label none = new Label();
        none.setId("problems-placeholder");
        none.textProperty().bind(vm.problemsPlaceholderProperty());
        problems.setPlaceholder(none);
        problems.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        javafx.scene.control.MenuItem copy = new javafx.scene.control.MenuItem("Copy", new FontIcon(Feather.COPY));
        copy.setAccelerator(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.C, javafx.scene.input.KeyCombination.SHORTCUT_DOWN));
        copy.setOnAction(e -> copyProblems(problems.getSelectionModel().getSelectedItems()));
        javafx.scene.control.MenuItem copyAll = new javafx.scene.control.MenuItem("Copy all");
        copyAll.setOnAction(e -> copyProblems(problems.getItems()));
        problems.setContextMenu(new javafx.scene.control.ContextMenu(copy, copyAll));
        problems.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (copy.getAccelerator().match(e)) {
                copyProblems(problems.getSelectionModel().getSelectedItems());
                e.consume();
            }
        });

        Label runsTitle = new Label("Sync history");
        runsTitle.getStyleClass().add(Styles.TEXT_BOLD);
        Label problemsTitle = new Label("Problems of the selected run: records that could not be imported (the rest was)");
        problemsTitle.getStyleClass().add(Styles.TEXT_BOLD);
        VBox box = new VBox(6, runsTitle, runs, problemsTitle, problems);
        VBox.setVgrow(runs, Priority.ALWAYS);
        VBox.setVgrow(problems, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        return box;
    }

    /** Problems as lines of "where: what", for a ticket or a message to whoever owns the source. */
    private static void copyProblems(java.util.List<Problem> list) {
        if (list.isEmpty()) {
            return;
        }
        javafx.scene.input.ClipboardContent c = new javafx.scene.input.ClipboardContent();
        c.putString(String.join("\n", list.stream().map(Problem::toString).toList()));
        javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
    }

    private void addSource() {
        SourceDialog dialog = dev.tightrope.ui.common.Dialogs.ownedBy(
                SourceDialog.add(vm.types(), vm.sourceNames(), vm.newConnectionTest()), root);
        dialog.showAndWait().ifPresent(vm::add);
    }

    private void editSelected() {
        SourceStatus s = vm.selectedProperty().get();
        if (s == null) {
            return;
        }
        vm.types().stream().filter(t -> t.type().equals(s.config().type())).findFirst().ifPresentOrElse(type -> {
            SourceDialog dialog = dev.tightrope.ui.common.Dialogs.ownedBy(
                    SourceDialog.edit(type, s.config(), vm.newConnectionTest()), root);
            dialog.showAndWait().ifPresent(vm::update);
        }, () -> vm.unknownType(s.config()));
    }

    private void removeSelected() {
        SourceStatus s = vm.selectedProperty().get();
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION,
                "Its " + Formats.count(s.assets()) + " assets stay in the cache, marked gone; its lineage edges and ownership "
                        + "claims are removed. Manual owner assignments and notes stay.",
                ButtonType.OK, ButtonType.CANCEL);
        confirm.initOwner(root.getScene().getWindow());
        confirm.setHeaderText("Remove the source " + s.config().name() + "?");
        confirm.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> vm.remove(s.config().name()));
    }

    static Label statusBadge(SyncStatus status) {
        String text = status == null ? "never synced" : status.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return Badges.status(text, status == null ? "muted" : switch (status) {
            case SUCCEEDED -> "ok";
            case SUCCEEDED_WITH_PROBLEMS -> "warn";
            case RUNNING -> "running";
            case CANCELLED -> "muted";
            case FAILED, INTERRUPTED -> "failed";
        });
    }

}
