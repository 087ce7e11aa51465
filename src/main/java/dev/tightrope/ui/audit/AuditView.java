package dev.tightrope.ui.audit;

import atlantafx.base.theme.Styles;
import dev.tightrope.domain.AuditEntry;
import dev.tightrope.domain.Problem;
import dev.tightrope.ui.common.Badges;
import dev.tightrope.ui.common.RefreshingView;
import dev.tightrope.ui.common.Formats;
import dev.tightrope.ui.shell.AppModel;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The audit log: every action in the workspace, newest first, filtered and paged; and "Verify
 * log", which rebuilds the Merkle tree from the stored rows and checks every signed checkpoint.
 */
public final class AuditView extends RefreshingView {

    private final AppModel app;
    private final AuditViewModel vm;
    private final BorderPane root = new BorderPane();

    public AuditView(AppModel app) {
        super(app.dataVersionProperty());
        this.app = app;
        this.vm = new AuditViewModel(app);
        root.setId("audit-view");
        root.setTop(new VBox(toolbar(), filters()));
        root.setCenter(table());
        root.setBottom(new VBox(pager(), status()));
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
        verify.setOnAction(e -> vm.verify());
        Button checkpoint = new Button("Sign checkpoint", new FontIcon(Feather.FEATHER));
        checkpoint.setId("sign-checkpoint");
        checkpoint.setTooltip(new Tooltip("Sign a C2SP checkpoint of the log now (tightrope log checkpoint): keep it outside the "
                + "workspace to detect a log rewritten from scratch"));
        checkpoint.disableProperty().bind(vm.verifyingProperty());
        checkpoint.setOnAction(e -> vm.signCheckpoint());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        title.setMinWidth(Region.USE_PREF_SIZE);
        HBox bar = new HBox(10, title, size, spacer, checkpoint, verify);
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
        action.valueProperty().addListener((obs, old, v) -> {
            vm.actionProperty().set(v);
            vm.search();
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
        HBox bar = new HBox(8, label("Action"), action, label("Actor"), actor, label("Subject"), subject,
                label("Days"), from, to, apply, clear);
        bar.getStyleClass().add("filter-bar");
        return bar;
    }

    private Node table() {
        TableView<AuditEntry> table = new TableView<>(vm.entries());
        table.setId("audit-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(col("#", 60, e -> String.valueOf(e.index())));
        table.getColumns().add(col("Time", 150, e -> Formats.time(e.event().time())));
        table.getColumns().add(col("Actor", 120, e -> e.event().actor()));
        table.getColumns().add(col("Action", 130, e -> e.event().action()));
        table.getColumns().add(col("Subject", 340, e -> e.event().subject()));
        table.getColumns().add(col("Details", 520, e -> e.event().details().entrySet().stream()
                .map(d -> d.getKey() + "=" + d.getValue()).collect(Collectors.joining("  "))));
        table.setRowFactory(tv -> {
            TableRow<AuditEntry> row = new TableRow<>();
            row.itemProperty().addListener((obs, old, e) -> row.setTooltip(e == null ? null
                    : new Tooltip(AuditViewModel.describeAction(e.event().action()))));
            return row;
        });
        Label empty = new Label("No entries match");
        empty.getStyleClass().add("text-muted");
        table.setPlaceholder(empty);
        return table;
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
        vm.statusProperty().addListener((obs, old, s) -> {
            box.getChildren().clear();
            Label badge = Badges.status(s.intact() ? "intact" : "TAMPERED", s.intact() ? "ok" : "failed");
            badge.setId("log-status-badge");
            Label summary = new Label(AuditViewModel.entries(s.size()) + ", " + s.checkpointsVerified() + " checkpoint(s) verified"
                    + (s.latestCheckpointSize() < 0 ? "" : ", latest signed at size " + Formats.count(s.latestCheckpointSize())));
            summary.setId("log-status-summary");
            box.getChildren().add(new HBox(8, badge, summary));
            Label root = new Label("root " + (s.rootHex() == null ? "(cannot be computed)" : s.rootHex()) + " · " + s.origin());
            root.getStyleClass().addAll("mono", "text-muted", Styles.TEXT_SMALL);
            root.setWrapText(true);
            Label key = new Label("log key " + s.verifierKey());
            key.getStyleClass().addAll("mono", "text-muted", Styles.TEXT_SMALL);
            key.setWrapText(true);
            box.getChildren().addAll(root, key);
            if (s.checkpointNote() != null) {
                Label note = new Label(s.checkpointNote().strip());
                note.setId("log-checkpoint");
                note.getStyleClass().addAll("mono", Styles.TEXT_SMALL);
                note.setWrapText(true);
                box.getChildren().add(note);
            }
            for (Problem p : s.problems()) {
                Label l = new Label(p.location() + ": " + p.message());
                l.getStyleClass().add("text-danger");
                l.setWrapText(true);
                box.getChildren().add(l);
            }
            for (String n : s.notes()) {
                Label l = new Label(n);
                l.getStyleClass().add("text-muted");
                l.setWrapText(true);
                box.getChildren().add(l);
            }
        });
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
