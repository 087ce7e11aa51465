package dev.tightrope.ui.sources;

import atlantafx.base.theme.Styles;
import dev.tightrope.service.EmitterSettings;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * What to put in a pipeline so its OpenLineage client sends to the console: the
 * {@code openlineage.yml} transport block and the same as environment variables. The API key
 * is masked until the user asks to see it; Copy always copies the real settings.
 */
final class EmitterSettingsDialog extends Dialog<Void> {
    private static final String MASK = "••••••••";

    EmitterSettingsDialog(EmitterSettings settings) {
        setTitle("OpenLineage emitter settings");
        setHeaderText("Point your OpenLineage client at the console");
        Label intro = new Label("Spark, Airflow, dbt and MLflow integrations read these from openlineage.yml or the environment. "
                + "Requests without the API key, from a web page, or of another content type are refused.");
        intro.setWrapText(true);
        intro.setMaxWidth(620);
        CheckBox show = new CheckBox("Show the API key");
        show.setId("emitter-show-key");
        show.setDisable(!settings.requiresToken());
        TextArea yml = area("emitter-yml", 8);
        TextArea env = area("emitter-env", 9);
        Runnable render = () -> {
            yml.setText(masked(settings.openLineageYml(), settings, show.isSelected()));
            env.setText(masked(environment(settings.environment()), settings, show.isSelected()));
        };
        show.selectedProperty().addListener((obs, was, now) -> render.run());
        render.run();
        VBox box = new VBox(10, intro,
                section("openlineage.yml", yml, settings.openLineageYml()),
                section("Environment variables", env, environment(settings.environment())),
                show);
        box.setId("emitter-settings");
        box.setPrefWidth(660);
        getDialogPane().setContent(box);
        getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);
    }

    private static String environment(Map<String, String> vars) {
        return vars.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
    }

    private static String masked(String text, EmitterSettings settings, boolean reveal) {
        return reveal || !settings.requiresToken() ? text : text.replace(settings.apiKey(), MASK);
    }

    private static TextArea area(String id, int rows) {
        TextArea a = new TextArea();
        a.setId(id);
        a.setEditable(false);
        a.setPrefRowCount(rows);
        a.getStyleClass().add("mono");
        return a;
    }

    private static VBox section(String title, TextArea area, String copied) {
        Label t = new Label(title);
        t.getStyleClass().add(Styles.TEXT_BOLD);
        Button copy = new Button("Copy", new FontIcon(Feather.COPY));
        copy.getStyleClass().add(Styles.SMALL);
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(copied);
            Clipboard.getSystemClipboard().setContent(c);
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return new VBox(4, new HBox(8, t, spacer, copy), area);
    }
}
