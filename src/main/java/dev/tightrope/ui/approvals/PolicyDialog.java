package dev.tightrope.ui.approvals;

import dev.tightrope.service.TrustService;
import java.util.Arrays;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;

/** Edits the workspace's promotion policy; the service validates it and records the change. */
final class PolicyDialog extends Dialog<TrustService.PolicySettings> {

    PolicyDialog(TrustService.PolicySettings current) {
        setTitle("Approval policy");
        setHeaderText("What a release needs before it may be promoted");
        TextField scope = new TextField(current.scope() == null ? "" : current.scope());
        scope.setId("policy-scope");
        scope.setPromptText("promote:production (empty: any scope)");
        Spinner<Integer> approvals = new Spinner<>(0, 20, current.requireApprovals());
        approvals.setId("policy-approvals");
        CheckBox distinct = new CheckBox("from distinct reviewers");
        distinct.setId("policy-distinct");
        distinct.setSelected(current.distinctReviewers());
        TextField roles = new TextField(String.join(", ", current.requireRoles()));
        roles.setId("policy-roles");
        roles.setPromptText("security");
        TextField maxAge = new TextField(current.maxAgeDays() == null ? "" : String.valueOf(current.maxAgeDays()));
        maxAge.setId("policy-max-age");
        maxAge.setPromptText("days (empty: no limit)");
        CheckBox blocks = new CheckBox("a rejection newer than the approvals fails the gate");
        blocks.setId("policy-rejection-blocks");
        blocks.setSelected(current.rejectionBlocks());
        Label error = new Label();
        error.getStyleClass().add("text-danger");
        error.setWrapText(true);
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(10);
        grid.addRow(0, new Label("Scope"), scope);
        grid.addRow(1, new Label("Approvals"), approvals, distinct);
        grid.addRow(2, new Label("Roles required"), roles);
        grid.addRow(3, new Label("Max age"), maxAge);
        grid.add(blocks, 1, 4, 2, 1);
        grid.add(error, 0, 5, 3, 1);
        getDialogPane().setContent(grid);
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().setAll(save, ButtonType.CANCEL);
        getDialogPane().lookupButton(save).setId("policy-save");
        getDialogPane().lookupButton(save).addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            try {
                read(scope, approvals, distinct, roles, maxAge, blocks);
            } catch (IllegalArgumentException bad) {
                error.setText(bad.getMessage());
                e.consume();
            }
        });
        setResultConverter(bt -> bt == save ? read(scope, approvals, distinct, roles, maxAge, blocks) : null);
    }

    private static TrustService.PolicySettings read(TextField scope, Spinner<Integer> approvals, CheckBox distinct, TextField roles,
                                                    TextField maxAge, CheckBox blocks) {
        Integer days;
        try {
            days = maxAge.getText().isBlank() ? null : Integer.valueOf(maxAge.getText().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the maximum age is a number of days");
        }
        return new TrustService.PolicySettings(scope.getText().isBlank() ? null : scope.getText().strip(), approvals.getValue(),
                distinct.isSelected(), Arrays.stream(roles.getText().split("[,\\s]+")).filter(s -> !s.isBlank()).toList(), days,
                blocks.isSelected());
    }
}
