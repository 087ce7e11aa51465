package dev.tightrope.ui.shadow;

import atlantafx.base.theme.Styles;
import dev.tightrope.domain.StoredFinding;
import dev.tightrope.service.ShadowService;
import dev.tightrope.ui.common.Badges;
import dev.tightrope.ui.common.Dialogs;
import dev.tightrope.ui.common.EmptyState;
import dev.tightrope.ui.common.Formats;
import dev.tightrope.ui.common.RefreshingView;
import dev.tightrope.ui.common.Tables;
import dev.tightrope.ui.shadow.ShadowViewModel.Classification;
import dev.tightrope.ui.shell.AppModel;
import java.util.List;
import java.util.function.Function;
import javafx.application.HostServices;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Shadow AI, in three sections a switch at the top chooses (each with its count): MCP servers,
 * Skills & plugins ({@link SkillsPane}) and Local models ({@link LocalModelsPane}). The MCP
 * servers configured on the scanned machines are counted per classification in
 * the headline chips, filtered by classification, client, machine and owner, and the selected
 * server's every place, env key names, findings and approval, with Approve into allowlist…, Open
 * config and Open in inventory. A workspace without a local-discovery source offers to add one
 * or to load the demo.
 */
public final class ShadowView extends RefreshingView {
    /** Below this table width the machine and owner columns hide (both stay filterable and in the detail). */
    static final double NARROW_TABLE = 1080;

    private final ShadowViewModel vm;
    private final HostServices host;
    private final StackPane root = new StackPane();
    private final BorderPane main = new BorderPane();
    private final VBox detailBox = new VBox(14);
    private final Node empty;
    private final SkillsPane skills;
    private final LocalModelsPane models;
    private final StackPane sectionFilters = new StackPane();
    private final StackPane sectionContent = new StackPane();

    public ShadowView(AppModel app, HostServices host) {
        super(app.dataVersionProperty());
        this.vm = new ShadowViewModel(app);
        this.host = host;
        root.setId("shadow-view");
        skills = new SkillsPane(vm.skills(), this::showDocument);
        models = new LocalModelsPane(vm.models());
        Node servers = content();
        Node serverFilters = serverFilters();
        main.setTop(toolbar());
        main.setCenter(sectionContent);
        sectionFilters.setAlignment(Pos.CENTER_LEFT);
        Runnable showSection = () -> {
            ShadowViewModel.Section section = vm.sectionProperty().get();
            sectionFilters.getChildren().setAll(switch (section) {
                case SERVERS -> serverFilters;
                case SKILLS -> skills.filters();
                case MODELS -> models.filters();
            });
            sectionContent.getChildren().setAll(switch (section) {
                case SERVERS -> servers;
                case SKILLS -> skills.content();
                case MODELS -> models.content();
            });
        };
        vm.sectionProperty().addListener((obs, old, section) -> showSection.run());
        showSection.run();
        empty = emptyState();
        root.getChildren().setAll(main);
        vm.hasSourceProperty().addListener((obs, old, has) -> root.getChildren().setAll(has ? main : empty));
        vm.detailProperty().addListener((obs, old, d) -> renderDetail(d));
        renderDetail(null);
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
        Label title = new Label("Shadow AI");
        title.getStyleClass().add(Styles.TITLE_3);
        title.setMinWidth(Region.USE_PREF_SIZE);
        Label subtitle = new Label();
        subtitle.setId("shadow-subtitle");
        subtitle.textProperty().bind(Bindings.createStringBinding(() -> switch (vm.sectionProperty().get()) {
            case SERVERS -> "MCP servers configured on the scanned machines, judged by what they launch against the allowlist";
            case SKILLS -> "Agent skills, plugins, commands, subagents, extensions and rules on the scanned machines, with what they bundle and run";
            case MODELS -> "Models in the machines' Hugging Face, Ollama and LM Studio caches and model files in their repositories";
        }, vm.sectionProperty()));
        subtitle.getStyleClass().add("text-muted");
        subtitle.setMinWidth(0);
        ProgressIndicator reading = new ProgressIndicator();
        reading.setId("shadow-loading");
        reading.setPrefSize(18, 18);
        reading.visibleProperty().bind(vm.loadingProperty());
        reading.managedProperty().bind(vm.loadingProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button refresh = new Button(null, new FontIcon(Feather.REFRESH_CW));
        refresh.setId("shadow-refresh");
        refresh.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        refresh.setTooltip(new Tooltip("Read what local discovery found again from the cache (Sources re-syncs a machine)"));
        refresh.setOnAction(e -> vm.refresh());
        HBox head = new HBox(10, title, subtitle, reading, spacer, refresh);
        head.setAlignment(Pos.CENTER_LEFT);

        VBox bar = new VBox(10, head, sectionSwitch(), sectionFilters);
        bar.getStyleClass().add("view-toolbar");
        return bar;
    }

    /** MCP servers | Skills & plugins | Local models, each with its count; one stays chosen, Tab and Space reach them. */
    private Node sectionSwitch() {
        ToggleGroup group = new ToggleGroup();
        HBox pills = new HBox();
        pills.setId("shadow-sections");
        pills.setAlignment(Pos.CENTER_LEFT);
        ShadowViewModel.Section[] sections = ShadowViewModel.Section.values();
        for (int i = 0; i < sections.length; i++) {
            ShadowViewModel.Section section = sections[i];
            ToggleButton b = new ToggleButton();
            b.setId("shadow-section-" + section.name().toLowerCase(java.util.Locale.ROOT));
            b.setUserData(section);
            b.setToggleGroup(group);
            b.setMnemonicParsing(false);
            b.setMinWidth(Region.USE_PREF_SIZE);
            b.getStyleClass().add(i == 0 ? Styles.LEFT_PILL : i == sections.length - 1 ? Styles.RIGHT_PILL : Styles.CENTER_PILL);
            javafx.beans.value.ObservableValue<Integer> count = switch (section) {
                case SERVERS -> Bindings.size(vm.servers()).asObject();
                case SKILLS -> Bindings.size(vm.skills().skills()).asObject();
                case MODELS -> Bindings.size(vm.models().models()).asObject();
            };
            b.textProperty().bind(Bindings.createStringBinding(() -> section.label() + "  " + count.getValue(), count));
            pills.getChildren().add(b);
        }
        group.selectedToggleProperty().addListener((obs, old, t) -> {
            if (t == null) {
                old.setSelected(true);
                return;
            }
            vm.sectionProperty().set((ShadowViewModel.Section) t.getUserData());
        });
        vm.sectionProperty().addListener((obs, old, section) -> group.getToggles().stream()
                .filter(t -> t.getUserData() == section).findFirst().ifPresent(t -> t.setSelected(true)));
        group.getToggles().get(vm.sectionProperty().get().ordinal()).setSelected(true);
        return pills;
    }

    /** The servers' classification chips and client, machine and owner filters. */
    private Node serverFilters() {
        ToggleGroup group = new ToggleGroup();
        HBox chips = new HBox(8);
        chips.setAlignment(Pos.CENTER_LEFT);
        chips.setId("shadow-chips");
        ToggleButton all = chip("shadow-chip-all", "All", null, group);
        all.textProperty().bind(Bindings.size(vm.servers()).asString("All %d"));
        chips.getChildren().add(all);
        for (Classification c : Classification.values()) {
            ToggleButton b = chip("shadow-chip-" + c.token(), c.label(), c, group);
            b.textProperty().bind(vm.count(c).asString(c.label() + " %d"));
            b.getStyleClass().add("chip-" + c.tone());
            chips.getChildren().add(b);
        }
        group.selectedToggleProperty().addListener((obs, old, t) -> {
            if (t == null) {
                // a chip stays chosen: clicking the chosen one again keeps it
                old.setSelected(true);
                return;
            }
            vm.classificationProperty().set((Classification) t.getUserData());
        });
        vm.classificationProperty().addListener((obs, old, c) -> group.getToggles().stream()
                .filter(t -> t.getUserData() == c).findFirst().ifPresent(t -> t.setSelected(true)));
        all.setSelected(true);

        ComboBox<String> clients = filter("shadow-client", "Any client", vm.clients(), vm.clientProperty());
        ComboBox<String> machines = filter("shadow-machine", "Any machine", vm.machines(), vm.machineProperty());
        ComboBox<String> owners = filter("shadow-owner", "Any owner", vm.owners(), vm.ownerProperty());
        Button clear = new Button("Clear filters");
        clear.setId("shadow-clear-filters");
        clear.getStyleClass().add(Styles.FLAT);
        clear.setOnAction(e -> vm.clearFilters());
        HBox filters = new HBox(8, clients, machines, owners, clear);
        filters.setAlignment(Pos.CENTER_LEFT);
        chips.setMinWidth(Region.USE_PREF_SIZE);
        filters.setMinWidth(Region.USE_PREF_SIZE);
        // side by side on a wide screen, one under the other in a narrow window
        FlowPane rows = new FlowPane(16, 8, chips, filters);
        rows.setAlignment(Pos.CENTER_LEFT);
        return rows;
    }

    private static ToggleButton chip(String id, String text, Classification c, ToggleGroup group) {
        ToggleButton b = new ToggleButton(text);
        b.setId(id);
        b.setUserData(c);
        b.setToggleGroup(group);
        b.getStyleClass().addAll("shadow-chip", Styles.SMALL);
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }

    static ComboBox<String> filter(String id, String anyText, ObservableList<String> items, ObjectProperty<String> value) {
        ComboBox<String> box = new ComboBox<>();
        box.setId(id);
        box.setPromptText(anyText);
        box.setPrefWidth(180);
        box.setMinWidth(Region.USE_PREF_SIZE);
        // the first choice is "any", shown as null
        Runnable fill = () -> {
            String keep = value.get();
            List<String> choices = new java.util.ArrayList<>();
            choices.add(null);
            choices.addAll(items);
            box.getItems().setAll(choices);
            box.setValue(keep);
        };
        items.addListener((ListChangeListener<String>) c -> fill.run());
        fill.run();
        Function<String, String> shown = v -> v == null ? anyText : v;
        box.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean emptyCell) {
                super.updateItem(item, emptyCell);
                setText(emptyCell ? null : shown.apply(item));
            }
        });
        box.setButtonCell(new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean emptyCell) {
                super.updateItem(item, emptyCell);
                setText(shown.apply(emptyCell ? null : item));
            }
        });
        box.valueProperty().addListener((obs, old, v) -> value.set(v));
        value.addListener((obs, old, v) -> box.setValue(v));
        return box;
    }

    private Node content() {
        TableView<ShadowService.Server> table = new TableView<>(vm.shown());
        table.setId("shadow-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<ShadowService.Server, String> name = Tables.text("Server", 150, ShadowService.Server::name);
        name.setMinWidth(110);
        TableColumn<ShadowService.Server, ShadowService.Server> classification = graphic("Classification", 150,
                s -> classificationBadge(s.classification()));
        classification.setMinWidth(Tables.textWidth(Classification.APPROVED_UNPINNED.label()) + 34);
        TableColumn<ShadowService.Server, String> launch = Tables.text("Launch identity", 340, OverrunStyle.CENTER_ELLIPSIS,
                ShadowService.Server::launch);
        launch.setMinWidth(150);
        TableColumn<ShadowService.Server, ShadowService.Server> installed = graphic("Installed", 110,
                s -> stateBadge(ShadowViewModel.installed(s), "installed"));
        installed.setMinWidth(Tables.textWidth("not installed") + 34);
        TableColumn<ShadowService.Server, ShadowService.Server> running = graphic("Running", 100,
                s -> stateBadge(ShadowViewModel.running(s), "running"));
        running.setMinWidth(Tables.textWidth("not running") + 34);
        TableColumn<ShadowService.Server, String> clients = Tables.text("Clients", 130, s -> String.join(", ", s.clients()));
        clients.setMinWidth(90);
        TableColumn<ShadowService.Server, String> machine = Tables.text("Machine", 100, s -> s.machine() == null ? "" : s.machine());
        TableColumn<ShadowService.Server, String> owner = Tables.text("Owner", 210, s -> s.owner() == null ? "nobody" : s.owner());
        TableColumn<ShadowService.Server, Number> findings = new TableColumn<>("Findings");
        findings.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue().findings()));
        findings.setMinWidth(Tables.headerWidth("Findings"));
        findings.setPrefWidth(Tables.headerWidth("Findings"));
        findings.setStyle("-fx-alignment: CENTER-RIGHT;");
        TableColumn<ShadowService.Server, String> evidence = Tables.text("Evidence (file:line)", 220, OverrunStyle.CENTER_ELLIPSIS,
                s -> s.evidence() == null ? "" : s.evidence());
        evidence.setMinWidth(140);
        table.getColumns().addAll(List.of(name, classification, installed, running, launch, clients, machine, owner, findings, evidence));
        TableAndDetail.hideWhenNarrow(table, NARROW_TABLE, machine, owner);
        Label placeholder = new Label("No MCP server matches: the scanned machines configure none, or the filters hide them");
        placeholder.getStyleClass().add("text-muted");
        placeholder.setWrapText(true);
        table.setPlaceholder(placeholder);
        return TableAndDetail.of(table, vm.selectedProperty(), detailBox, "shadow-detail", 0.5);
    }

    static <S> TableColumn<S, S> graphic(String title, double width, Function<S, Node> node) {
        TableColumn<S, S> c = new TableColumn<>(title);
        c.setMinWidth(Tables.headerWidth(title));
        c.setPrefWidth(Math.max(width, c.getMinWidth()));
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue()));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(S item, boolean emptyCell) {
                super.updateItem(item, emptyCell);
                setText(null);
                setGraphic(emptyCell || item == null ? null : node.apply(item));
            }
        });
        return c;
    }

    /** An installed or running badge ({@code .installed-yes}, {@code .running-unknown}, …) whose tooltip says where, which pids, or why not. */
    static Label stateBadge(ShadowViewModel.StateBadge b, String what) {
        Label l = Badges.status(b.text(), b.tone());
        l.getStyleClass().add(what + "-badge");
        if (b.tooltip() != null && !b.tooltip().isBlank()) {
            Tooltip tip = new Tooltip(b.tooltip());
            tip.setWrapText(true);
            tip.setMaxWidth(560);
            l.setTooltip(tip);
        }
        return l;
    }

    static Label classificationBadge(String token) {
        Classification c = Classification.of(token);
        Label l = Badges.status(c.label(), c.tone());
        l.getStyleClass().add("classification-" + c.token());
        return l;
    }

    private void renderDetail(ShadowService.Detail d) {
        if (d == null) {
            Label hint = new Label(vm.selectedProperty().get() == null ? "Select a server to see where it is configured, its findings and its approval"
                    : "Reading " + vm.selectedProperty().get().name() + "…");
            hint.getStyleClass().add("text-muted");
            hint.setWrapText(true);
            detailBox.getChildren().setAll(hint);
            return;
        }
        ShadowService.Server s = d.server();
        Label name = new Label(s.name());
        name.setId("shadow-detail-name");
        name.getStyleClass().add(Styles.TITLE_4);
        name.setMinWidth(0);
        Button approve = new Button("Approve into allowlist…", new FontIcon(Feather.CHECK_CIRCLE));
        approve.setId("shadow-approve");
        approve.getStyleClass().add(Styles.ACCENT);
        approve.disableProperty().bind(d.cannotApprove() != null ? Bindings.createBooleanBinding(() -> true) : vm.busyProperty());
        approve.setTooltip(new Tooltip(d.cannotApprove() != null ? d.cannotApprove()
                : "Write a server.json entry approving exactly this launch into " + d.allowlist() + ", then re-sync " + s.source()));
        approve.setOnAction(e -> showApproveDialog(d));
        Button open = new Button("Open config", new FontIcon(Feather.FILE_TEXT));
        open.setId("shadow-open-config");
        open.setDisable(d.places().isEmpty());
        open.setOnAction(e -> openConfig(d.places().get(0)));
        Button inventory = new Button("Open in inventory", new FontIcon(Feather.LAYERS));
        inventory.setId("shadow-open-inventory");
        inventory.setOnAction(e -> vm.openInInventory());
        Button probe = new Button("Probe…", new FontIcon(Feather.ACTIVITY));
        probe.setId("shadow-probe");
        probe.disableProperty().bind(vm.busyProperty());
        probe.setTooltip(new Tooltip("Start this server once, as its config launches it, to list its tools, prompts and resources"
                + " (none is called); you see the exact command first"));
        probe.setOnAction(e -> vm.prepareProbe(this::confirmProbe));
        for (Button b : List.of(approve, probe, open, inventory)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox title = new HBox(10, name, classificationBadge(s.classification()));
        title.setAlignment(Pos.CENTER_LEFT);
        HBox actions = new HBox(8, approve, probe, open, inventory);
        actions.setMinWidth(Region.USE_PREF_SIZE);
        FlowPane header = new FlowPane(16, 8, title, actions);
        header.setAlignment(Pos.CENTER_LEFT);

        Label reason = new Label(s.reason() == null ? "" : s.reason());
        reason.setId("shadow-detail-reason");
        reason.setWrapText(true);
        if (s.lookalikeOf() != null) {
            reason.getStyleClass().add("text-danger");
        }
        GridPane facts = new GridPane();
        facts.setHgap(12);
        facts.setVgap(3);
        // the keys keep their width; the values wrap
        javafx.scene.layout.ColumnConstraints keys = new javafx.scene.layout.ColumnConstraints();
        keys.setMinWidth(Region.USE_PREF_SIZE);
        facts.getColumnConstraints().add(keys);
        int row = 0;
        row = fact(facts, row, "Launch", s.launch(), true);
        ShadowViewModel.StateBadge installedState = ShadowViewModel.installed(s);
        ShadowViewModel.StateBadge runningState = ShadowViewModel.running(s);
        row = fact(facts, row, "Installed", installedState.text() + (installedState.tooltip() == null ? "" : ": " + installedState.tooltip()), false);
        row = fact(facts, row, "Running", runningState.text() + (runningState.tooltip() == null ? "" : ": " + runningState.tooltip()), false);
        row = fact(facts, row, "Machine", s.machine(), false);
        row = fact(facts, row, "Owner", s.owner() == null ? "nobody" : s.owner(), false);
        row = fact(facts, row, "Source", s.source(), false);
        if (d.allowlistEntry() != null) {
            // for a name-only server this is the entry whose name it borrows, not an approval of it
            row = fact(facts, row, "Allowlist entry", ("name-only".equals(s.classification()) ? "only the name matches " : "")
                    + d.allowlistEntry() + (d.approvedBy() == null ? "" : ", approved by " + d.approvedBy())
                    + (d.approvedAt() == null ? "" : " on " + d.approvedAt())
                    + (d.approvedVersions() == null ? "" : ", versions " + d.approvedVersions()), false);
        }
        fact(facts, row, "Allowlist file", d.allowlist() == null ? (d.cannotApprove() == null ? "" : d.cannotApprove())
                : d.allowlist().toString(), d.allowlist() != null);

        detailBox.getChildren().setAll(header, reason, facts, places(d.places()), findings("shadow-findings", d.findings()));
    }

    static int fact(GridPane grid, int row, String key, String value, boolean mono) {
        Label k = new Label(key);
        k.getStyleClass().addAll("detail-key", "text-muted");
        k.setMinWidth(Region.USE_PREF_SIZE);
        Label v = new Label(value == null ? "" : value);
        v.setWrapText(true);
        if (mono) {
            v.getStyleClass().add("mono");
        }
        GridPane.setHgrow(v, Priority.ALWAYS);
        grid.addRow(row, k, v);
        return row + 1;
    }

    private Node places(List<ShadowService.Place> places) {
        VBox box = new VBox(8);
        box.setId("shadow-places");
        for (ShadowService.Place p : places) {
            Label what = new Label(p.client() + " · " + p.scope() + " scope · configured as '" + p.name() + "'"
                    + (p.notes().isEmpty() ? "" : " · " + String.join(" · ", p.notes())));
            what.setWrapText(true);
            Hyperlink file = new Hyperlink(p.location());
            file.getStyleClass().addAll("mono", "shadow-place-file");
            file.setTooltip(new Tooltip("Open " + p.file()));
            file.setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
            file.setMinWidth(0);
            file.setMaxWidth(Double.MAX_VALUE);
            file.setOnAction(e -> openConfig(p));
            Label env = new Label(p.envKeys().isEmpty() ? "no environment variables" : "env: " + String.join(", ", p.envKeys()));
            env.getStyleClass().add(p.envKeys().isEmpty() ? "text-muted" : "mono");
            env.setWrapText(true);
            VBox one = new VBox(2, what, file, env);
            one.getStyleClass().add("shadow-place");
            box.getChildren().add(one);
        }
        return section("Configured in " + places.size() + (places.size() == 1 ? " place" : " places"), box);
    }

    static Node findings(String id, List<StoredFinding> findings) {
        VBox box = new VBox(8);
        box.setId(id);
        if (findings.isEmpty()) {
            Label none = new Label("No open findings");
            none.getStyleClass().add("text-muted");
            box.getChildren().add(none);
        }
        for (StoredFinding f : findings) {
            Label title = new Label(f.finding().title());
            title.setWrapText(true);
            title.setMinWidth(0);
            HBox line = new HBox(8, Badges.severity(f.finding().severity()), title);
            line.setAlignment(Pos.CENTER_LEFT);
            Label where = new Label(f.finding().ruleId() + (f.finding().location() == null ? "" : " · " + f.finding().location()));
            where.getStyleClass().addAll("mono", "text-muted");
            where.setWrapText(true);
            VBox one = new VBox(2, line, where);
            if (f.finding().evidence() != null && !f.finding().evidence().isBlank()) {
                Label evidence = new Label(f.finding().evidence());
                evidence.setWrapText(true);
                evidence.getStyleClass().add("text-muted");
                one.getChildren().add(evidence);
            }
            box.getChildren().add(one);
        }
        return section("Findings (" + Formats.count(findings.size()) + ")", box);
    }

    static Node section(String title, Node body) {
        Label t = new Label(title);
        t.getStyleClass().addAll("section-title", Styles.TEXT_BOLD);
        return new VBox(6, t, body);
    }

    private void openConfig(ShadowService.Place place) {
        showDocument(vm.configUri(place));
    }

    private void showDocument(String uri) {
        if (host != null) {
            host.showDocument(uri);
        }
    }

    /** Who approves, which version; what will be written where. OK stays disabled until both are given. */
    /** The exact command and the environment's names (values masked) before anything starts; Don't probe is the default. */
    private void confirmProbe(ShadowViewModel.ProbeRequest r) {
        javafx.scene.control.ButtonType start = new javafx.scene.control.ButtonType(r.startsAProcess() ? "Start and probe" : "Probe",
                javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        javafx.scene.control.ButtonType cancel = new javafx.scene.control.ButtonType("Don't probe",
                javafx.scene.control.ButtonBar.ButtonData.CANCEL_CLOSE);
        javafx.scene.control.Dialog<javafx.scene.control.ButtonType> dialog = new javafx.scene.control.Dialog<>();
        dialog.setTitle("Probe " + r.server());
        dialog.setHeaderText(r.startsAProcess()
                ? "This starts " + r.server() + " on this machine, with a cleared environment and a temporary home directory."
                : "This connects to " + r.server() + " over HTTP, without the config's headers.");
        Label intro = new Label("It lists the server's tools, prompts and resources and calls none of them; then it stops the server"
                + " and every process it started.");
        intro.setWrapText(true);
        TextArea command = new TextArea(r.commandLine() + (r.environment().isEmpty() ? "" : "\n\nenvironment:\n  "
                + String.join("\n  ", r.environment())));
        command.setId("probe-command");
        command.setEditable(false);
        command.setWrapText(true);
        command.setPrefRowCount(6);
        command.getStyleClass().add("mono");
        VBox content = new VBox(10, intro, command);
        content.setPrefWidth(620);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().setAll(start, cancel);
        dialog.getDialogPane().setId("probe-confirm");
        ((Button) dialog.getDialogPane().lookupButton(start)).setDefaultButton(false);
        ((Button) dialog.getDialogPane().lookupButton(cancel)).setDefaultButton(true);
        dialog.initOwner(root.getScene().getWindow());
        dialog.showAndWait().filter(b -> b == start).ifPresent(b -> vm.probe(r, this::showProbeReport));
    }

    private void showProbeReport(String report) {
        javafx.scene.control.Alert alert = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.INFORMATION);
        alert.setTitle("Probe report");
        alert.setHeaderText(null);
        TextArea text = new TextArea(report);
        text.setId("probe-report");
        text.setEditable(false);
        text.setWrapText(true);
        text.setPrefRowCount(18);
        text.getStyleClass().add("mono");
        alert.getDialogPane().setContent(text);
        alert.getDialogPane().setPrefWidth(720);
        alert.initOwner(root.getScene().getWindow());
        alert.show();
    }

    private void showApproveDialog(ShadowService.Detail d) {
        ShadowService.Server s = d.server();
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle("Approve into allowlist");
        dialog.setHeaderText("Approve " + s.name() + " (" + s.launch() + ")");
        TextField approver = new TextField(vm.defaultApprover());
        approver.setId("approve-approver");
        TextField version = new TextField(ShadowViewModel.suggestedVersion(s));
        version.setId("approve-version");
        version.setPromptText(ShadowViewModel.needsVersion(s) ? "the exact version approved" : "not needed");
        version.setDisable(!ShadowViewModel.needsVersion(s));
        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        form.addRow(0, new Label("Approved by"), approver);
        form.addRow(1, new Label("Allowed version"), version);
        GridPane.setHgrow(approver, Priority.ALWAYS);
        GridPane.setHgrow(version, Priority.ALWAYS);
        Label what = Dialogs.wrapping(new Label("Writes a server.json entry for exactly this launch, with who approved it, "
                + "today's date and the allowed version under _meta \"dev.tightrope/approval\", into " + d.allowlist()
                + ", records it in the audit log, then re-syncs " + s.source() + "."));
        VBox body = new VBox(12, what, form);
        if (s.lookalikeOf() != null) {
            Label warning = Dialogs.wrapping(new Label("This identifier looks like the approved " + s.lookalikeOf()
                    + ": a typosquat would be approved under its own name. Check it is the package you mean."));
            warning.setId("approve-lookalike");
            warning.getStyleClass().add("text-danger");
            body.getChildren().add(0, warning);
        }
        if ("approved-unpinned".equals(s.classification()) && s.version() == null) {
            Label unpinned = Dialogs.wrapping(new Label("The config launches it without a version, so it stays approved-unpinned "
                    + "until the config pins the approved one."));
            unpinned.getStyleClass().add("text-warning");
            body.getChildren().add(unpinned);
        }
        body.setPrefWidth(520);
        dialog.getDialogPane().setContent(body);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        Button ok = (Button) dialog.getDialogPane().lookupButton(ButtonType.OK);
        ok.setText("Approve");
        ok.setId("approve-ok");
        ok.disableProperty().bind(Bindings.createBooleanBinding(() -> approver.getText().isBlank()
                || ShadowViewModel.needsVersion(s) && version.getText().isBlank(), approver.textProperty(), version.textProperty()));
        Dialogs.ownedBy(dialog, root);
        dialog.setOnHidden(e -> {
            if (dialog.getResult() == ButtonType.OK) {
                vm.approve(approver.getText().strip(), version.getText().strip());
            }
        });
        dialog.show();
    }

    private Node emptyState() {
        Button add = new Button("Add a local-discovery source", new FontIcon(Feather.PLUS));
        add.setId("shadow-add-source");
        add.getStyleClass().add(Styles.ACCENT);
        add.setOnAction(e -> vm.addSource());
        Button demo = new Button("Load the demo workspace", new FontIcon(Feather.PLAY));
        demo.setId("shadow-load-demo");
        demo.disableProperty().bind(vm.busyProperty());
        demo.setOnAction(e -> vm.loadDemo());
        HBox actions = new HBox(10, add, demo);
        actions.setAlignment(Pos.CENTER);
        return EmptyState.of("shadow-empty", Feather.EYE_OFF, "No machine scanned for shadow AI yet",
                "A local-discovery source reads the MCP configs of a home directory and its repositories (Claude, Cursor, "
                        + "VS Code and the other clients), without starting anything, and judges each server against your allowlist; "
                        + "it also lists the agent skills and plugins and the local model caches it finds. "
                        + "Add one for a machine, or load the demo to see Priya's laptop.", actions);
    }
}
