package dev.tightrope.ui.shadow;

import javafx.beans.property.ObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;

/** Each Shadow AI section's layout: its table above, the selected row's detail below, the selection kept in step with the view model's. */
final class TableAndDetail {
    private TableAndDetail() {
    }

    /**
     * Hides {@code columns} while the table is narrower than {@code narrow} pixels (a 1024 px
     * window), so the rest stay readable; shows them again when it widens.
     */
    static void hideWhenNarrow(TableView<?> table, double narrow, TableColumn<?, ?>... columns) {
        table.widthProperty().addListener((obs, old, w) -> {
            boolean wide = w.doubleValue() >= narrow;
            if (columns[0].isVisible() != wide) {
                for (TableColumn<?, ?> c : columns) {
                    c.setVisible(wide);
                }
                // cells made while a column was hidden keep a stale layout (top-aligned) until recreated
                table.refresh();
            }
        });
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
