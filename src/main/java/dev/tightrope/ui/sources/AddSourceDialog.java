package dev.tightrope.ui.sources;

import atlantafx.base.theme.Styles;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SourceType;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.controlsfx.validation.ValidationMessage;
import org.controlsfx.validation.ValidationSupport;
import org.controlsfx.validation.Validator;
import org.controlsfx.validation.decoration.StyleClassValidationDecoration;

/**
 * Asks for a new source: type, name and the settings that type takes. Each field that is wrong
 * is marked, and the line under the form says why Add is not possible yet.
 */
final class AddSourceDialog extends Dialog<SourceConfig> {
    private final GridPane grid = new GridPane();
    private final Map<String, TextField> fields = new LinkedHashMap<>();
    private final Label why = new Label();
    private final TextField name = new TextField();
    private final Set<String> existing;
    private final BooleanProperty invalid = new SimpleBooleanProperty(true);
    private final Map<TextField, String> required = new LinkedHashMap<>();
    private ValidationSupport validation;

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
        why.setId("source-why-not");
        why.getStyleClass().addAll("text-muted", Styles.TEXT_SMALL);
        why.setWrapText(true);
        getDialogPane().setContent(new VBox(12, grid, why));
        getDialogPane().setPrefWidth(640);
        ButtonType add = new ButtonType("Add", ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().setAll(add, ButtonType.CANCEL);
        getDialogPane().lookupButton(add).setId("source-add-confirm");
        getDialogPane().lookupButton(add).disableProperty().bind(invalid);
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
                    required.put(f, "Fill in " + s.key() + ": " + s.description());
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

    /**
     * Marks what is wrong and says why Add is disabled. Marks are style classes on the fields:
     * ControlsFX's graphic decorations wrap the scene's root, which a dialog does not allow.
     */
    private void validate() {
        ValidationSupport v = new ValidationSupport();
        v.setValidationDecorator(new StyleClassValidationDecoration());
        // one validator per control (a second registration replaces the first): the name's checks combined
        v.registerValidator(name, true, Validator.combine(
                Validator.<String>createPredicateValidator(n -> n != null && !n.isBlank(), "Give the source a name"),
                Validator.<String>createPredicateValidator(n -> n == null || n.isBlank() || SourceConfig.isValidName(n.strip()),
                        "The name can have letters, digits, '.', '_' or '-' only, and starts with a letter or digit"),
                Validator.<String>createPredicateValidator(n -> n == null || !existing.contains(n.strip()),
                        "A source with this name exists already")));
        required.forEach((field, message) ->
                v.registerValidator(field, Validator.<String>createPredicateValidator(x -> x != null && !x.isBlank(), message)));
        validation = v;
        v.validationResultProperty().addListener((obs, old, result) -> explain());
        v.invalidProperty().addListener((obs, old, now) -> explain());
        v.revalidate();
        explain();
    }

    /** Says why Add is disabled: the first problem, in words. */
    private void explain() {
        boolean bad = validation == null || Boolean.TRUE.equals(validation.isInvalid());
        invalid.set(bad);
        if (validation == null) {
            why.setText("Choose a type of source");
            return;
        }
        if (!bad) {
            why.setText("Add reads the source in full once it is added.");
            return;
        }
        // the first problem from the top of the form
        java.util.List<javafx.scene.control.Control> order = new java.util.ArrayList<>();
        order.add(name);
        order.addAll(fields.values());
        why.setText(order.stream().map(c -> validation.getHighestMessage(c)).flatMap(java.util.Optional::stream)
                .map(ValidationMessage::getText).findFirst().orElse("Fill in the fields marked *"));
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
