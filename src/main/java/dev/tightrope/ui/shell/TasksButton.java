package dev.tightrope.ui.shell;

import atlantafx.base.controls.Popover;
import atlantafx.base.theme.Styles;
import dev.tightrope.ui.common.Lane;
import dev.tightrope.ui.common.TaskHandle;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The status bar's list of background work the user started and may wait for: syncs, scans,
 * and their own writes queued behind a sync. Each shows its progress and can be stopped
 * (a long job ends at its next record and keeps the previous cache; a queued write is dropped).
 * Reads are left out: they come and go in milliseconds.
 */
final class TasksButton {
    private final Button button = new Button();
    private final FilteredList<TaskHandle> tasks;
    private final VBox list = new VBox(10);
    private final Popover popover = new Popover(list);

    TasksButton(javafx.collections.ObservableList<TaskHandle> all) {
        this.tasks = new FilteredList<>(all, t -> t.lane() != Lane.READ);
        button.setId("tasks-button");
        button.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        button.setGraphic(new FontIcon(Feather.LOADER));
        button.textProperty().bind(Bindings.createStringBinding(
                () -> tasks.size() == 1 ? "1 task" : tasks.size() + " tasks", tasks));
        button.visibleProperty().bind(Bindings.isNotEmpty(tasks));
        button.managedProperty().bind(button.visibleProperty());
        button.setTooltip(new Tooltip("Background work: progress and stop"));
        list.setId("tasks-list");
        list.setPrefWidth(380);
        popover.setTitle("Background work");
        popover.setHeaderAlwaysVisible(true);
        popover.setArrowLocation(Popover.ArrowLocation.BOTTOM_RIGHT);
        button.setOnAction(e -> {
            render();
            popover.show(button);
        });
        tasks.addListener((ListChangeListener<TaskHandle>) c -> {
            if (tasks.isEmpty()) {
                popover.hide();
            } else if (popover.isShowing()) {
                render();
            }
        });
    }

    Node node() {
        return button;
    }

    private void render() {
        list.getChildren().clear();
        for (TaskHandle t : tasks) {
            Label title = new Label(t.title());
            title.getStyleClass().add(Styles.TEXT_BOLD);
            title.setWrapText(true);
            ProgressBar bar = new ProgressBar();
            bar.progressProperty().bind(t.progressProperty());
            bar.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(bar, Priority.ALWAYS);
            Button stop = new Button(null, new FontIcon(Feather.X_CIRCLE));
            stop.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
            stop.setTooltip(new Tooltip(t.lane() == Lane.LONG ? "Stop: ends at the next record, the previous cache stays"
                    : "Drop this queued change"));
            stop.setOnAction(e -> {
                if (t.lane() == Lane.LONG) {
                    t.requestStop();
                } else {
                    t.cancel();
                }
            });
            HBox row = new HBox(8, bar, stop);
            row.setAlignment(Pos.CENTER_LEFT);
            Label message = new Label();
            message.textProperty().bind(Bindings.createStringBinding(() -> t.stateProperty().get() == TaskHandle.State.QUEUED
                    ? "waiting for the cache's writer" : t.messageProperty().get(), t.stateProperty(), t.messageProperty()));
            message.getStyleClass().addAll("text-muted", Styles.TEXT_SMALL);
            message.setWrapText(true);
            list.getChildren().add(new VBox(4, title, row, message));
        }
    }
}
