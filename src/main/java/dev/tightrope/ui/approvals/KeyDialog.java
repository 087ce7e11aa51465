package dev.tightrope.ui.approvals;

import dev.tightrope.ui.common.DialogValidation;
import dev.tightrope.ui.common.Dialogs;
import java.util.function.Function;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.validation.Severity;

/**
 * Asks for a new reviewer key: its name, algorithm and passphrase (typed twice, never stored).
 * Generate stays disabled until the name is free and well formed, the passphrase long enough and
 * typed the same twice; the line under the form says which of these is missing.
 */
final class KeyDialog extends Dialog<KeyDialog.Answer> {

    /** The key to generate; the service wipes the passphrase. */
    record Answer(String name, String algorithm, char[] passphrase) {
    }

    /**
     * @param nameProblem   what is wrong with a name (malformed, taken), or null
     * @param minPassphrase the shortest passphrase accepted
     */
    KeyDialog(String suggestedName, Function<String, String> nameProblem, int minPassphrase) {
        setTitle("Generate a reviewer key");
        setHeaderText("A key to sign approvals with, encrypted with your passphrase");
        TextField name = new TextField(suggestedName);
        name.setId("key-name");
        ChoiceBox<String> algorithm = new ChoiceBox<>();
        algorithm.setId("key-algorithm");
        algorithm.getItems().setAll("p256", "p384", "ed25519");
        algorithm.setValue("p256");
        PasswordField pass = new PasswordField();
        pass.setId("key-passphrase");
        pass.setPromptText("at least " + minPassphrase + " characters");
        PasswordField again = new PasswordField();
        again.setId("key-passphrase-again");
        again.setPromptText("the same passphrase again");
        Label hint = new Label("p256 is what model_signing and cosign verify; ed25519 is checked by Tightrope only. "
                + "The passphrase is never stored: without it the key cannot sign.");
        hint.getStyleClass().add("text-muted");
        Dialogs.wrapping(hint);
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(10);
        grid.getColumnConstraints().addAll(new ColumnConstraints(Region.USE_PREF_SIZE, Region.USE_COMPUTED_SIZE, Region.USE_PREF_SIZE),
                growing());
        grid.addRow(0, label("Name"), name);
        grid.addRow(1, label("Algorithm"), algorithm);
        grid.addRow(2, label("Passphrase"), pass);
        grid.addRow(3, label("Again"), again);

        ButtonType create = new ButtonType("Generate", ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().setAll(create, ButtonType.CANCEL);
        getDialogPane().lookupButton(create).setId("key-generate-confirm");
        DialogValidation validation = new DialogValidation(this, create, "key-why-disabled")
                .check(name, Severity.ERROR, (String v) -> nameProblem.apply(v))
                .check(pass, Severity.ERROR, (String v) -> v == null || v.length() < minPassphrase
                        ? "the passphrase is too short (" + (v == null ? 0 : v.length()) + " of at least " + minPassphrase + " characters)"
                        : null)
                .check(again, () -> again.getText().isEmpty() ? "type the passphrase again to confirm it"
                        : again.getText().equals(pass.getText()) ? null : "the passphrases differ", pass.textProperty());
        VBox content = new VBox(10, grid, hint, validation.why());
        content.setPrefWidth(480);
        getDialogPane().setContent(content);
        setResultConverter(bt -> {
            Answer a = bt == create ? new Answer(name.getText().strip(), algorithm.getValue(), pass.getText().toCharArray()) : null;
            pass.clear();
            again.clear();
            return a;
        });
        setOnShown(e -> pass.requestFocus());
    }

    static Label label(String text) {
        Label l = new Label(text);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    static ColumnConstraints growing() {
        ColumnConstraints c = new ColumnConstraints();
        c.setHgrow(Priority.ALWAYS);
        c.setFillWidth(true);
        return c;
    }
}
