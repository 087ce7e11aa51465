package dev.tightrope.ui.approvals;

import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.VBox;

/**
 * Asks for the passphrase of a reviewer key, to sign one decision. The answer goes straight to
 * the signing service, which wipes it; the field is cleared as soon as it is read.
 */
final class PassphraseDialog extends Dialog<char[]> {

    PassphraseDialog(String action, String keyName, String fingerprint) {
        setTitle("Sign");
        setHeaderText(action + " with key '" + keyName + "'");
        PasswordField field = new PasswordField();
        field.setId("passphrase-field");
        field.setPromptText("Passphrase of " + keyName);
        Label key = new Label(fingerprint);
        key.getStyleClass().addAll("mono", "text-muted");
        Label note = new Label("The passphrase decrypts the key for this signature only; it is never stored.");
        note.getStyleClass().add("text-muted");
        note.setWrapText(true);
        VBox box = new VBox(8, key, field, note);
        box.setPrefWidth(420);
        getDialogPane().setContent(box);
        ButtonType sign = new ButtonType("Sign", ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().setAll(sign, ButtonType.CANCEL);
        getDialogPane().lookupButton(sign).setId("passphrase-ok");
        getDialogPane().lookupButton(sign).disableProperty().bind(field.textProperty().isEmpty());
        setResultConverter(bt -> {
            char[] out = bt == sign ? field.getText().toCharArray() : null;
            field.clear();
            return out;
        });
        setOnShown(e -> field.requestFocus());
    }
}
