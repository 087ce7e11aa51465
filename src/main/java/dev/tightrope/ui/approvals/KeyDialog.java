package dev.tightrope.ui.approvals;

import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;

/** Asks for a new reviewer key: its name, algorithm and passphrase (typed twice, at least 8 characters, never stored). */
final class KeyDialog extends Dialog<KeyDialog.Answer> {

    /** The key to generate; the service wipes the passphrase. */
    record Answer(String name, String algorithm, char[] passphrase) {
    }

    static final int MIN_PASSPHRASE = 8;

    KeyDialog(String suggestedName) {
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
        PasswordField again = new PasswordField();
        again.setId("key-passphrase-again");
        Label hint = new Label("p256 is what model_signing and cosign verify; ed25519 is checked by Tightrope only.");
        hint.getStyleClass().add("text-muted");
        hint.setWrapText(true);
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(10);
        grid.addRow(0, new Label("Name"), name);
        grid.addRow(1, new Label("Algorithm"), algorithm);
        grid.addRow(2, new Label("Passphrase"), pass);
        grid.addRow(3, new Label("Again"), again);
        grid.add(hint, 0, 4, 2, 1);
        getDialogPane().setContent(grid);
        ButtonType create = new ButtonType("Generate", ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().setAll(create, ButtonType.CANCEL);
        getDialogPane().lookupButton(create).setId("key-generate-confirm");
        getDialogPane().lookupButton(create).disableProperty().bind(name.textProperty().isEmpty()
                .or(pass.textProperty().length().lessThan(MIN_PASSPHRASE))
                .or(pass.textProperty().isNotEqualTo(again.textProperty())));
        setResultConverter(bt -> {
            Answer a = bt == create ? new Answer(name.getText().strip(), algorithm.getValue(), pass.getText().toCharArray()) : null;
            pass.clear();
            again.clear();
            return a;
        });
    }
}
