package dev.tightrope.ui.common;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tooltip;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/** Table columns that never cut their header, with text cells that show the whole value on hover. */
public final class Tables {
    /** The theme's base font size (AtlantaFX Primer: 14 px). */
    private static final double BASE_FONT = 14;
    /** A header cell's padding and sort arrow, in pixels. */
    private static final double HEADER_PADDING = 30;

    private Tables() {
    }

    /**
     * A text column: at least as wide as its header, {@code width} wide to start with, each
     * cell cut with {@code overrun} (CENTER_ELLIPSIS for paths and URNs, whose ends matter) and
     * showing its whole text in a tooltip.
     */
    public static <S> TableColumn<S, String> text(String title, double width, OverrunStyle overrun, Function<S, String> value) {
        TableColumn<S, String> c = new TableColumn<>(title);
        c.setMinWidth(headerWidth(title));
        c.setPrefWidth(Math.max(width, c.getMinWidth()));
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(value.apply(cd.getValue())));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setTextOverrun(overrun);
                if (empty || text == null) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                setText(text);
                setTooltip(text.isEmpty() ? null : new Tooltip(text));
            }
        });
        return c;
    }

    public static <S> TableColumn<S, String> text(String title, double width, Function<S, String> value) {
        return text(title, width, OverrunStyle.ELLIPSIS, value);
    }

    /** The width a header needs to show {@code title} whole. */
    public static double headerWidth(String title) {
        Text t = new Text(title);
        t.setFont(Font.font(Font.getDefault().getFamily(), FontWeight.BOLD, BASE_FONT));
        return Math.ceil(t.getLayoutBounds().getWidth()) + HEADER_PADDING;
    }

    /** The width of {@code sample} in a table cell's font, for a column that must show such values whole. */
    public static double textWidth(String sample) {
        Text t = new Text(sample);
        t.setFont(Font.font(Font.getDefault().getFamily(), BASE_FONT));
        return Math.ceil(t.getLayoutBounds().getWidth());
    }
}
