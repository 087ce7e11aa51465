package dev.tightrope.ui.inventory;

import atlantafx.base.theme.Styles;
import dev.tightrope.service.compliance.ControlResult;
import dev.tightrope.service.compliance.ControlStatus;
import dev.tightrope.service.compliance.Evidence;
import dev.tightrope.service.compliance.EvidenceLink;
import dev.tightrope.service.compliance.Framework;
import dev.tightrope.service.compliance.ModelCompliance;
import dev.tightrope.ui.common.AssetActions;
import dev.tightrope.ui.common.Badges;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The asset detail's "Compliance" section for models: per framework of the mapping, each control
 * evidenced (with links to the evidence, assets clickable) or a gap (with what is missing), and
 * those that are not yet applicable or need the organisation's own records.
 */
final class ComplianceSection {
    /** Links listed under a control's evidence; the CLI's --json lists all. */
    static final int LINKS_SHOWN = 4;
    /** Badge tones: evidence is good news, a gap bad news; the other two are neither. */
    private static final Map<ControlStatus, String> TONES = Map.of(ControlStatus.EVIDENCED, "ok", ControlStatus.GAP, "failed",
            ControlStatus.NOT_YET_APPLICABLE, "muted", ControlStatus.NOT_ASSESSABLE_HERE, "muted");

    private final ComplianceViewModel vm;
    private final AssetActions assets;
    private final VBox box = new VBox(8);
    private final Node node;

    ComplianceSection(ComplianceViewModel vm, AssetActions assets) {
        this.vm = vm;
        this.assets = assets;
        box.setId("detail-compliance");
        node = AssetDetailPane.section("Compliance", null, box, "controls with evidence, and gaps");
        // the section lives as long as the detail pane that owns it: these listeners are its own
        vm.resultProperty().addListener((obs, old, r) -> render());
        vm.errorProperty().addListener((obs, old, e) -> render());
        render();
    }

    /** The section for the asset at {@code urn}; null when the asset is not a model (nothing to show). */
    Node show(String urn, dev.tightrope.domain.AssetKind kind) {
        if (!ComplianceViewModel.shows(kind)) {
            vm.show(null);
            return null;
        }
        // every new detail (an edit, a sync) may change the evidence: assess again
        vm.show(urn);
        return node;
    }

    private void render() {
        ModelCompliance m = vm.resultProperty().get();
        if (vm.errorProperty().get() != null) {
            box.getChildren().setAll(muted("Cannot assess: " + vm.errorProperty().get(), "text-danger"));
            return;
        }
        if (m == null) {
            box.getChildren().setAll(muted("Checking the controls…", "text-muted"));
            return;
        }
        box.getChildren().setAll(muted((m.via() == null ? "" : "The model this deployment runs: " + m.name() + ". ")
                + "Mapping: " + m.mapping() + "; assessed on " + m.assessedOn() + ".", "text-muted"));
        for (Framework f : m.frameworks()) {
            VBox controls = new VBox(6);
            for (ControlResult r : m.of(f)) {
                controls.getChildren().add(control(r));
            }
            TitledPane pane = new TitledPane(f.name() + " · " + m.count(f, ControlStatus.EVIDENCED) + " evidenced · "
                    + m.count(f, ControlStatus.GAP) + " gaps", controls);
            pane.setId("compliance-" + f.id());
            // the title shortens in a narrow pane rather than widen it
            pane.setMinWidth(0);
            pane.setTooltip(new javafx.scene.control.Tooltip(pane.getText()));
            pane.setExpanded(m.count(f, ControlStatus.GAP) > 0);
            pane.getStyleClass().add(Styles.DENSE);
            box.getChildren().add(pane);
        }
    }

    private Node control(ControlResult r) {
        Label badge = Badges.status(r.status().label().toLowerCase(java.util.Locale.ROOT).replace('-', ' '), TONES.get(r.status()));
        badge.setMinWidth(Region.USE_PREF_SIZE);
        Label id = new Label(r.control().id());
        id.getStyleClass().add(Styles.TEXT_BOLD);
        Label title = new Label(r.control().title());
        title.setWrapText(true);
        title.getStyleClass().addAll("text-muted", Styles.TEXT_SMALL);
        Label reason = new Label(r.reason());
        reason.setWrapText(true);
        reason.getStyleClass().add(Styles.TEXT_SMALL);
        VBox text = new VBox(2, id, title, reason);
        for (Evidence e : r.evidence()) {
            if (e.links().isEmpty()) {
                continue;
            }
            FlowPane links = new FlowPane(6, 2);
            links.getChildren().add(muted(e.kind().token() + ":", "text-muted"));
            e.links().stream().limit(LINKS_SHOWN).forEach(l -> links.getChildren().add(link(l)));
            if (e.links().size() > LINKS_SHOWN) {
                links.getChildren().add(muted("and " + (e.links().size() - LINKS_SHOWN) + " more", "text-muted"));
            }
            // a long digest or path is shortened in the middle to the pane's width, in full on hover: it never widens the pane
            links.setMinWidth(0);
            for (Node n : links.getChildren()) {
                if (n instanceof javafx.scene.control.Labeled l) {
                    l.setWrapText(false);
                    l.setMinWidth(0);
                    l.setTextOverrun(javafx.scene.control.OverrunStyle.CENTER_ELLIPSIS);
                    l.maxWidthProperty().bind(links.widthProperty());
                    l.setTooltip(new javafx.scene.control.Tooltip(l.getText()));
                }
            }
            text.getChildren().add(links);
        }
        text.setMinWidth(0);
        HBox.setHgrow(text, Priority.ALWAYS);
        HBox row = new HBox(8, badge, text);
        row.getStyleClass().add("compliance-control");
        return row;
    }

    private Node link(EvidenceLink l) {
        if (l.type() != EvidenceLink.Type.ASSET) {
            return muted(l.label(), "mono");
        }
        Hyperlink h = new Hyperlink(l.label());
        h.getStyleClass().add(Styles.TEXT_SMALL);
        h.setOnAction(e -> assets.open(l.target()));
        return h;
    }

    private static Label muted(String text, String style) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.getStyleClass().addAll(style, Styles.TEXT_SMALL);
        return l;
    }
}
