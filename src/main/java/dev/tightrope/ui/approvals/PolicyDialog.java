package dev.tightrope.ui.approvals;

import dev.tightrope.service.TrustService;
import dev.tightrope.ui.common.DialogValidation;
import dev.tightrope.ui.common.Dialogs;
import javafx.event.ActionEvent;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.controlsfx.validation.Severity;

/**
 * Edits the workspace's promotion policy; the service validates it and records the change. Save
 * stays disabled while a field is wrong, and the line under the form says which and why.
 */
final class PolicyDialog extends Dialog<TrustService.PolicySettings> {

    PolicyDialog(ApprovalsViewModel vm, TrustService.PolicySettings current) {
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
        CheckBox unreviewed = new CheckBox("count reviewers and roles trusted only locally (not in the organisation's reviewed trust store)");
        unreviewed.setId("policy-count-unreviewed");
        Dialogs.wrapping(unreviewed);
        unreviewed.setSelected(current.countUnreviewedReviewers());
        Label error = new Label();
        error.setId("policy-error");
        error.getStyleClass().add("text-danger");
        Dialogs.wrapping(error);
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(10);

        grid.addRow(0, KeyDialog.label("Scope"), scope);
        grid.addRow(1, KeyDialog.label("Approvals"), approvals, distinct);
        grid.addRow(2, KeyDialog.label("Roles required"), roles);
        grid.addRow(3, KeyDialog.label("Max age"), maxAge);
        grid.add(blocks, 1, 4, 2, 1);
        grid.add(unreviewed, 1, 5, 2, 1);
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().setAll(save, ButtonType.CANCEL);
        getDialogPane().lookupButton(save).setId("policy-save");
        DialogValidation validation = new DialogValidation(this, save, "policy-why-disabled")
                .check(scope, Severity.ERROR, (String v) -> vm.scopeProblem(v))
                .check(roles, Severity.ERROR, (String v) -> vm.rolesProblem(v))
                .check(maxAge, Severity.ERROR, (String v) -> vm.maxAgeProblem(v))
                .check(unreviewed, Severity.WARNING, (Boolean v) -> Boolean.TRUE.equals(v)
                        ? "approvals by reviewers the organisation never reviewed, self-trust included, will count toward the gate"
                        : null);
        VBox content = new VBox(10, grid, validation.why(), error);
        content.setPrefWidth(600);
        getDialogPane().setContent(content);
        getDialogPane().lookupButton(save).addEventFilter(ActionEvent.ACTION, e -> {
            try {
                read(scope, approvals, distinct, roles, maxAge, blocks, unreviewed);
            } catch (IllegalArgumentException bad) {
                error.setText(bad.getMessage());
                e.consume();
            }
        });
        setResultConverter(bt -> bt == save ? read(scope, approvals, distinct, roles, maxAge, blocks, unreviewed) : null);
    }

    private static TrustService.PolicySettings read(TextField scope, Spinner<Integer> approvals, CheckBox distinct, TextField roles,
                                                    TextField maxAge, CheckBox blocks, CheckBox unreviewed) {
        Integer days;
        try {
            days = maxAge.getText().isBlank() ? null : Integer.valueOf(maxAge.getText().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the maximum age is a number of days");
        }
        return new TrustService.PolicySettings(scope.getText().isBlank() ? null : scope.getText().strip(), approvals.getValue(),
                distinct.isSelected(), ApprovalsViewModel.roles(roles.getText()), days, blocks.isSelected(), unreviewed.isSelected());
    }
}
