package dev.tightrope.ui.common;

import atlantafx.base.theme.Styles;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** What a view shows when it has nothing to show yet: an icon, a title, what to do, and the buttons that do it. */
public final class EmptyState {
    private EmptyState() {
    }

    public static VBox of(String id, Feather icon, String title, String text, Node actions) {
        FontIcon glyph = new FontIcon(icon);
        glyph.getStyleClass().add("empty-icon");
        Label heading = new Label(title);
        heading.getStyleClass().add(Styles.TITLE_2);
        Label body = new Label(text);
        body.setWrapText(true);
        body.setMaxWidth(560);
        body.getStyleClass().add("text-muted");
        VBox box = new VBox(14, glyph, heading, body, actions);
        box.setAlignment(Pos.CENTER);
        box.setId(id);
        box.getStyleClass().add("empty-state");
        return box;
    }
}
