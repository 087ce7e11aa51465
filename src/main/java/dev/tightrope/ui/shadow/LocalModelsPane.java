package dev.tightrope.ui.shadow;

import atlantafx.base.theme.Styles;
import dev.tightrope.service.ShadowService;
import dev.tightrope.ui.common.Badges;
import dev.tightrope.ui.common.Formats;
import dev.tightrope.ui.common.Tables;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Local models section of the Shadow AI view: its filter row, and the table of cached models
 * and loose model files over the selected one's files with their verdicts and digests, whether
 * a registry knows it, its findings and Open in inventory.
 */
final class LocalModelsPane {
    /** Below this table width the machine and owner columns hide (the machine stays filterable, both stay in the detail). */
    static final double NARROW_TABLE = 1100;

    private final LocalModelsSectionViewModel vm;
    private final VBox detailBox = new VBox(14);
    private final Node filters;
    private final Node content;

    LocalModelsPane(LocalModelsSectionViewModel vm) {
        this.vm = vm;
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
        ComboBox<String> caches = ShadowView.filter("models-cache", "Any cache", vm.caches(), vm.cacheProperty());
        ComboBox<String> machines = ShadowView.filter("models-machine", "Any machine", vm.machines(), vm.machineProperty());
        CheckBox unregistered = new CheckBox();
        unregistered.setId("models-unregistered");
        unregistered.textProperty().bind(vm.unregisteredCount().asString("Not in any registry (%d)"));
        unregistered.selectedProperty().bindBidirectional(vm.unregisteredOnlyProperty());
        CheckBox withFindings = new CheckBox("With findings");
        withFindings.setId("models-with-findings");
        withFindings.selectedProperty().bindBidirectional(vm.withFindingsProperty());
        Button clear = new Button("Clear filters");
        clear.setId("models-clear-filters");
        clear.getStyleClass().add(Styles.FLAT);
        clear.setOnAction(e -> vm.clearFilters());
        for (Region r : List.of(unregistered, withFindings, clear)) {
            r.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox row = new HBox(8, caches, machines, unregistered, withFindings, clear);
        row.setAlignment(Pos.CENTER_LEFT);
        FlowPane rows = new FlowPane(16, 8, row);
        rows.setAlignment(Pos.CENTER_LEFT);
        return rows;
    }

    private Node table() {
        TableView<ShadowService.LocalModel> table = new TableView<>(vm.shown());
        table.setId("models-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<ShadowService.LocalModel, String> identity = Tables.text("Model", 300, OverrunStyle.CENTER_ELLIPSIS,
                ShadowService.LocalModel::identity);
        identity.setMinWidth(160);
        TableColumn<ShadowService.LocalModel, String> cache = Tables.text("Cache", 140, ShadowService.LocalModel::cache);
        cache.setMinWidth(Tables.textWidth("LM Studio") + 20);
        TableColumn<ShadowService.LocalModel, ShadowService.LocalModel> verdict = ShadowView.graphic("Verdict", 110, LocalModelsPane::verdictBadge);
        verdict.setMinWidth(Badges.widestSeverityBadge() + 24);
        TableColumn<ShadowService.LocalModel, ShadowService.LocalModel> registry = ShadowView.graphic("Registry", 160,
                m -> ShadowView.stateBadge(LocalModelsSectionViewModel.registration(m), "registry"));
        registry.setMinWidth(Tables.textWidth("not in any registry") + 34);
        TableColumn<ShadowService.LocalModel, Number> files = SkillsPane.number("Files", ShadowService.LocalModel::files);
        TableColumn<ShadowService.LocalModel, String> size = Tables.text("Size", 80, m -> m.size() == null ? "" : Formats.bytes(m.size()));
        size.setMinWidth(Tables.textWidth("999.9 MB") + 20);
        size.setStyle("-fx-alignment: CENTER-RIGHT;");
        TableColumn<ShadowService.LocalModel, Number> findings = SkillsPane.number("Findings", ShadowService.LocalModel::findings);
        TableColumn<ShadowService.LocalModel, String> machine = Tables.text("Machine", 100, m -> m.machine() == null ? "" : m.machine());
        TableColumn<ShadowService.LocalModel, String> owner = Tables.text("Owner", 200, m -> m.owner() == null ? "nobody" : m.owner());
        TableColumn<ShadowService.LocalModel, String> path = Tables.text("Path", 240, OverrunStyle.CENTER_ELLIPSIS,
                m -> m.path() == null ? "" : m.path());
        path.setMinWidth(120);
        table.getColumns().addAll(List.of(identity, cache, verdict, registry, files, size, findings, machine, owner, path));
        TableAndDetail.hideWhenNarrow(table, NARROW_TABLE, machine, owner);
        Label placeholder = new Label();
        placeholder.textProperty().bind(Bindings.createStringBinding(() -> vm.models().isEmpty()
                ? "No local models found on the scanned machines: no Hugging Face, Ollama or LM Studio cache, and no model file in their repositories"
                : "No local model matches the filters", vm.models()));
        placeholder.getStyleClass().add("text-muted");
        placeholder.setWrapText(true);
        placeholder.setId("models-placeholder");
        table.setPlaceholder(placeholder);
        return TableAndDetail.of(table, vm.selectedProperty(), detailBox, "models-detail", 0.45);
    }

    private static Node verdictBadge(ShadowService.LocalModel m) {
        return m.verdict() == null ? SkillsPane.muted("not scanned") : Badges.verdict(m.verdict(), m.verdict().toLowerCase(Locale.ROOT));
    }

    private void renderDetail(ShadowService.LocalModelDetail d) {
        if (d == null) {
            Label hint = SkillsPane.muted(vm.selectedProperty().get() == null
                    ? "Select a model to see its files, what the model scanner found in each, and whether a registry knows it"
                    : "Reading " + vm.selectedProperty().get().identity() + "…");
            hint.setWrapText(true);
            detailBox.getChildren().setAll(hint);
            return;
        }
        ShadowService.LocalModel m = d.model();
        Label name = new Label(m.identity());
        name.setId("models-detail-name");
        name.getStyleClass().add(Styles.TITLE_4);
        name.setMinWidth(0);
        name.setWrapText(true);
        HBox title = new HBox(10, name, verdictBadge(m), ShadowView.stateBadge(LocalModelsSectionViewModel.registration(m), "registry"));
        title.setAlignment(Pos.CENTER_LEFT);
        Button inventory = new Button("Open in inventory", new FontIcon(Feather.LAYERS));
        inventory.setId("models-open-inventory");
        inventory.setMinWidth(Region.USE_PREF_SIZE);
        inventory.setOnAction(e -> vm.openInInventory());
        FlowPane header = new FlowPane(16, 8, title, inventory);
        header.setAlignment(Pos.CENTER_LEFT);

        GridPane facts = new GridPane();
        facts.setHgap(12);
        facts.setVgap(3);
        ColumnConstraints keys = new ColumnConstraints();
        keys.setMinWidth(Region.USE_PREF_SIZE);
        facts.getColumnConstraints().add(keys);
        int row = 0;
        row = ShadowView.fact(facts, row, "Registry", LocalModelsSectionViewModel.registration(m).text() + ": " + m.registration().how(), false);
        row = ShadowView.fact(facts, row, "Cache", m.cache(), false);
        row = ShadowView.fact(facts, row, "Files", m.files() + (m.size() == null ? "" : ", " + Formats.bytes(m.size())), false);
        row = ShadowView.fact(facts, row, "Machine", m.machine(), false);
        row = ShadowView.fact(facts, row, "Owner", m.owner() == null ? "nobody" : m.owner(), false);
        row = ShadowView.fact(facts, row, "Path", m.path(), true);
        ShadowView.fact(facts, row, "Source", m.source(), false);

        detailBox.getChildren().setAll(header, facts, files(d.files()), ShadowView.findings("models-findings", d.findings()));
    }

    private static Node files(List<ShadowService.ModelFile> files) {
        VBox box = new VBox(6);
        box.setId("models-files");
        for (ShadowService.ModelFile f : files) {
            Label name = new Label(f.name());
            name.getStyleClass().add("mono");
            name.setMinWidth(0);
            Node verdict = f.verdict() == null ? SkillsPane.muted("not scanned") : Badges.verdict(f.verdict(), f.verdict().toLowerCase(Locale.ROOT));
            HBox line = new HBox(8, name, verdict);
            line.setAlignment(Pos.CENTER_LEFT);
            Label facts = new Label((f.format() == null ? "" : f.format() + " · ") + (f.size() == null ? "" : Formats.bytes(f.size()) + " · ")
                    + (f.sha256() == null ? "no digest" : "sha256 " + f.sha256())
                    + (f.findings() == 0 ? "" : " · " + f.findings() + (f.findings() == 1 ? " finding" : " findings")));
            facts.getStyleClass().addAll("mono", "text-muted");
            facts.setWrapText(true);
            VBox one = new VBox(2, line, facts);
            one.getStyleClass().add("shadow-place");
            box.getChildren().add(one);
        }
        return ShadowView.section("Files (" + Formats.count(files.size()) + ")", box);
    }
}
