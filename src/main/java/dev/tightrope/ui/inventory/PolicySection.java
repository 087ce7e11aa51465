package dev.tightrope.ui.inventory;

import atlantafx.base.theme.Styles;
import dev.tightrope.domain.AssetDetail;
import dev.tightrope.service.GateResult;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The "Promotion policy" section of the asset detail: for a release (an asset with a sha256
 * digest), each stage's outcome and every rule — pass, fail, waived or not evaluated — with why.
 */
final class PolicySection {

    private final PolicySectionViewModel vm;
    private final VBox box = new VBox(6);

    PolicySection(PolicySectionViewModel vm, ReadOnlyObjectProperty<AssetDetail> detail) {
        this.vm = vm;
        box.setId("policy-section");
        detail.addListener((obs, old, d) -> vm.show(d == null ? null : d.record().urn().toString()));
        vm.verdictsProperty().addListener((obs, old, v) -> render(v));
        vm.errorProperty().addListener((obs, old, e) -> renderError(e));
        render(null);
    }

    /** The section, empty (and not managed) when the asset shown is no release. */
    Node node() {
        return box;
    }

    private void render(PolicySectionViewModel.Verdicts verdicts) {
        box.getChildren().clear();
        box.setVisible(verdicts != null);
        box.setManaged(verdicts != null);
        if (verdicts == null) {
            return;
        }
        Label title = new Label("Promotion policy");
        title.getStyleClass().addAll(Styles.TEXT_BOLD, "section-title");
        Label hint = new Label("the release's verdict at each stage, as every gate gives it");
        hint.getStyleClass().addAll("text-muted", Styles.TEXT_SMALL);
        box.getChildren().addAll(new Separator(), new HBox(8, title, hint));
        for (PolicySectionViewModel.StageVerdict s : verdicts.stages()) {
            GateResult g = s.gate();
            Label outcome = new Label(g.outcome() == GateResult.Outcome.PASS ? "passes" : g.outcome() == GateResult.Outcome.FAIL
                    ? "fails" : "cannot evaluate");
            outcome.getStyleClass().add(g.outcome() == GateResult.Outcome.PASS ? Styles.SUCCESS : Styles.DANGER);
            Label stage = new Label(s.stage());
            stage.getStyleClass().add(Styles.TEXT_BOLD);
            HBox head = new HBox(8, stage, outcome);
            head.setId("policy-stage-" + s.stage());
            VBox rules = new VBox(2);
            for (GateResult.Rule r : g.rules()) {
                Label line = new Label("[" + r.status().label() + "] " + r.name() + ": " + r.detail());
                line.setWrapText(true);
                line.getStyleClass().add(r.passed() ? "text-muted" : Styles.DANGER);
                rules.getChildren().add(line);
            }
            g.errors().forEach(e -> {
                Label line = new Label("error: " + e);
                line.setWrapText(true);
                line.getStyleClass().add(Styles.DANGER);
                rules.getChildren().add(line);
            });
            box.getChildren().addAll(head, rules);
        }
    }

    private void renderError(String error) {
        if (error == null) {
            return;
        }
        Label line = new Label("The promotion policy cannot be evaluated: " + error);
        line.setWrapText(true);
        line.getStyleClass().add(Styles.DANGER);
        box.getChildren().setAll(line);
        box.setVisible(true);
        box.setManaged(true);
    }
}
