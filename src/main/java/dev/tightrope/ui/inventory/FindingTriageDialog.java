package dev.tightrope.ui.inventory;

import dev.tightrope.ui.common.DialogValidation;
import java.time.LocalDate;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import org.controlsfx.validation.Severity;

/**
 * Asks for what a triage decision needs: for an acceptance, why and until which day; for a
 * suppression, why, which rule and which assets (this one, or a pattern).
 */
final class FindingTriageDialog<A> extends Dialog<A> {

    /** An acceptance: why, and the day it ends. */
    record Acceptance(String justification, LocalDate until) {
    }

    /** A suppression: the rule or rules, the asset or assets, and why. */
    record Suppression(String rulePattern, String assetPattern, String justification) {
    }

    private FindingTriageDialog() {
    }

    static FindingTriageDialog<Acceptance> accept(FindingsTriageViewModel.Row row, LocalDate today) {
        FindingTriageDialog<Acceptance> d = new FindingTriageDialog<>();
        d.setTitle("Accept risk");
        d.setHeaderText("Accept the risk of “" + row.title() + "”?");
        TextArea why = justification("Why is it acceptable? A compensating control, a deadline, a ticket…");
        DatePicker until = new DatePicker(today.plusDays(30));
        until.setId("triage-until");
        GridPane grid = grid();
        grid.addRow(0, new Label("Justification"), why);
        grid.addRow(1, new Label("Accepted until"), until);
        Label note = new Label("On that day it reopens by itself and counts as open again (at most a year from today). "
                + "The decision is yours: syncs keep it, the audit log records it.");
        note.getStyleClass().add("text-muted");
        note.setWrapText(true);
        note.setMaxWidth(420);
        grid.add(note, 0, 2, 2, 1);
        ButtonType ok = new ButtonType("Accept", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().setAll(ok, ButtonType.CANCEL);
        d.getDialogPane().lookupButton(ok).setId("triage-confirm");
        DialogValidation validation = new DialogValidation(d, ok, "triage-why-disabled")
                .check(why, Severity.ERROR, (String text) -> FindingsTriageViewModel.justificationProblem(text,
                        "Say why the risk is acceptable."))
                .check(until, Severity.ERROR, (LocalDate day) -> FindingsTriageViewModel.untilProblem(day, today));
        grid.add(validation.why(), 0, 3, 2, 1);
        d.getDialogPane().setContent(grid);
        d.setResultConverter(bt -> bt == ok ? new Acceptance(why.getText(), until.getValue()) : null);
        d.setOnShown(e -> why.requestFocus());
        return d;
    }

    static FindingTriageDialog<Suppression> suppress(FindingsTriageViewModel.Row row) {
        FindingTriageDialog<Suppression> d = new FindingTriageDialog<>();
        d.setTitle("Suppress rule");
        d.setHeaderText("Suppress " + row.ruleId() + "?");
        TextField rule = new TextField(row.ruleId());
        rule.setId("triage-rule");
        rule.setPromptText("a rule id, or a pattern such as secret.*");
        ToggleGroup scope = new ToggleGroup();
        RadioButton thisAsset = new RadioButton("This asset");
        thisAsset.setId("triage-this-asset");
        thisAsset.setToggleGroup(scope);
        thisAsset.setSelected(true);
        RadioButton matching = new RadioButton("Assets matching");
        matching.setId("triage-matching");
        matching.setToggleGroup(scope);
        TextField pattern = new TextField(FindingsTriageViewModel.siblingsPattern(row.assetUrn()));
        pattern.setId("triage-pattern");
        pattern.setPrefColumnCount(28);
        pattern.disableProperty().bind(thisAsset.selectedProperty());
        TextArea why = justification("Why do these findings need no attention?");
        GridPane grid = grid();
        grid.addRow(0, new Label("Rule"), rule);
        grid.addRow(1, new Label("For"), new HBox(8, thisAsset, matching, pattern));
        grid.addRow(2, new Label("Justification"), why);
        Label note = new Label("Findings of the rule on these assets, now and from later syncs, are suppressed until you remove the "
                + "suppression. Patterns are globs: * ? [...].");
        note.getStyleClass().add("text-muted");
        note.setWrapText(true);
        note.setMaxWidth(420);
        grid.add(note, 0, 3, 2, 1);
        ButtonType ok = new ButtonType("Suppress", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().setAll(ok, ButtonType.CANCEL);
        d.getDialogPane().lookupButton(ok).setId("triage-confirm");
        DialogValidation validation = new DialogValidation(d, ok, "triage-why-disabled")
                .check(rule, Severity.ERROR, (String text) -> text == null || text.isBlank() ? "Name the rule, or a pattern of rules." : null)
                .check(pattern, () -> thisAsset.isSelected() ? null : FindingsTriageViewModel.assetsProblem(pattern.getText()),
                        thisAsset.selectedProperty())
                .check(why, Severity.ERROR, (String text) -> FindingsTriageViewModel.justificationProblem(text,
                        "Say why these findings need no attention."));
        grid.add(validation.why(), 0, 4, 2, 1);
        d.getDialogPane().setContent(grid);
        d.setResultConverter(bt -> bt == ok
                ? new Suppression(rule.getText(), thisAsset.isSelected() ? row.assetUrn() : pattern.getText(), why.getText()) : null);
        d.setOnShown(e -> why.requestFocus());
        return d;
    }

    private static TextArea justification(String prompt) {
        TextArea why = new TextArea();
        why.setId("triage-justification");
        why.setPromptText(prompt);
        why.setPrefRowCount(3);
        why.setPrefColumnCount(32);
        why.setWrapText(true);
        return why;
    }

    private static GridPane grid() {
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(10);
        return grid;
    }
}
