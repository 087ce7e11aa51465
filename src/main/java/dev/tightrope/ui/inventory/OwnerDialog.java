package dev.tightrope.ui.inventory;

import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.OwnerType;
import java.util.List;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;

/** Asks who owns an asset, as what. The answer is a manual assignment that survives syncs. */
final class OwnerDialog extends Dialog<OwnerDialog.Answer> {

    /** The owner to assign. */
    record Answer(String owner, OwnerType type, OwnerRole role) {
    }

    OwnerDialog(String assetName, List<String> knownOwners) {
        setTitle("Assign owner");
        setHeaderText("Who owns " + assetName + "?");
        ComboBox<String> owner = new ComboBox<>();
        owner.setId("owner-name");
        owner.setEditable(true);
        owner.getItems().setAll(knownOwners);
        owner.setPromptText("ana.ruiz@kestrel.example or fraud-ml");
        owner.setPrefWidth(320);
        ChoiceBox<OwnerType> type = new ChoiceBox<>();
        type.setId("owner-type");
        type.getItems().setAll(OwnerType.PERSON, OwnerType.TEAM);
        type.setValue(OwnerType.PERSON);
        ChoiceBox<OwnerRole> role = new ChoiceBox<>();
        role.setId("owner-role");
        role.getItems().setAll(OwnerRole.values());
        role.setValue(OwnerRole.TECHNICAL_OWNER);
        role.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(OwnerRole r) {
                return r == null ? "" : r.label();
            }

            @Override
            public OwnerRole fromString(String s) {
                return OwnerRole.valueOf(s);
            }
        });
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(10);
        grid.addRow(0, new Label("Owner"), owner);
        grid.addRow(1, new Label("Person or team"), type);
        grid.addRow(2, new Label("Role"), role);
        Label note = new Label("A manual assignment is yours: syncs never change or remove it.");
        note.getStyleClass().add("text-muted");
        grid.add(note, 0, 3, 2, 1);
        getDialogPane().setContent(grid);
        ButtonType assign = new ButtonType("Assign", ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().setAll(assign, ButtonType.CANCEL);
        getDialogPane().lookupButton(assign).setId("owner-assign-confirm");
        getDialogPane().lookupButton(assign).disableProperty().bind(
                owner.getEditor().textProperty().map(t -> t == null || t.isBlank()));
        setResultConverter(bt -> bt == assign
                ? new Answer(owner.getEditor().getText().strip(), type.getValue(), role.getValue()) : null);
        setOnShown(e -> owner.requestFocus());
    }
}
