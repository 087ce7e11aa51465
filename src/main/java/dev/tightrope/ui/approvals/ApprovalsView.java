package dev.tightrope.ui.approvals;

import atlantafx.base.theme.Styles;
import dev.tightrope.domain.Severity;
import dev.tightrope.service.ApprovalRecord;
import dev.tightrope.service.ApprovalService;
import dev.tightrope.service.GateResult;
import dev.tightrope.service.ReviewDecision;
import dev.tightrope.ui.common.Badges;
import dev.tightrope.ui.common.RefreshingView;
import dev.tightrope.ui.common.Tables;
import dev.tightrope.ui.common.Formats;
import dev.tightrope.ui.shell.AppModel;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Approvals: the review queue (releases that do not pass the policy yet) with each release's
 * evidence and the approve/reject form, the signed approvals with who, when and whether they
 * verify, and the reviewers, keys and policy they are judged by.
 */
public final class ApprovalsView extends RefreshingView {

    private final AppModel app;
    private final ApprovalsViewModel vm;
    private final BorderPane root = new BorderPane();
    private final ReleasePane release;

    public ApprovalsView(AppModel app) {
        super(app.dataVersionProperty());
        this.app = app;
        this.vm = new ApprovalsViewModel(app);
        this.release = new ReleasePane(vm);
        root.setId("approvals-view");
        root.setTop(toolbar());
        TabPane tabs = new TabPane(tab("Review queue", "tab-queue", queueArea()), tab("Signed approvals", "tab-signed", signed()),
                tab("Reviewers, keys and policy", "tab-trust", new TrustPane(vm, release::generateKey).node()));
        tabs.setId("approvals-tabs");
        root.setCenter(tabs);
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
        Label title = new Label("Approvals");
        title.getStyleClass().add(Styles.TITLE_3);
        title.setMinWidth(Region.USE_PREF_SIZE);
        Label policy = new Label();
        policy.setId("policy-summary");
        policy.getStyleClass().add("text-muted");
        vm.policyProperty().addListener((obs, old, p) -> policy.setText(p == null ? "" : "Policy: " + p.settings().describe()));
        CheckBox passing = new CheckBox("Show releases that pass");
        passing.setId("show-passing");
        passing.selectedProperty().bindBidirectional(vm.includePassingProperty());
        passing.setMinWidth(Region.USE_PREF_SIZE);
        Button refresh = new Button(null, new FontIcon(Feather.REFRESH_CW));
        refresh.setId("approvals-refresh");
        refresh.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        refresh.setTooltip(new Tooltip("Reload the queue, the approvals and the trust store"));
        refresh.setOnAction(e -> vm.refresh());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button export = dev.tightrope.ui.common.TableExports.button("approvals-export", "every approval, as verified now", "approvals.csv",
                vm::export);
        HBox bar = new HBox(10, title, policy, spacer, passing, export, refresh);
        bar.getStyleClass().add("view-toolbar");
        return bar;
    }

    private static Tab tab(String title, String id, Node content) {
        Tab t = new Tab(title, content);
        t.setId(id);
        t.setClosable(false);
        return t;
    }

    private Node queueArea() {
        TableView<ApprovalService.QueueItem> table = new TableView<>(vm.queue());
        table.setId("approval-queue");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        // release names are often hub ids (owner/name@revision): keep both ends
        TableColumn<ApprovalService.QueueItem, String> name = Tables.text("Release", 180, OverrunStyle.CENTER_ELLIPSIS,
                ApprovalService.QueueItem::name);
        name.setMinWidth(120);
        table.getColumns().add(name);
        TableColumn<ApprovalService.QueueItem, ApprovalService.QueueItem> gate = graphic("Gate", 130, q -> gateBadge(q.gate()));
        gate.setMinWidth(125);
        table.getColumns().add(gate);
        TableColumn<ApprovalService.QueueItem, ApprovalService.QueueItem> risk = graphic("Risk", 84,
                q -> q.worst() == null ? null : Badges.severity(q.worst()));
        risk.setMinWidth(80);
        // by severity, not by the row's text: descending puts critical first
        risk.setComparator(java.util.Comparator.comparing(ApprovalService.QueueItem::worst, Severity.BY_RISK));
        table.getColumns().add(risk);
        TableColumn<ApprovalService.QueueItem, ApprovalService.QueueItem> kind = graphic("Kind", 200, ApprovalsView::kindBadges);
        kind.setMinWidth(120);
        table.getColumns().add(kind);
        TableColumn<ApprovalService.QueueItem, String> owners = text("Owners", 160, q -> q.owners().isEmpty() ? "nobody" : q.owners());
        owners.setMinWidth(90);
        table.getColumns().add(owners);
        // a narrow window keeps what decides (release, gate, risk, owners); the kind is in the evidence pane's header
        table.widthProperty().addListener((obs, old, w) -> kind.setVisible(w.doubleValue() >= 640));
        dev.tightrope.ui.common.AssetActions assets = new dev.tightrope.ui.shell.AssetMenuViewModel(app);
        table.setRowFactory(tv -> {
            javafx.scene.control.TableRow<ApprovalService.QueueItem> row = new javafx.scene.control.TableRow<>();
            dev.tightrope.ui.common.AssetMenu.install(row, () -> row.getItem() == null ? null
                    : new dev.tightrope.ui.common.AssetRef(row.getItem().urn(), row.getItem().name(), row.getItem().digest()), assets, true);
            return row;
        });
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, q) -> {
            if (q != null) {
                vm.selectedProperty().set(q);
            }
        });
        vm.selectedProperty().addListener((obs, old, q) -> {
            if (q != null && table.getSelectionModel().getSelectedItem() != q) {
                table.getSelectionModel().select(q);
            }
        });
        Label title = new Label("Nothing awaits review");
        title.getStyleClass().add(Styles.TITLE_4);
        Label hint = new Label("Model versions and scanned model directories with a digest show here until they pass the "
                + "policy; so does anything tagged approval:pending or promotion:requested.");
        hint.getStyleClass().add("text-muted");
        hint.setWrapText(true);
        hint.setMaxWidth(460);
        VBox empty = new VBox(8, new FontIcon(Feather.INBOX), title, hint);
        empty.getStyleClass().add("empty-state");
        table.setPlaceholder(empty);
        SplitPane split = new SplitPane(table, release.node());
        split.setOrientation(Orientation.HORIZONTAL);
        // both sides keep their share when the window narrows: the queue stays readable at 1024 px
        split.setDividerPositions(0.58);
        return split;
    }

    private Node signed() {
        TableView<ApprovalRecord> table = new TableView<>(vm.approvals());
        table.setId("approvals-table");
        // ten columns do not fit a narrow window: they keep their width and the table scrolls sideways
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.getColumns().add(min(graphic("Counts?", 150, ApprovalsView::statusBadge), 140));
        table.getColumns().add(min(graphic("Decision", 90, a -> a.decision() == null ? null
                : Badges.status(a.decision().label(), a.decision() == ReviewDecision.APPROVED ? "ok" : "failed")), 84));
        table.getColumns().add(min(text("Release", 170, a -> a.subjectName() == null ? "" : a.subjectName()), 110));
        table.getColumns().add(min(text("Reviewer", 130, a -> a.reviewer() == null ? "" : a.reviewer()), 100));
        table.getColumns().add(min(text("When", 150, a -> Formats.time(a.time())), 140));
        table.getColumns().add(min(text("Scope", 155, a -> a.scope() == null ? "" : a.scope()), 120));
        table.getColumns().add(min(text("Why (verification)", 320, ApprovalRecord::reason), 200));
        table.getColumns().add(min(text("Rationale", 260, a -> a.rationale() == null ? "" : a.rationale()), 160));
        table.getColumns().add(min(Tables.text("Key", 200, OverrunStyle.CENTER_ELLIPSIS,
                a -> a.keyFingerprint() == null ? "" : a.keyFingerprint()), 130));
        table.setPlaceholder(new Label("No signed approvals in this workspace yet"));
        Label problems = new Label();
        problems.setId("approval-problems");
        problems.getStyleClass().add("text-danger");
        problems.setWrapText(true);
        vm.approvalProblems().addListener((ListChangeListener<String>) c ->
                problems.setText(vm.approvalProblems().isEmpty() ? "" : "Unreadable files in the approvals directory: "
                        + String.join("; ", vm.approvalProblems())));
        problems.managedProperty().bind(problems.textProperty().isNotEmpty());
        VBox box = new VBox(6, table, problems);
        VBox.setVgrow(table, Priority.ALWAYS);
        return box;
    }

    /** Whether an approval counts, in two words; the verifier's sentence on hover. */
    private static Label statusBadge(ApprovalRecord a) {
        String status = a.status().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        Label l = a.counted() ? Badges.status("✓ counts", "ok")
                : a.unreviewed() ? Badges.status("⚠ unreviewed key", "warn")
                : a.verified() ? Badges.status("✓ " + status, "muted")
                : Badges.status("✗ " + status, "failed");
        l.setTooltip(wrapping(a.reason()));
        return l;
    }

    private static <T, C> TableColumn<T, C> min(TableColumn<T, C> column, double width) {
        column.setMinWidth(width);
        return column;
    }

    /** The kind, and "requested" when a source asked for the review; why it is in the queue on hover. */
    private static Node kindBadges(ApprovalService.QueueItem q) {
        HBox box = new HBox(4, Badges.kind(q.kind()));
        box.setAlignment(Pos.CENTER_LEFT);
        if (q.requested()) {
            box.getChildren().add(Badges.status("requested", "running"));
        }
        Tooltip why = wrapping("In the queue: " + q.why());
        box.getChildren().forEach(n -> Tooltip.install(n, why));
        return box;
    }

    /** A few words ("1 of 2 approvals"); the whole rule list on hover. */
    static Label gateBadge(GateResult g) {
        boolean pass = g.outcome() == GateResult.Outcome.PASS;
        Label l = Badges.status(g.brief(), pass ? "ok" : g.outcome() == GateResult.Outcome.ERROR ? "warn" : "failed");
        l.setTooltip(wrapping(g.summary() + "\n\n" + g.text()));
        return l;
    }

    private static Tooltip wrapping(String text) {
        Tooltip t = new Tooltip(text);
        t.setWrapText(true);
        t.setMaxWidth(520);
        return t;
    }

    private static <T> TableColumn<T, String> text(String title, double width, Function<T, String> value) {
        return Tables.text(title, width, value);
    }

    private static <T> TableColumn<T, T> graphic(String title, double width, Function<T, Node> render) {
        TableColumn<T, T> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue()));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setGraphic(empty || item == null ? null : render.apply(item));
            }
        });
        return c;
    }
}
