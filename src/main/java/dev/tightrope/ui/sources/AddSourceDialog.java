package dev.tightrope.ui.sources;

import atlantafx.base.theme.Styles;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SourceType;
import dev.tightrope.ui.common.DialogValidation;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.controlsfx.validation.Severity;

/**
 * Asks for a new source: type, name and the settings that type takes. Each field that is wrong
 * is marked, and the line under the form says why Add is not possible yet.
 */
final class AddSourceDialog extends Dialog<SourceConfig> {
    private final GridPane grid = new GridPane();
    private final Map<String, TextField> fields = new LinkedHashMap<>();
    private final ButtonType add = new ButtonType("Add", ButtonBar.ButtonData.OK_DONE);
    private final VBox whyBox = new VBox();
    private final TextField name = new TextField();
    private final Set<String> existing;
    private final Map<TextField, String> required = new LinkedHashMap<>();

    AddSourceDialog(List<SourceType> types, Set<String> existingNames) {
        this.existing = existingNames;
        setTitle("Add source");
        setHeaderText("Where should Tightrope read from?");
        ChoiceBox<SourceType> type = new ChoiceBox<>();
        type.setId("source-type");
        type.getItems().setAll(types);
        type.setMaxWidth(Double.MAX_VALUE);
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
        name.setId("source-name");
        name.setPromptText("e.g. datalake-lineage");
        grid.setHgap(10);
        grid.setVgap(6);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints inputs = new ColumnConstraints();
        inputs.setHgrow(Priority.ALWAYS);
        inputs.setFillWidth(true);
        grid.getColumnConstraints().setAll(labels, inputs);
        type.valueProperty().addListener((obs, old, t) -> layout(type, t));
        // a type with many settings scrolls inside the dialog rather than pushing the buttons out of
        // a window that cannot grow (the dialog grows where the window manager lets it)
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("edge-to-edge");
        // the line that says why Add is disabled stays in view below the settings
        getDialogPane().setContent(new VBox(12, scroll, whyBox));
        getDialogPane().setPrefWidth(640);
        getDialogPane().getButtonTypes().setAll(add, ButtonType.CANCEL);
        getDialogPane().lookupButton(add).setId("source-add-confirm");
        setResultConverter(bt -> {
            if (bt != add) {
                return null;
            }
            Map<String, String> settings = new LinkedHashMap<>();
            fields.forEach((k, f) -> {
                if (!f.getText().isBlank()) {
                    settings.put(k, f.getText().strip());
                }
            });
            return new SourceConfig(name.getText().strip(), type.getValue().type(), settings);
        });
        if (!types.isEmpty()) {
            type.setValue(types.get(0));
        } else {
            layout(type, null);
        }
    }

    /** Lays out the type, the name and the chosen type's settings, each with what it means, and validates them. */
    private void layout(ChoiceBox<SourceType> type, SourceType t) {
        grid.getChildren().clear();
        fields.clear();
        required.clear();
        int row = 0;
        grid.addRow(row++, label("Type", true), type);
        grid.addRow(row++, label("Name", true), name);
        grid.add(hint("What the console calls it; letters, digits, '.', '_' or '-'"), 1, row++);
        if (t != null) {
            for (SourceType.Setting s : t.settings()) {
                TextField f = new TextField();
                f.setId("setting-" + s.key());
                f.setPromptText(s.secret() ? "name of an environment variable, e.g. HF_TOKEN" : s.description());
                fields.put(s.key(), f);
                if (s.required()) {
                    required.put(f, "fill in " + s.key() + " (" + s.description() + ")");
                }
                HBox.setHgrow(f, Priority.ALWAYS);
                HBox box = new HBox(6, f);
                if (s.key().equals("path")) {
                    box.getChildren().addAll(chooser("File…", () -> new FileChooser().showOpenDialog(window()), f),
                            chooser("Folder…", () -> new DirectoryChooser().showDialog(window()), f));
                }
                grid.addRow(row++, label(s.key(), s.required()), box);
                grid.add(hint(s.secret() ? s.description() + " (the secret itself stays in the environment or credentials.properties)"
                        : s.description()), 1, row++);
            }
        }
        validate();
    }

    /** Marks what is wrong and says why Add is disabled, with the console's one dialog validation. */
    private void validate() {
        DialogValidation v = new DialogValidation(this, add, "source-why-not");
        v.check(name, Severity.ERROR, (String n) -> {
            if (n == null || n.isBlank()) {
                return "give the source a name";
            }
            if (!SourceConfig.isValidName(n.strip())) {
                return "the name can have letters, digits, '.', '_' or '-' only, and starts with a letter or digit";
            }
            return existing.contains(n.strip()) ? "a source with this name exists already" : null;
        });
        required.forEach((field, message) -> v.check(field, Severity.ERROR, (String x) -> x == null || x.isBlank() ? message : null));
        whyBox.getChildren().setAll(v.why());
    }

    private javafx.stage.Window window() {
        return getDialogPane().getScene().getWindow();
    }

    private static Button chooser(String text, java.util.function.Supplier<File> choose, TextField target) {
        Button b = new Button(text);
        b.setMinWidth(Region.USE_PREF_SIZE);
        b.setOnAction(e -> {
            File chosen = choose.get();
            if (chosen != null) {
                target.setText(chosen.getAbsolutePath());
            }
        });
        return b;
    }

    private static Label label(String text, boolean required) {
        Label l = new Label(text + (required ? " *" : ""));
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static Node hint(String text) {
        Label l = new Label(text);
        l.getStyleClass().addAll("text-muted", Styles.TEXT_SMALL);
        l.setWrapText(true);
        return l;
    }
}
