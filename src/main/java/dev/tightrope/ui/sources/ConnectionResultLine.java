package dev.tightrope.ui.sources;

import dev.tightrope.domain.ConnectionCheck;
import dev.tightrope.ui.common.Dialogs;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Test connection's answer as the dialogs and the Sources view show it: a spinner while it runs,
 * then one line in words — green with what was found, or red with where and what is wrong.
 * Right-click copies it.
 */
final class ConnectionResultLine {
    private ConnectionResultLine() {
    }

    /** The line for {@code test}; {@code id} names its label for tests. */
    static HBox of(ConnectionTest<?> test, String id) {
        return of(test, id, false);
    }

    /** As {@link #of(ConnectionTest, String)}; {@code named}: the answer starts with the source's name (a view lists several). */
    static HBox of(ConnectionTest<?> test, String id, boolean named) {
        ProgressIndicator spinner = new ProgressIndicator(-1);
        spinner.setPrefSize(16, 16);
        spinner.setMaxSize(16, 16);
        spinner.visibleProperty().bind(test.runningProperty());
        spinner.managedProperty().bind(test.runningProperty());
        Label text = Dialogs.wrapping(new Label());
        text.setId(id);
        text.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(text, Priority.ALWAYS);
        Runnable show = () -> {
            ConnectionCheck check = test.resultProperty().get();
            text.getStyleClass().removeAll("text-success", "text-danger", "text-muted");
            if (test.runningProperty().get()) {
                text.setText("Testing the connection to " + test.subjectProperty().get() + "…");
                text.setGraphic(null);
                text.getStyleClass().add("text-muted");
            } else if (check == null) {
                text.setText("");
                text.setGraphic(null);
            } else {
                text.setText((named ? test.subjectProperty().get() + " — " : "") + ConnectionTest.describe(check));
                text.setGraphic(new FontIcon(check.ok() ? Feather.CHECK_CIRCLE : Feather.ALERT_TRIANGLE));
                text.getStyleClass().add(check.ok() ? "text-success" : "text-danger");
            }
        };
        test.runningProperty().addListener(o -> show.run());
        test.resultProperty().addListener(o -> show.run());
        show.run();
        MenuItem copy = new MenuItem("Copy");
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(text.getText());
            Clipboard.getSystemClipboard().setContent(c);
        });
        text.setContextMenu(new ContextMenu(copy));
        HBox line = new HBox(8, spinner, text);
        line.setAlignment(Pos.CENTER_LEFT);
        line.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> test.runningProperty().get() || test.resultProperty().get() != null, test.runningProperty(), test.resultProperty()));
        return line;
    }

    /** A node that is shown only while {@code line} has something to say. */
    static Node collapsing(HBox line) {
        line.managedProperty().bind(line.visibleProperty());
        return line;
    }
}
