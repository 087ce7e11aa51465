package dev.tightrope.ui.approvals;

import dev.tightrope.service.TrustService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.FileChooser;

/**
 * Adds a reviewer to the trust store (name, email, roles, public key PEM pasted or loaded from a
 * file) or edits one's email and roles (the key of a trusted reviewer never changes: remove and
 * add again to rotate it).
 */
final class ReviewerDialog extends Dialog<ReviewerDialog.Answer> {

    /** The reviewer as entered; {@code publicKeyPem} is null when editing. */
    record Answer(String name, String email, List<String> roles, String publicKeyPem) {
    }

    private enum Mode {
        ADD,
        EDIT,
        OWN_KEY
    }

    /** A new reviewer with a public key pasted or loaded from a file. */
    static ReviewerDialog add() {
        return new ReviewerDialog(Mode.ADD, "", null, List.of(), null);
    }

    static ReviewerDialog edit(TrustService.ReviewerSummary r) {
        return new ReviewerDialog(Mode.EDIT, r.name(), r.email(), r.roles(), null);
    }

    /** Trusts one of this workspace's own keys, named after it (a reviewer who signs on this machine). */
    static ReviewerDialog ownKey(String keyName, String fingerprint) {
        return new ReviewerDialog(Mode.OWN_KEY, keyName, null, List.of(), fingerprint);
    }

    private ReviewerDialog(Mode mode, String name, String email, List<String> roles, String fingerprint) {
        boolean editing = mode != Mode.ADD;
        setTitle(mode == Mode.EDIT ? "Edit reviewer" : "Trust a reviewer");
        setHeaderText(switch (mode) {
            case EDIT -> "Email and roles of " + name;
            case OWN_KEY -> "Trust your key " + name + " (" + fingerprint + ")";
            case ADD -> "A reviewer whose signed approvals count";
        });
        TextField nameField = new TextField(name == null ? "" : name);
        nameField.setId("reviewer-name");
        nameField.setPromptText("ravi.kapoor");
        nameField.setDisable(editing);
        TextField emailField = new TextField(email == null ? "" : email);
        emailField.setId("reviewer-email");
        emailField.setPromptText("ravi.kapoor@kestrel.example");
        TextField rolesField = new TextField(String.join(", ", roles));
        rolesField.setId("reviewer-roles");
        rolesField.setPromptText("security, ml-lead, legal");
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(10);
        grid.addRow(0, new Label("Name"), nameField);
        grid.addRow(1, new Label("Email"), emailField);
        grid.addRow(2, new Label("Roles"), rolesField);
        TextArea pemArea = new TextArea();
        pemArea.setId("reviewer-public-key");
        pemArea.setPromptText("-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----");
        pemArea.setPrefRowCount(6);
        pemArea.getStyleClass().add("mono");
        if (!editing) {
            Button load = new Button("Load file…");
            load.setId("reviewer-load-key");
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
            grid.addRow(3, new Label("Public key"), pemArea);
            grid.add(load, 1, 4);
        }
        getDialogPane().setContent(grid);
        ButtonType ok = new ButtonType(editing ? "Save" : "Trust", ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().setAll(ok, ButtonType.CANCEL);
        getDialogPane().lookupButton(ok).setId("reviewer-confirm");
        getDialogPane().lookupButton(ok).disableProperty().bind(editing ? nameField.textProperty().isEmpty()
                : nameField.textProperty().isEmpty().or(pemArea.textProperty().isEmpty()));
        setResultConverter(bt -> bt != ok ? null : new Answer(nameField.getText().strip(), emailField.getText().strip(),
                Arrays.stream(rolesField.getText().split("[,\\s]+")).map(String::strip).filter(s -> !s.isEmpty()).toList(),
                editing ? null : pemArea.getText()));
    }
}
