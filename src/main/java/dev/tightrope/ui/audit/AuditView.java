package dev.tightrope.ui.audit;

import atlantafx.base.theme.Styles;
import dev.tightrope.domain.AuditEntry;
import dev.tightrope.ui.common.AssetActions;
import dev.tightrope.ui.common.AssetMenu;
import dev.tightrope.ui.common.AssetRef;
import dev.tightrope.ui.common.Badges;
import dev.tightrope.ui.common.RefreshingView;
import dev.tightrope.ui.common.Formats;
import dev.tightrope.ui.shell.AppModel;
import dev.tightrope.ui.shell.AssetMenuViewModel;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.MapChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The audit log: every action in the workspace, newest first, filtered and paged, subjects by
 * name; the selected entry in full below the table; and "Verify log", which rebuilds the Merkle
 * tree from the stored rows, checks every signed checkpoint and says what it found in words.
 */
public final class AuditView extends RefreshingView {

    private final AppModel app;
    private final AuditViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TableView<AuditEntry> table = new TableView<>();
    private final VBox detail = new VBox(8);
    private final AssetActions assets;

    public AuditView(AppModel app) {
        super(app.dataVersionProperty());
        this.app = app;
        this.vm = new AuditViewModel(app);
        this.assets = new AssetMenuViewModel(app);
        root.setId("audit-view");
        root.setTop(new VBox(toolbar(), filters()));
        ScrollPane detailScroll = new ScrollPane(detail);
        detailScroll.setFitToWidth(true);
        detailScroll.setMinHeight(120);
        Node entries = table();
        VBox tableArea = new VBox(entries, pager());
        VBox.setVgrow(entries, Priority.ALWAYS);
        SplitPane split = new SplitPane(tableArea, detailScroll);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.6);
        SplitPane.setResizableWithParent(detailScroll, false);
        root.setCenter(split);
        detail.setId("audit-detail");
        detail.getStyleClass().add("audit-detail");
        vm.selectedProperty().addListener((obs, old, e) -> renderDetail(e));
        vm.subjects().addListener((MapChangeListener<String, AuditViewModel.Subject>) change -> {
            table.refresh();
            renderDetail(vm.selectedProperty().get());
        });
        renderDetail(null);
        root.setBottom(status());
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
        Label title = new Label("Audit log");
        title.getStyleClass().add(Styles.TITLE_3);
        Label size = new Label();
        size.setId("audit-size");
        size.getStyleClass().add("text-muted");
        size.textProperty().bind(vm.sizeProperty().map(n -> AuditViewModel.entries(n.longValue()) + ", append-only, Merkle-hashed, "
                + "checkpoints signed by the workspace's log key"));
        Button verify = new Button("Verify log", new FontIcon(Feather.SHIELD));
        verify.setId("verify-log");
        verify.getStyleClass().add(Styles.ACCENT);
        verify.setTooltip(new Tooltip("Recompute every leaf and subtree hash from the stored rows and check every signed checkpoint"));
        verify.disableProperty().bind(vm.verifyingProperty());
        verify.setOnAction(e -> {
            // the button is disabled while it runs: keep the focus off the filters (a focused field hides its hint)
            table.requestFocus();
            vm.verify();
        });
        Button checkpoint = new Button("Sign checkpoint", new FontIcon(Feather.FEATHER));
        checkpoint.setId("sign-checkpoint");
        checkpoint.setTooltip(new Tooltip("Sign a C2SP checkpoint of the log now (tightrope log checkpoint): keep it outside the "
                + "workspace to detect a log rewritten from scratch"));
        checkpoint.disableProperty().bind(vm.verifyingProperty());
        checkpoint.setOnAction(e -> {
            table.requestFocus();
            vm.signCheckpoint();
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        title.setMinWidth(Region.USE_PREF_SIZE);
        // in a narrow window the description gives way (its text stays on hover), the commands never do
        size.setMinWidth(0);
        Tooltip sizeTip = new Tooltip();
        sizeTip.textProperty().bind(size.textProperty());
        size.setTooltip(sizeTip);
        checkpoint.setMinWidth(Region.USE_PREF_SIZE);
        verify.setMinWidth(Region.USE_PREF_SIZE);
        Button export = dev.tightrope.ui.common.TableExports.button("audit-export", "the audit log", "audit-log.csv", vm::export);
        HBox bar = new HBox(10, title, size, spacer, export, checkpoint, verify);
        bar.getStyleClass().add("view-toolbar");
        return bar;
    }

    private Node filters() {
        ComboBox<String> action = new ComboBox<>();
        action.setId("audit-action");
        action.setEditable(true);
        action.getItems().setAll(AuditViewModel.actionChoices());
        action.setPromptText("any action");
        action.setPrefWidth(190);
        action.setTooltip(new Tooltip("An action (approval.sign) or a family of actions (approval.); type or choose"));
        action.valueProperty().addListener((obs, old, v) -> {
            vm.actionProperty().set(v);
            vm.search();
        });
        Button clearAction = new Button(null, new FontIcon(Feather.X));
        clearAction.setId("audit-action-clear");
        clearAction.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
        clearAction.setTooltip(new Tooltip("Any action"));
        clearAction.visibleProperty().bind(vm.actionProperty().map(v -> !v.isBlank()).orElse(false));
        clearAction.managedProperty().bind(clearAction.visibleProperty());
        clearAction.setOnAction(e -> {
            action.setValue(null);
            action.getEditor().clear();
        });
        TextField actor = new TextField();
        actor.setId("audit-actor");
        actor.setPromptText("actor");
        actor.setPrefColumnCount(10);
        actor.textProperty().bindBidirectional(vm.actorProperty());
        actor.setOnAction(e -> vm.search());
        TextField subject = new TextField();
        subject.setId("audit-subject");
        subject.setPromptText("subject: URN, sha256:…, source, key");
        subject.setPrefColumnCount(14);
        subject.textProperty().bindBidirectional(vm.subjectProperty());
        subject.setOnAction(e -> vm.search());
        DatePicker from = new DatePicker();
        from.setId("audit-from");
        from.setPromptText("from");
        from.setPrefWidth(130);
        from.valueProperty().bindBidirectional(vm.fromProperty());
        from.valueProperty().addListener((obs, old, v) -> vm.search());
        DatePicker to = new DatePicker();
        to.setId("audit-to");
        to.setPromptText("to");
        to.setPrefWidth(130);
        to.valueProperty().bindBidirectional(vm.toProperty());
        to.valueProperty().addListener((obs, old, v) -> vm.search());
        Button apply = new Button("Filter", new FontIcon(Feather.FILTER));
        apply.setId("audit-filter");
        apply.setOnAction(e -> vm.search());
        Button clear = new Button("Clear");
        clear.setId("audit-clear");
        clear.getStyleClass().add(Styles.FLAT);
        clear.setOnAction(e -> {
            action.setValue(null);
            actor.clear();
            subject.clear();
            from.setValue(null);
            to.setValue(null);
            vm.search();
        });
        apply.setMinWidth(Region.USE_PREF_SIZE);
        clear.setMinWidth(Region.USE_PREF_SIZE);
        // each filter keeps its label beside it; in a narrow window the groups wrap onto a second line
        HBox actionGroup = group(label("Action"), action, clearAction);
        FlowPane bar = new FlowPane(12, 6, actionGroup, group(label("Actor"), actor), group(label("Subject"), subject),
                group(label("Days"), from, to), group(apply, clear));
        bar.getStyleClass().add("filter-bar");
        return bar;
    }

    private Node table() {
        table.setItems(vm.entries());
        table.setId("audit-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<AuditEntry, String> index = col("#", 60, e -> String.valueOf(e.index()));
        index.setMinWidth(50);
        table.getColumns().add(index);
        TableColumn<AuditEntry, String> time = col("Time", 0, e -> AuditViewModel.tableTime(e.event().time()));
        // wide enough for the whole timestamp in the table's font, never cut off
        double timeWidth = new Text("0000-00-00 00:00:00").getLayoutBounds().getWidth() * 1.15 + 24;
        time.setMinWidth(timeWidth);
        time.setPrefWidth(timeWidth);
        time.setId("audit-time-column");
        table.getColumns().add(time);
        TableColumn<AuditEntry, String> actor = col("Actor", 120, e -> e.event().actor());
        actor.setMinWidth(80);
        table.getColumns().add(actor);
        TableColumn<AuditEntry, String> actionColumn = col("Action", 0, e -> e.event().action());
        // the longest action this build records fits
        double actionWidth = AuditViewModel.actionChoices().stream().mapToDouble(a -> new Text(a).getLayoutBounds().getWidth())
                .max().orElse(100) * 1.15 + 24;
        actionColumn.setMinWidth(actionWidth);
        actionColumn.setPrefWidth(actionWidth);
        table.getColumns().add(actionColumn);
        TableColumn<AuditEntry, String> subject = col("Subject", 300, e -> e.event().subject());
        subject.setCellFactory(c -> new SubjectCell());
        subject.setMinWidth(160);
        table.getColumns().add(subject);
        TableColumn<AuditEntry, String> details = col("Details", 480, e -> e.event().details().entrySet().stream()
                .map(d -> d.getKey() + "=" + d.getValue()).collect(Collectors.joining("  ")));
        details.setMinWidth(160);
        details.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                // one detail a line on hover; the whole entry is in the pane below
                setTooltip(empty || text == null || text.isEmpty() ? null : new Tooltip(text.replace("  ", "\n")));
            }
        });
        table.getColumns().add(details);
        table.setRowFactory(tv -> {
            TableRow<AuditEntry> row = new TableRow<>();
            row.itemProperty().addListener((obs, old, e) -> row.setTooltip(e == null ? null
                    : new Tooltip(AuditViewModel.describeAction(e.event().action()))));
            return row;
        });
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, e) -> vm.selectedProperty().set(e));
        Label empty = new Label("No entries match");
        empty.getStyleClass().add("text-muted");
        table.setPlaceholder(empty);
        return table;
    }

    /** A subject by the name of the asset it stands for, the recorded value on hover; right-click for the asset's menu. */
    private final class SubjectCell extends TableCell<AuditEntry, String> {
        SubjectCell() {
            AssetMenu.install(this, () -> isEmpty() || getItem() == null ? null : assetOf(getItem()), assets, true);
        }

        @Override
        protected void updateItem(String raw, boolean empty) {
            super.updateItem(raw, empty);
            if (empty || raw == null) {
                setText(null);
                setTooltip(null);
                return;
            }
            String text = vm.subjectText(raw);
            setText(text);
            // a name is cut at its end, a raw URN or digest in its middle, where they differ least
            setTextOverrun(text.equals(raw) ? OverrunStyle.CENTER_ELLIPSIS : OverrunStyle.ELLIPSIS);
            setTooltip(raw.isEmpty() ? null : new Tooltip(text.equals(raw) ? raw : text + "\n" + raw));
        }
    }

    /** The asset a subject names, for its context menu; null when it names none. */
    private AssetRef assetOf(String raw) {
        AuditViewModel.Subject s = vm.subjects().get(raw);
        return s == null ? null : new AssetRef(s.urn(), s.name(), s.digest());
    }

    /** The whole selected entry: position, time with zone, who, what it means, the subject, every detail, the leaf hash. */
    private void renderDetail(AuditEntry e) {
        detail.getChildren().clear();
        if (e == null) {
            Label hint = new Label("Select an entry to read it in full: when, who, what it means, its subject and every detail.");
            hint.getStyleClass().add("text-muted");
            hint.setWrapText(true);
            detail.getChildren().add(hint);
            return;
        }
        Label title = new Label("Entry #" + e.index() + " · " + e.event().action());
        title.setId("audit-detail-title");
        title.getStyleClass().add(Styles.TITLE_4);
        Label meaning = new Label(AuditViewModel.describeAction(e.event().action()));
        meaning.setId("audit-detail-meaning");
        meaning.setWrapText(true);
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(6);
        ColumnConstraints keys = new ColumnConstraints();
        keys.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setFillWidth(true);
        grid.getColumnConstraints().setAll(keys, values);
        int row = 0;
        grid.addRow(row++, key("Time"), selectable("audit-detail-time", AuditViewModel.fullTime(e.event().time())));
        grid.addRow(row++, key("Actor"), selectable("audit-detail-actor", e.event().actor()));
        grid.addRow(row++, key("Subject"), subject(e.event().subject()));
        for (var d : e.event().details().entrySet()) {
            Label k = key(d.getKey());
            Label v = new Label(d.getValue());
            v.setWrapText(true);
            v.getStyleClass().add("mono");
            v.setMaxWidth(Double.MAX_VALUE);
            grid.addRow(row++, k, copyable(v, d.getValue()));
        }
        grid.addRow(row, key("Leaf hash"), selectable("audit-detail-leaf", AuditViewModel.leafHash(e)));
        grid.setId("audit-detail-grid");
        detail.getChildren().addAll(title, meaning, grid);
    }

    private Node subject(String raw) {
        if (raw.isEmpty()) {
            Label none = new Label("(none)");
            none.getStyleClass().add("text-muted");
            return none;
        }
        AuditViewModel.Subject s = vm.subjects().get(raw);
        TextField value = selectable("audit-detail-subject", raw);
        if (s == null) {
            return value;
        }
        Label name = new Label(s.label());
        name.setId("audit-detail-subject-name");
        name.getStyleClass().add(Styles.TEXT_BOLD);
        name.setWrapText(true);
        name.setTooltip(new Tooltip(raw));
        AssetMenu.install(name, () -> new AssetRef(s.urn(), s.name(), s.digest()), assets, true);
        Hyperlink open = new Hyperlink("Open in inventory");
        open.setId("audit-detail-open");
        open.setOnAction(ev -> assets.open(s.urn()));
        open.setMinWidth(Region.USE_PREF_SIZE);
        Label kind = Badges.kind(s.kind());
        kind.setMinWidth(Region.USE_PREF_SIZE);
        HBox head = new HBox(8, kind, name, open);
        head.setAlignment(Pos.CENTER_LEFT);
        return new VBox(2, head, value);
    }

    /** Text the user can select and copy (a URN, a digest, a hash), with a copy button. */
    private static TextField selectable(String id, String text) {
        TextField f = new TextField(text);
        f.setId(id);
        f.setEditable(false);
        f.getStyleClass().addAll("selectable-text", "mono");
        f.setMaxWidth(Double.MAX_VALUE);
        return f;
    }

    private static Node copyable(Label value, String text) {
        Button copy = new Button(null, new FontIcon(Feather.COPY));
        copy.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
        copy.setTooltip(new Tooltip("Copy"));
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(text);
            Clipboard.getSystemClipboard().setContent(c);
        });
        HBox.setHgrow(value, Priority.ALWAYS);
        HBox box = new HBox(4, value, copy);
        box.setAlignment(Pos.TOP_LEFT);
        return box;
    }

    private static Label key(String text) {
        Label l = new Label(text);
        l.getStyleClass().addAll("text-muted", "detail-key");
        l.setMinWidth(Region.USE_PREF_SIZE);
        GridPane.setValignment(l, javafx.geometry.VPos.TOP);
        return l;
    }

    private Node pager() {
        Button newer = new Button("Newer", new FontIcon(Feather.CHEVRON_LEFT));
        newer.setId("audit-newer");
        newer.disableProperty().bind(vm.offsetProperty().isEqualTo(0));
        newer.setOnAction(e -> vm.newer());
        Button older = new Button("Older", new FontIcon(Feather.CHEVRON_RIGHT));
        older.setId("audit-older");
        older.disableProperty().bind(vm.hasOlderProperty().not());
        older.setOnAction(e -> vm.older());
        Label page = new Label();
        page.setId("audit-page");
        page.getStyleClass().add("text-muted");
        page.textProperty().bind(Bindings.createStringBinding(() -> vm.entries().isEmpty() ? ""
                : "entries " + Formats.count(vm.offsetProperty().get() + 1) + "–"
                        + Formats.count(vm.offsetProperty().get() + vm.entries().size()) + " (newest first)",
                vm.entries(), vm.offsetProperty()));
        HBox bar = new HBox(8, newer, older, page);
        bar.setPadding(new Insets(6, 12, 6, 12));
        return bar;
    }

    private Node status() {
        VBox box = new VBox(4);
        box.setId("log-status");
        box.setPadding(new Insets(8, 12, 10, 12));
        Label hint = new Label("Verify log checks every entry against its signed leaf, rebuilds the tree and checks every "
                + "checkpoint: an edited, deleted or reordered row is caught.");
        hint.getStyleClass().add("text-muted");
        hint.setWrapText(true);
        box.getChildren().add(hint);
        vm.verdictProperty().addListener((obs, old, v) -> {
            box.getChildren().clear();
            var s = vm.statusProperty().get();
            Label badge = Badges.status(v.intact() ? "intact" : "TAMPERED", v.intact() ? "ok" : "failed");
            badge.setId("log-status-badge");
            badge.setMinWidth(Region.USE_PREF_SIZE);
            Label headline = new Label(v.headline());
            headline.setId("log-verdict");
            headline.getStyleClass().add(v.intact() ? "audit-verdict-ok" : "audit-verdict-failed");
            headline.setWrapText(true);
            HBox.setHgrow(headline, Priority.ALWAYS);
            box.getChildren().add(new HBox(8, badge, headline));
            VBox problems = new VBox(2);
            for (int i = 0; i < v.problems().size(); i++) {
                Label l = new Label("• " + v.problems().get(i));
                l.getStyleClass().add("text-danger");
                l.setWrapText(true);
                if (i < s.problems().size()) {
                    l.setTooltip(new Tooltip(s.problems().get(i).toString()));
                }
                problems.getChildren().add(l);
            }
            if (!problems.getChildren().isEmpty()) {
                // up to a hundred problems: they scroll instead of pushing the log off the screen
                ScrollPane scroll = new ScrollPane(problems);
                scroll.setFitToWidth(true);
                scroll.setMaxHeight(110);
                scroll.setPrefViewportHeight(Math.min(110, 22 * problems.getChildren().size()));
                box.getChildren().add(scroll);
            }
            for (String n : v.notes()) {
                Label l = new Label(n);
                l.getStyleClass().add("text-muted");
                l.setWrapText(true);
                box.getChildren().add(l);
            }
            Label summary = new Label(AuditViewModel.entries(s.size()) + ", " + s.checkpointsVerified() + " checkpoint(s) verified"
                    + (s.latestCheckpointSize() < 0 ? "" : ", latest signed at size " + Formats.count(s.latestCheckpointSize()))
                    + " · root " + (s.rootHex() == null ? "(cannot be computed)" : s.rootHex()) + " · " + s.origin()
                    + " · log key " + s.verifierKey());
            summary.setId("log-status-summary");
            summary.getStyleClass().addAll("mono", "text-muted", Styles.TEXT_SMALL);
            summary.setWrapText(true);
            VBox technical = new VBox(4, summary);
            if (s.checkpointNote() != null) {
                Label note = new Label(s.checkpointNote().strip());
                note.setId("log-checkpoint");
                note.getStyleClass().addAll("mono", "text-muted", Styles.TEXT_SMALL);
                note.setWrapText(true);
                technical.getChildren().add(note);
            }
            TitledPane details = new TitledPane("Root, log key and latest checkpoint", technical);
            details.setId("log-technical");
            details.setExpanded(false);
            details.setAnimated(false);
            details.getStyleClass().add(Styles.DENSE);
            box.getChildren().add(details);
        });
        return box;
    }

    private static HBox group(Node... nodes) {
        HBox box = new HBox(6, nodes);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static TableColumn<AuditEntry, String> col(String title, double width, Function<AuditEntry, String> value) {
        TableColumn<AuditEntry, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(value.apply(cd.getValue())));
        return c;
    }
}
