package dev.tightrope.ui.sources;

import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SourceType;
import java.io.File;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;

/** Asks for a new source: type, name and the settings that type takes. */
final class AddSourceDialog extends Dialog<SourceConfig> {
    private final GridPane settingsGrid = new GridPane();
    private final Map<String, TextField> fields = new HashMap<>();
    private final Label error = new Label();

    AddSourceDialog(List<SourceType> types) {
        setTitle("Add source");
        setHeaderText("Where should Tightrope read from?");
        ChoiceBox<SourceType> type = new ChoiceBox<>();
        type.setId("source-type");
        type.getItems().setAll(types);
        type.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(SourceType t) {
                return t == null ? "" : t.type() + " — " + t.description();
            }

            @Override
            public SourceType fromString(String s) {
                return null;
            }
        });
        TextField name = new TextField();
        name.setId("source-name");
        name.setPromptText("e.g. datalake-lineage");
        settingsGrid.setHgap(10);
        settingsGrid.setVgap(8);
        type.valueProperty().addListener((obs, old, t) -> showSettings(t));
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(10);
        grid.addRow(0, new Label("Type"), type);
        grid.addRow(1, new Label("Name"), name);
        grid.add(settingsGrid, 0, 2, 2, 1);
        error.getStyleClass().add("text-danger");
        error.setWrapText(true);
        grid.add(error, 0, 3, 2, 1);
        getDialogPane().setContent(grid);
        getDialogPane().setPrefWidth(620);
        ButtonType add = new ButtonType("Add", ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().setAll(add, ButtonType.CANCEL);
        getDialogPane().lookupButton(add).setId("source-add-confirm");
        getDialogPane().lookupButton(add).disableProperty().bind(type.valueProperty().isNull().or(name.textProperty().isEmpty()));
        setResultConverter(bt -> {
            if (bt != add) {
                return null;
            }
            Map<String, String> settings = new HashMap<>();
            fields.forEach((k, f) -> {
                if (!f.getText().isBlank()) {
                    settings.put(k, f.getText().strip());
                }
            });
            return new SourceConfig(name.getText().strip(), type.getValue().type(), settings);
        });
        if (!types.isEmpty()) {
            type.setValue(types.get(0));
        }
    }

    void showError(String message) {
        error.setText(message);
    }

    private void showSettings(SourceType t) {
        settingsGrid.getChildren().clear();
        fields.clear();
        if (t == null) {
            return;
        }
        int row = 0;
        for (SourceType.Setting s : t.settings()) {
            TextField f = new TextField();
            f.setId("setting-" + s.key());
            f.setPromptText(s.secret() ? "name of an environment variable" : s.description());
            f.setPrefWidth(380);
            fields.put(s.key(), f);
            HBox box = new HBox(6, f);
            if (s.key().equals("path")) {
                Button file = new Button("File…");
                file.setOnAction(e -> {
                    File chosen = new FileChooser().showOpenDialog(getDialogPane().getScene().getWindow());
                    if (chosen != null) {
                        f.setText(chosen.getAbsolutePath());
                    }
                });
                Button dir = new Button("Folder…");
                dir.setOnAction(e -> {
                    File chosen = new DirectoryChooser().showDialog(getDialogPane().getScene().getWindow());
                    if (chosen != null) {
                        f.setText(chosen.getAbsolutePath());
                    }
                });
                box.getChildren().addAll(file, dir);
            }
            Label label = new Label(s.key() + (s.required() ? " *" : ""));
            settingsGrid.addRow(row++, label, box);
        }
    }
}
