package dev.tightrope.ui.sources;

import atlantafx.base.theme.Styles;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SourceType;
import dev.tightrope.ui.common.DialogValidation;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.controlsfx.validation.Severity;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * A source's form, generated from the settings its type takes: Add source (type, name and
 * settings) or Edit (the settings of a saved source; its name and type stay). Required settings
 * are marked, a secret setting takes the name of the environment variable that holds it, a
 * {@code url} is checked against the https-or-loopback rule as it is typed, a {@code path} can be
 * browsed for, and a setting whose description gives a true/false default is a checkbox. Each
 * field that is wrong is marked and the line under the form says why Add (Save) is not possible
 * yet. <b>Test connection</b> (Ctrl+Shift+T) tries the settings as typed without saving them.
 */
final class SourceDialog extends Dialog<SourceConfig> {
    /** Test connection's shortcut, here and in the Sources view. */
    static final KeyCombination TEST_SHORTCUT = new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);
    /** The name a source not named yet is tested under. */
    private static final String UNNAMED = "new-source";

    private final GridPane grid = new GridPane();
    private final Map<String, TextField> texts = new LinkedHashMap<>();
    private final Map<String, Switch> switches = new LinkedHashMap<>();
    private final ButtonType ok;
    private final VBox whyBox = new VBox();
    private final TextField name = new TextField();
    private final ChoiceBox<SourceType> type = new ChoiceBox<>();
    private final Set<String> existing;
    /** The saved source being edited, or null when adding one. */
    private final SourceConfig saved;
    private final ConnectionTest<SourceConfig> test;
    private final Button testButton = new Button("Test connection", new FontIcon(Feather.ACTIVITY));

    /** A checkbox for an on/off setting: unset means its default, so an untouched box writes nothing. */
    private record Switch(CheckBox box, boolean byDefault, boolean wasSet) {
    }

    /** Add source: any of {@code types}, under a name not in {@code existingNames}. */
    static SourceDialog add(List<SourceType> types, Set<String> existingNames, ConnectionTest<SourceConfig> test) {
        return new SourceDialog(types, existingNames, null, test);
    }

    /** Edit the settings of {@code saved}, a source of {@code type}. */
    static SourceDialog edit(SourceType type, SourceConfig saved, ConnectionTest<SourceConfig> test) {
        return new SourceDialog(List.of(type), Set.of(), saved, test);
    }

    private SourceDialog(List<SourceType> types, Set<String> existingNames, SourceConfig saved, ConnectionTest<SourceConfig> test) {
        this.existing = existingNames;
        this.saved = saved;
        this.test = test;
        boolean editing = saved != null;
        ok = new ButtonType(editing ? "Save" : "Add", ButtonBar.ButtonData.OK_DONE);
        setTitle(editing ? "Edit source" : "Add source");
        setHeaderText(editing ? "Settings of " + saved.name() + " (" + saved.type() + ")" : "Where should Tightrope read from?");
        type.setId("source-type");
        type.getItems().setAll(types);
        type.setMaxWidth(Double.MAX_VALUE);
        type.setDisable(editing);
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
        if (editing) {
            name.setText(saved.name());
            name.setDisable(true);
        }
        // an answer is about the settings it tested: typing makes it stale
        name.textProperty().addListener(o -> test.clear());
        grid.setHgap(10);
        grid.setVgap(6);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints inputs = new ColumnConstraints();
        inputs.setHgrow(Priority.ALWAYS);
        inputs.setFillWidth(true);
        grid.getColumnConstraints().setAll(labels, inputs);
        type.valueProperty().addListener((obs, old, t) -> {
            test.clear();
            layout(t);
        });
        // a type with many settings scrolls inside the dialog rather than pushing the buttons out of
        // a window that cannot grow; one height for every type, so choosing another never needs more
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setPrefViewportHeight(340);
        scroll.getStyleClass().add("edge-to-edge");

        testButton.setId("source-test");
        testButton.setMinWidth(Region.USE_PREF_SIZE);
        testButton.setTooltip(new Tooltip("Try these settings with one cheap call to the source, without saving them (Ctrl+Shift+T)"));
        testButton.disableProperty().bind(test.runningProperty().or(type.valueProperty().isNull()));
        testButton.setOnAction(e -> runTest());
        HBox result = ConnectionResultLine.of(test, "source-test-result");
        HBox.setHgrow(result, Priority.ALWAYS);
        HBox testRow = new HBox(10, testButton, result);
        testRow.setAlignment(javafx.geometry.Pos.TOP_LEFT);
        // room for an answer of three lines from the first layout: the window may not grow later
        testRow.setMinHeight(3 * 1.5 * javafx.scene.text.Font.getDefault().getSize());
        // on the scene, not the pane: with the focused button disabled during a test, keys go to the scene itself
        javafx.event.EventHandler<KeyEvent> shortcut = e -> {
            if (TEST_SHORTCUT.match(e) && !testButton.isDisabled()) {
                e.consume();
                runTest();
            }
        };
        getDialogPane().sceneProperty().addListener((obs, old, scene) -> {
            if (old != null) {
                old.removeEventFilter(KeyEvent.KEY_PRESSED, shortcut);
            }
            if (scene != null) {
                scene.addEventFilter(KeyEvent.KEY_PRESSED, shortcut);
            }
        });
        if (getDialogPane().getScene() != null) {
            getDialogPane().getScene().addEventFilter(KeyEvent.KEY_PRESSED, shortcut);
        }

        // the line that says why Add is disabled stays in view below the settings
        getDialogPane().setContent(new VBox(12, scroll, testRow, whyBox));
        getDialogPane().setPrefWidth(680);
        getDialogPane().getButtonTypes().setAll(ok, ButtonType.CANCEL);
        getDialogPane().lookupButton(ok).setId(editing ? "source-save-confirm" : "source-add-confirm");
        setResultConverter(bt -> bt == ok ? config(name.getText().strip()) : null);
        if (!types.isEmpty()) {
            type.setValue(types.get(0));
        } else {
            layout(null);
        }
    }

    /** The source as the form says now, under {@code sourceName}. */
    private SourceConfig config(String sourceName) {
        Map<String, String> settings = new LinkedHashMap<>();
        texts.forEach((k, f) -> {
            if (!f.getText().isBlank()) {
                settings.put(k, f.getText().strip());
            }
        });
        switches.forEach((k, s) -> {
            if (s.box().isSelected() != s.byDefault() || s.wasSet()) {
                settings.put(k, String.valueOf(s.box().isSelected()));
            }
        });
        return new SourceConfig(sourceName, type.getValue().type(), settings);
    }

    private void runTest() {
        String typed = name.getText().strip();
        String testedName = SourceConfig.isValidName(typed) ? typed : UNNAMED;
        test.run(SourceConfig.isValidName(typed) ? typed : "the new source", config(testedName));
    }

    /** Lays out the type, the name and the chosen type's settings, each with what it means, and validates them. */
    private void layout(SourceType t) {
        grid.getChildren().clear();
        texts.clear();
        switches.clear();
        int row = 0;
        grid.addRow(row++, label("Type", true), type);
        grid.addRow(row++, label("Name", true), name);
        grid.add(hint(saved != null ? "The name and type of a saved source stay; add a new source for another"
                : "What the console calls it; letters, digits, '.', '_' or '-'"), 1, row++);
        if (t != null) {
            for (SourceType.Setting s : t.settings()) {
                String current = saved == null ? null : saved.setting(s.key());
                Optional<Boolean> byDefault = SettingRules.booleanDefault(s);
                if (byDefault.isPresent()) {
                    CheckBox box = new CheckBox(s.description());
                    box.setId("setting-" + s.key());
                    box.setWrapText(true);
                    box.setSelected(current == null ? byDefault.get() : Boolean.parseBoolean(current));
                    box.selectedProperty().addListener(o -> test.clear());
                    switches.put(s.key(), new Switch(box, byDefault.get(), current != null));
                    grid.addRow(row++, label(s.key(), false), box);
                    continue;
                }
                TextField f = new TextField(current == null ? "" : current);
                f.setId("setting-" + s.key());
                f.setPromptText(s.secret() ? "name of an environment variable, e.g. " + exampleVariable(t) : s.description());
                f.textProperty().addListener(o -> test.clear());
                texts.put(s.key(), f);
                HBox.setHgrow(f, Priority.ALWAYS);
                HBox box = new HBox(6, f);
                if (s.key().equals("path")) {
                    box.getChildren().addAll(chooser("File…", "Browse for a file", () -> new FileChooser().showOpenDialog(window()), f),
                            chooser("Folder…", "Browse for a folder", () -> new DirectoryChooser().showDialog(window()), f));
                }
                grid.addRow(row++, s.secret() ? secretLabel(s.key(), s.required()) : label(s.key(), s.required()), box);
                grid.add(hint(s.secret() ? s.description() + ". Only the variable's name is saved; the secret is read from it"
                        + " when syncing and never stored." : s.description()), 1, row++);
            }
        }
        validate(t);
    }

    /** Marks what is wrong and says why Add is disabled, with the console's one dialog validation. */
    private void validate(SourceType t) {
        DialogValidation v = new DialogValidation(this, ok, "source-why-not");
        if (saved == null) {
            v.check(name, Severity.ERROR, (String n) -> {
                if (n == null || n.isBlank()) {
                    return "give the source a name";
                }
                if (!SourceConfig.isValidName(n.strip())) {
                    return "the name can have letters, digits, '.', '_' or '-' only, and starts with a letter or digit";
                }
                return existing.contains(n.strip()) ? "a source with this name exists already" : null;
            });
        }
        if (t != null) {
            for (SourceType.Setting s : t.settings()) {
                TextField field = texts.get(s.key());
                if (field != null) {
                    v.check(field, Severity.ERROR, (String x) -> s.required() && (x == null || x.isBlank())
                            ? "fill in " + s.key() + " (" + s.description() + ")" : SettingRules.problem(s, x));
                }
            }
        }
        whyBox.getChildren().setAll(v.why());
    }

    /** A variable name that fits the type, for the prompt: HF_TOKEN for huggingface, MLFLOW_TOKEN for mlflow. */
    private static String exampleVariable(SourceType t) {
        String prefix = t.type().equals("huggingface") ? "HF" : t.type().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        return prefix + "_TOKEN";
    }

    private javafx.stage.Window window() {
        return getDialogPane().getScene().getWindow();
    }

    private static Button chooser(String text, String tip, java.util.function.Supplier<File> choose, TextField target) {
        Button b = new Button(text);
        b.setMinWidth(Region.USE_PREF_SIZE);
        b.setTooltip(new Tooltip(tip));
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

    /** A secret setting's label: a key mark, and on hover that it takes a variable's name. */
    private static Node secretLabel(String key, boolean required) {
        Label l = label(key, required);
        l.setGraphic(new FontIcon(Feather.KEY));
        l.setContentDisplay(javafx.scene.control.ContentDisplay.RIGHT);
        l.setTooltip(new Tooltip("The name of an environment variable (or a credentials.properties line), never the secret"));
        return l;
    }

    private static Node hint(String text) {
        Label l = new Label(text);
        l.getStyleClass().addAll("text-muted", Styles.TEXT_SMALL);
        l.setWrapText(true);
        return l;
    }
}
