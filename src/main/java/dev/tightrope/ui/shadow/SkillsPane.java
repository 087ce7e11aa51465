package dev.tightrope.ui.shadow;

import atlantafx.base.theme.Styles;
import dev.tightrope.service.ShadowService;
import dev.tightrope.ui.common.Badges;
import dev.tightrope.ui.common.Formats;
import dev.tightrope.ui.common.Tables;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Skills & plugins section of the Shadow AI view: its filter row, and the table of skills over
 * the selected one's description, allowed tools, findings (evidence at file:line), bundled files
 * with their SHA-256, hooks with their commands, Open file and Open in inventory.
 */
final class SkillsPane {
    /** Below this table width the owner and path columns hide (the owner stays filterable, both stay in the detail). */
    static final double NARROW_TABLE = 1180;

    private final SkillsSectionViewModel vm;
    private final Consumer<String> open;
    private final VBox detailBox = new VBox(14);
    private final Node filters;
    private final Node content;

    /** {@code open} shows a file URI on the desktop. */
    SkillsPane(SkillsSectionViewModel vm, Consumer<String> open) {
        this.vm = vm;
        this.open = open;
        this.filters = filterRow();
        this.content = table();
        vm.detailProperty().addListener((obs, old, d) -> renderDetail(d));
        renderDetail(null);
    }

    Node filters() {
        return filters;
    }

    Node content() {
        return content;
    }

    private Node filterRow() {
        ComboBox<String> clients = ShadowView.filter("skills-client", "Any client", vm.clients(), vm.clientProperty());
        ComboBox<String> machines = ShadowView.filter("skills-machine", "Any machine", vm.machines(), vm.machineProperty());
        ComboBox<String> owners = ShadowView.filter("skills-owner", "Any owner", vm.owners(), vm.ownerProperty());
        CheckBox withFindings = new CheckBox();
        withFindings.setId("skills-with-findings");
        withFindings.textProperty().bind(vm.withFindingsCount().asString("With findings (%d)"));
        withFindings.selectedProperty().bindBidirectional(vm.withFindingsProperty());
        withFindings.setMinWidth(Region.USE_PREF_SIZE);
        Button clear = new Button("Clear filters");
        clear.setId("skills-clear-filters");
        clear.getStyleClass().add(Styles.FLAT);
        clear.setOnAction(e -> vm.clearFilters());
        HBox row = new HBox(8, clients, machines, owners, withFindings, clear);
        row.setAlignment(Pos.CENTER_LEFT);
        FlowPane rows = new FlowPane(16, 8, row);
        rows.setAlignment(Pos.CENTER_LEFT);
        return rows;
    }

    private Node table() {
        TableView<ShadowService.Skill> table = new TableView<>(vm.shown());
        table.setId("skills-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<ShadowService.Skill, String> name = Tables.text("Name", 160, ShadowService.Skill::name);
        name.setMinWidth(110);
        TableColumn<ShadowService.Skill, String> kind = Tables.text("Kind", 80, s -> SkillsSectionViewModel.kindLabel(s.kind()));
        kind.setMinWidth(Tables.textWidth("Subagent") + 20);
        TableColumn<ShadowService.Skill, String> client = Tables.text("Client", 120, ShadowService.Skill::client);
        client.setMinWidth(Tables.textWidth("Claude Code") + 20);
        TableColumn<ShadowService.Skill, String> scope = Tables.text("Scope", 70, s -> s.scope() == null ? "" : s.scope());
        scope.setMinWidth(Tables.textWidth("project") + 20);
        TableColumn<ShadowService.Skill, String> where = Tables.text("Machine / repo", 140, SkillsSectionViewModel::place);
        where.setMinWidth(Tables.headerWidth("Machine / repo"));
        TableColumn<ShadowService.Skill, String> owner = Tables.text("Owner", 200, s -> s.owner() == null ? "nobody" : s.owner());
        TableColumn<ShadowService.Skill, ShadowService.Skill> worst = ShadowView.graphic("Worst", 90,
                s -> s.worst() == null ? muted("none") : Badges.severity(s.worst()));
        worst.setMinWidth(Badges.widestSeverityBadge() + 10);
        TableColumn<ShadowService.Skill, Number> findings = number("Findings", ShadowService.Skill::findings);
        TableColumn<ShadowService.Skill, Number> scripts = number("Scripts", ShadowService.Skill::scripts);
        TableColumn<ShadowService.Skill, Number> hooks = number("Hooks", ShadowService.Skill::hooks);
        TableColumn<ShadowService.Skill, String> path = Tables.text("Path", 240, OverrunStyle.CENTER_ELLIPSIS, ShadowService.Skill::path);
        path.setMinWidth(120);
        table.getColumns().addAll(List.of(name, kind, worst, findings, scripts, hooks, client, scope, where, owner, path));
        TableAndDetail.hideWhenNarrow(table, NARROW_TABLE, owner, scope);
        Label placeholder = new Label();
        placeholder.textProperty().bind(Bindings.createStringBinding(() -> vm.skills().isEmpty()
                ? "No skills or plugins found on the scanned machines: no SKILL.md folder, plugin, command, subagent, extension or rule"
                : "No skill or plugin matches the filters", vm.skills()));
        placeholder.getStyleClass().add("text-muted");
        placeholder.setWrapText(true);
        placeholder.setId("skills-placeholder");
        table.setPlaceholder(placeholder);
        return TableAndDetail.of(table, vm.selectedProperty(), detailBox, "skills-detail", 0.45);
    }

    static <S> TableColumn<S, Number> number(String title, java.util.function.ToIntFunction<S> value) {
        TableColumn<S, Number> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(value.applyAsInt(cd.getValue())));
        c.setMinWidth(Tables.headerWidth(title));
        c.setPrefWidth(Tables.headerWidth(title));
        c.setStyle("-fx-alignment: CENTER-RIGHT;");
        return c;
    }

    static Label muted(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("text-muted");
        return l;
    }

    private void renderDetail(ShadowService.SkillDetail d) {
        if (d == null) {
            Label hint = muted(vm.selectedProperty().get() == null
                    ? "Select a skill or plugin to see its findings, the files it bundles and the hooks it runs"
                    : "Reading " + vm.selectedProperty().get().name() + "…");
            hint.setWrapText(true);
            detailBox.getChildren().setAll(hint);
            return;
        }
        ShadowService.Skill s = d.skill();
        Label name = new Label(s.name());
        name.setId("skills-detail-name");
        name.getStyleClass().add(Styles.TITLE_4);
        name.setMinWidth(0);
        HBox title = new HBox(10, name, Badges.status(SkillsSectionViewModel.kindLabel(s.kind()), "muted"));
        if (s.worst() != null) {
            title.getChildren().add(Badges.severity(s.worst()));
        }
        title.setAlignment(Pos.CENTER_LEFT);
        Button file = new Button("Open file", new FontIcon(Feather.FILE_TEXT));
        file.setId("skills-open-file");
        file.setDisable(d.file() == null);
        file.setTooltip(new Tooltip(d.file() == null ? "No file to open" : "Open " + d.file()));
        file.setOnAction(e -> {
            String uri = vm.fileUri();
            if (uri != null) {
                open.accept(uri);
            }
        });
        Button inventory = new Button("Open in inventory", new FontIcon(Feather.LAYERS));
        inventory.setId("skills-open-inventory");
        inventory.setOnAction(e -> vm.openInInventory());
        for (Button b : List.of(file, inventory)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox actions = new HBox(8, file, inventory);
        actions.setMinWidth(Region.USE_PREF_SIZE);
        FlowPane header = new FlowPane(16, 8, title, actions);
        header.setAlignment(Pos.CENTER_LEFT);

        Label description = new Label(d.description() == null ? "" : d.description());
        description.setId("skills-detail-description");
        description.setWrapText(true);
        GridPane facts = new GridPane();
        facts.setHgap(12);
        facts.setVgap(3);
        ColumnConstraints keys = new ColumnConstraints();
        keys.setMinWidth(Region.USE_PREF_SIZE);
        facts.getColumnConstraints().add(keys);
        int row = 0;
        row = ShadowView.fact(facts, row, "Allowed tools", d.allowedTools().isEmpty() ? "not restricted by its frontmatter"
                : String.join(", ", d.allowedTools()), !d.allowedTools().isEmpty());
        row = ShadowView.fact(facts, row, "Client", s.client() + (s.scope() == null ? "" : ", " + s.scope() + " scope"), false);
        row = ShadowView.fact(facts, row, "Machine", s.machine(), false);
        if (s.repo() != null) {
            row = ShadowView.fact(facts, row, "Repository", s.repo(), false);
        }
        row = ShadowView.fact(facts, row, "Owner", s.owner() == null ? "nobody" : s.owner(), false);
        row = ShadowView.fact(facts, row, "File", d.file() == null ? s.path() : d.file().toString(), true);
        if (d.plugin() != null) {
            row = ShadowView.fact(facts, row, "Plugin", d.plugin(), true);
        }
        if (d.version() != null) {
            row = ShadowView.fact(facts, row, "Version", d.version(), false);
        }
        if (d.frontmatterProblem() != null) {
            row = ShadowView.fact(facts, row, "Frontmatter", d.frontmatterProblem(), false);
        }
        ShadowView.fact(facts, row, "Source", s.source(), false);

        detailBox.getChildren().setAll(header, description, facts, ShadowView.findings("skills-findings", d.findings()),
                bundled(d.bundled()), hooks(d.hooks()));
    }

    private static Node bundled(List<ShadowService.BundledFile> files) {
        VBox box = new VBox(6);
        box.setId("skills-bundled");
        if (files.isEmpty()) {
            box.getChildren().add(muted("No files besides its markdown"));
        }
        for (ShadowService.BundledFile f : files) {
            Label path = new Label(f.path());
            path.getStyleClass().add("mono");
            path.setMinWidth(0);
            HBox line = new HBox(8, path);
            line.setAlignment(Pos.CENTER_LEFT);
            if (f.executable()) {
                Label exec = Badges.status("executable", "warn");
                exec.getStyleClass().add("executable-badge");
                line.getChildren().add(exec);
            }
            Label digest = new Label(f.link() ? "symbolic link, not followed"
                    : Formats.bytes(f.size()) + " · " + (f.sha256() == null ? "not hashed: too large" : "sha256 " + f.sha256()));
            digest.getStyleClass().addAll("mono", "text-muted", "skills-bundled-digest");
            digest.setWrapText(true);
            VBox one = new VBox(2, line, digest);
            one.getStyleClass().add("shadow-place");
            box.getChildren().add(one);
        }
        return ShadowView.section("Bundled files (" + Formats.count(files.size()) + ")", box);
    }

    private static Node hooks(List<ShadowService.Hook> hooks) {
        VBox box = new VBox(6);
        box.setId("skills-hooks");
        if (hooks.isEmpty()) {
            box.getChildren().add(muted("No hooks: it runs nothing on assistant events by itself"));
        }
        for (ShadowService.Hook h : hooks) {
            Label event = new Label(h.event() + (h.matcher() == null ? ", every tool" : ", tools " + h.matcher()));
            Label command = new Label(h.command());
            command.getStyleClass().add("mono");
            command.setWrapText(true);
            Label where = new Label(h.location());
            where.getStyleClass().addAll("mono", "text-muted");
            where.setWrapText(true);
            VBox one = new VBox(2, event, command, where);
            one.getStyleClass().add("shadow-place");
            box.getChildren().add(one);
        }
        return ShadowView.section("Hooks (" + Formats.count(hooks.size()) + ")", box);
    }
}
