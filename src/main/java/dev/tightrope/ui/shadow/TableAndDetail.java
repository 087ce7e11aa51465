package dev.tightrope.ui.shadow;

import javafx.beans.property.ObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;

/** Each Shadow AI section's layout: its table above, the selected row's detail below, the selection kept in step with the view model's. */
final class TableAndDetail {
    private TableAndDetail() {
    }

    static <T> SplitPane of(TableView<T> table, ObjectProperty<T> selected, VBox detail, String detailId, double divider) {
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, s) -> {
            if (s != null) {
                selected.set(s);
            }
        });
        selected.addListener((obs, old, s) -> {
            if (s != null && table.getSelectionModel().getSelectedItem() != s) {
                table.getSelectionModel().select(s);
            }
        });
        detail.setId(detailId);
        detail.setPadding(new Insets(12, 14, 14, 14));
        detail.getStyleClass().add("detail-pane");
        ScrollPane scroll = new ScrollPane(detail);
        scroll.setFitToWidth(true);
        scroll.setId(detailId + "-scroll");
        SplitPane split = new SplitPane(table, scroll);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(divider);
        return split;
    }
}
