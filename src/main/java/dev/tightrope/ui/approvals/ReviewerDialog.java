package dev.tightrope.ui.approvals;

import dev.tightrope.service.TrustService;
import dev.tightrope.ui.common.DialogValidation;
import dev.tightrope.ui.common.Dialogs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Supplier;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Control;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.controlsfx.validation.Severity;

/**
 * Trusts a reviewer on this machine (name, email, roles, public key PEM pasted or loaded from a
 * file, or one of this workspace's own keys) or edits one's roles (the key of a trusted reviewer
 * never changes: remove and add again to rotate it; a reviewed reviewer's email is the
 * organisation's). Before it is confirmed the dialog says how the entry will count (a local
 * entry is unreviewed) and flags self-trust: trusting one's own key, or raising one's own roles.
 */
final class ReviewerDialog extends Dialog<ReviewerDialog.Answer> {

    /** The reviewer as entered; {@code publicKeyPem} is null when editing or trusting an own key. */
    record Answer(String name, String email, List<String> roles, String publicKeyPem) {
    }

    private enum Mode {
        ADD,
        EDIT,
        OWN_KEY
    }

    /** A new reviewer with a public key pasted or loaded from a file. */
    static ReviewerDialog add(ApprovalsViewModel vm) {
        return new ReviewerDialog(vm, Mode.ADD, "", null, List.of(), null, null);
    }

    static ReviewerDialog edit(ApprovalsViewModel vm, TrustService.ReviewerSummary r) {
        return new ReviewerDialog(vm, Mode.EDIT, r.name(), r.email(), r.roles(), r.fingerprint(), r);
    }

    /** Trusts one of this workspace's own keys, named after it (a reviewer who signs on this machine). */
    static ReviewerDialog ownKey(ApprovalsViewModel vm, TrustService.KeySummary key) {
        return new ReviewerDialog(vm, Mode.OWN_KEY, key.name(), null, List.of(), key.fingerprint(), null);
    }

    private ReviewerDialog(ApprovalsViewModel vm, Mode mode, String name, String email, List<String> roles, String fingerprint,
                           TrustService.ReviewerSummary existing) {
        boolean editing = mode == Mode.EDIT;
        setTitle(editing ? "Edit reviewer" : "Trust a reviewer");
        setHeaderText(switch (mode) {
            case EDIT -> "Roles of " + name + (existing.reviewed() ? " (in the organisation's reviewed trust store)" : " (trusted locally)");
            case OWN_KEY -> "Trust your key " + name + " (" + fingerprint + ")";
            case ADD -> "A reviewer whose signed approvals this workspace checks";
        });
        TextField nameField = new TextField(name == null ? "" : name);
        nameField.setId("reviewer-name");
        nameField.setPromptText("ravi.kapoor");
        nameField.setDisable(editing);
        TextField emailField = new TextField(email == null ? "" : email);
        emailField.setId("reviewer-email");
        emailField.setPromptText("ravi.kapoor@kestrel.example");
        boolean reviewedEmail = editing && existing.reviewed();
        emailField.setDisable(reviewedEmail);
        TextField rolesField = new TextField(String.join(", ", roles));
        rolesField.setId("reviewer-roles");
        rolesField.setPromptText("security, ml-lead, legal");
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(10);
        grid.getColumnConstraints().addAll(new ColumnConstraints(), KeyDialog.growing());

        grid.addRow(0, KeyDialog.label("Name"), nameField);
        grid.addRow(1, KeyDialog.label("Email"), emailField);
        grid.addRow(2, KeyDialog.label("Roles"), rolesField);
        int row = 3;
        if (reviewedEmail) {
            Label mail = Dialogs.wrapping(new Label("The email is the organisation's: change it in its reviewed trust store."));
            mail.getStyleClass().add("text-muted");
            grid.add(mail, 1, row++);
        }
        TextArea pemArea = new TextArea();
        pemArea.setId("reviewer-public-key");
        pemArea.setPromptText("-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----");
        pemArea.setPrefRowCount(5);
        pemArea.getStyleClass().add("mono");
        if (mode == Mode.ADD) {
            Button load = new Button("Load file…");
            load.setId("reviewer-load-key");
            load.setMinWidth(Control.USE_PREF_SIZE);
            load.setOnAction(e -> {
                var file = new FileChooser().showOpenDialog(getDialogPane().getScene().getWindow());
                if (file != null) {
                    try {
                        pemArea.setText(Files.readString(file.toPath(), StandardCharsets.US_ASCII));
                    } catch (IOException ex) {
                        pemArea.setText("");
                        setHeaderText("Cannot read " + file + ": " + ex.getMessage());
                    }
                }
            });
            grid.addRow(row++, KeyDialog.label("Public key"), pemArea);
            grid.add(load, 1, row++);
        }
        Label counting = Dialogs.wrapping(new Label());
        counting.setId("reviewer-counting");
        counting.getStyleClass().add("text-muted");
        counting.managedProperty().bind(counting.textProperty().isNotEmpty());

        ButtonType ok = new ButtonType(editing ? "Save" : "Trust", ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().setAll(ok, ButtonType.CANCEL);
        getDialogPane().lookupButton(ok).setId("reviewer-confirm");
        // the key whose trust is changed: pasted (ADD), or known (OWN_KEY, EDIT)
        Supplier<String> keyFingerprint = () -> mode == Mode.ADD ? vm.fingerprintOf(pemArea.getText()) : fingerprint;
        Supplier<ApprovalsViewModel.TrustCheck> check = () -> vm.trustCheck(nameField.getText(), emailField.getText(),
                ApprovalsViewModel.roles(rolesField.getText()), keyFingerprint.get(), existing);
        DialogValidation validation = new DialogValidation(this, ok, "reviewer-why-disabled");
        if (!editing) {
            validation.check(nameField, Severity.ERROR, (String v) -> vm.reviewerNameProblem(v, true));
        }
        validation.check(emailField, Severity.ERROR, (String v) -> vm.emailProblem(v))
                .check(rolesField, Severity.ERROR, (String v) -> vm.rolesProblem(v));
        if (mode == Mode.ADD) {
            validation.check(pemArea, Severity.ERROR, (String v) -> vm.publicKeyProblem(v));
        }
        Control selfTrustField = editing ? rolesField : mode == Mode.ADD ? pemArea : nameField;
        validation.warn(selfTrustField, () -> check.get().selfTrust(), nameField.textProperty(), emailField.textProperty(),
                rolesField.textProperty(), pemArea.textProperty());
        Runnable updateCounting = () -> {
            String c = check.get().counting();
            counting.setText(c == null ? "" : c);
        };
        nameField.textProperty().addListener(o -> updateCounting.run());
        rolesField.textProperty().addListener(o -> updateCounting.run());
        pemArea.textProperty().addListener(o -> updateCounting.run());
        updateCounting.run();
        VBox content = new VBox(10, grid, counting, validation.why());
        content.setPrefWidth(580);
        getDialogPane().setContent(content);
        if (mode == Mode.OWN_KEY) {
            getDialogPane().lookupButton(ok).setAccessibleHelp("Trusting your own key is self-trust");
            ((Button) getDialogPane().lookupButton(ok)).setTooltip(new Tooltip("Trusting your own key is self-trust: "
                    + "recorded as such, and it does not count toward a gate on its own"));
        }
        setResultConverter(bt -> bt != ok ? null : new Answer(nameField.getText().strip(), emailField.getText().strip(),
                ApprovalsViewModel.roles(rolesField.getText()), mode == Mode.ADD ? pemArea.getText() : null));
    }
}
