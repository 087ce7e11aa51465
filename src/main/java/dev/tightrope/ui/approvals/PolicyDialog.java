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
import dev.tightrope.domain.Severity;
import javafx.collections.FXCollections;
import javafx.scene.control.ComboBox;

/**
 * Edits the workspace's promotion policy; the service validates it and records the change. Save
 * stays disabled while a field is wrong, and the line under the form says which and why.
 */
final class PolicyDialog extends Dialog<PolicyDialog.Answer> {

    /** What to save: the stage (its name), its approval rules and its rules about the release's facts. */
    record Answer(String stage, TrustService.PolicySettings settings, TrustService.StageRules rules) {
    }

    PolicyDialog(ApprovalsViewModel vm, TrustService.PolicyInUse policy) {
        setTitle("Approval policy");
        setHeaderText("What a release needs before it may be promoted");
        ComboBox<String> stage = new ComboBox<>(FXCollections.observableArrayList(policy.stages()));
        stage.setId("policy-stage");
        stage.setValue(policy.defaultStage());
        TrustService.PolicySettings current = policy.settings(null);
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
        ComboBox<Severity> maxSeverity = severities("no limit");
        maxSeverity.setId("policy-max-severity");
        CheckBox owner = new CheckBox("an owner is required");
        owner.setId("policy-require-owner");
        CheckBox training = new CheckBox("its training data is known (a dataset in its lineage)");
        training.setId("policy-require-training-data");
        ComboBox<Severity> scan = severities("no scan required");
        scan.setId("policy-scan-fail-on");
        Runnable showStage = () -> {
            TrustService.PolicySettings a = policy.settings(stage.getValue());
            TrustService.StageRules st = policy.rules(stage.getValue());
            scope.setText(a.scope() == null ? "" : a.scope());
            approvals.getValueFactory().setValue(a.requireApprovals());
            distinct.setSelected(a.distinctReviewers());
            roles.setText(String.join(", ", a.requireRoles()));
            maxAge.setText(a.maxAgeDays() == null ? "" : String.valueOf(a.maxAgeDays()));
            blocks.setSelected(a.rejectionBlocks());
            unreviewed.setSelected(a.countUnreviewedReviewers());
            maxSeverity.setValue(st.maxOpenSeverity());
            owner.setSelected(st.requireOwner());
            training.setSelected(st.requireTrainingData());
            scan.setValue(st.scanFailOn());
        };
        showStage.run();
        // another stage's rules replace the form's: Save saves the stage on show
        stage.valueProperty().addListener((obs, old, now) -> showStage.run());
        Label error = new Label();
        error.setId("policy-error");
        error.getStyleClass().add("text-danger");
        Dialogs.wrapping(error);
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(10);

        int row = 0;
        if (policy.stages().size() > 1) {
            grid.addRow(row++, KeyDialog.label("Stage"), stage);
        }
        grid.addRow(row++, KeyDialog.label("Scope"), scope);
        grid.addRow(row++, KeyDialog.label("Approvals"), approvals, distinct);
        grid.addRow(row++, KeyDialog.label("Roles required"), roles);
        grid.addRow(row++, KeyDialog.label("Max age"), maxAge);
        grid.add(blocks, 1, row++, 2, 1);
        grid.add(unreviewed, 1, row++, 2, 1);
        grid.addRow(row++, KeyDialog.label("Open findings"), maxSeverity, new Label("the worst allowed open"));
        grid.add(owner, 1, row++, 2, 1);
        grid.add(training, 1, row++, 2, 1);
        grid.addRow(row++, KeyDialog.label("Scan"), scan, new Label("a finding this severe or worse fails"));
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().setAll(save, ButtonType.CANCEL);
        getDialogPane().lookupButton(save).setId("policy-save");
        DialogValidation validation = new DialogValidation(this, save, "policy-why-disabled")
                .check(scope, org.controlsfx.validation.Severity.ERROR, (String v) -> vm.scopeProblem(v))
                .check(roles, org.controlsfx.validation.Severity.ERROR, (String v) -> vm.rolesProblem(v))
                .check(maxAge, org.controlsfx.validation.Severity.ERROR, (String v) -> vm.maxAgeProblem(v))
                .check(unreviewed, org.controlsfx.validation.Severity.WARNING, (Boolean v) -> Boolean.TRUE.equals(v)
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
        setResultConverter(bt -> bt == save ? new Answer(stage.getValue(), read(scope, approvals, distinct, roles, maxAge, blocks, unreviewed),
                new TrustService.StageRules(maxSeverity.getValue(), owner.isSelected(), training.isSelected(), scan.getValue())) : null);
    }

    /** Critical to low, and a first choice (null) for no such rule. */
    private static ComboBox<Severity> severities(String none) {
        ComboBox<Severity> box = new ComboBox<>();
        box.getItems().add(null);
        box.getItems().addAll(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW);
        box.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Severity s) {
                return s == null ? none : s.token();
            }

            @Override
            public Severity fromString(String text) {
                return null;
            }
        });
        // the empty choice needs a cell that shows its words, not a blank
        box.setButtonCell(new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(Severity s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty && s == null ? none : box.getConverter().toString(s));
            }
        });
        return box;
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
