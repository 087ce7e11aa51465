package dev.tightrope.ui.shell;

import atlantafx.base.controls.Notification;
import atlantafx.base.theme.Styles;
import dev.tightrope.ui.common.Formats;
import dev.tightrope.ui.common.Notice;
import dev.tightrope.ui.common.NotificationCenter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Warnings and errors over the top right of the content, newest first, each until the user
 * closes it: what failed and where, the details, what to do, and its action (Retry). Only the
 * newest few show; the rest are counted, with Dismiss all.
 */
final class NotificationsPane {
    static final int VISIBLE = 3;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final NotificationCenter center;
    private final VBox list = new VBox(8);
    private final BooleanProperty collapsed = new SimpleBooleanProperty();

    NotificationsPane(NotificationCenter center) {
        this.center = center;
        list.setId("notifications");
        list.setMaxWidth(520);
        list.setMaxHeight(VBox.USE_PREF_SIZE);
        list.setPadding(new Insets(12));
        list.setPickOnBounds(false);
        StackPane.setAlignment(list, Pos.TOP_RIGHT);
        center.shown().addListener((ListChangeListener<Notice>) c -> {
            if (c.next() && c.wasAdded()) {
                collapsed.set(false);
            }
            render();
        });
        collapsed.addListener((obs, was, now) -> render());
        render();
    }

    Node node() {
        return list;
    }

    /** Hides the notices without dismissing them (the status bar's bell shows them again). */
    BooleanProperty collapsedProperty() {
        return collapsed;
    }

    private void render() {
        list.getChildren().clear();
        var shown = center.shown();
        if (collapsed.get() || shown.isEmpty()) {
            list.setVisible(false);
            return;
        }
        list.setVisible(true);
        for (int i = 0; i < Math.min(VISIBLE, shown.size()); i++) {
            list.getChildren().add(card(shown.get(i)));
        }
        if (shown.size() > VISIBLE) {
            Hyperlink all = new Hyperlink("Dismiss all " + Formats.count(shown.size()));
            all.setId("dismiss-all-notices");
            all.setOnAction(e -> center.dismissAll());
            Hyperlink hide = new Hyperlink("Hide");
            hide.setOnAction(e -> collapsed.set(true));
            javafx.scene.control.Label more = new javafx.scene.control.Label("+" + Formats.count(shown.size() - VISIBLE) + " more");
            more.getStyleClass().add("text-muted");
            HBox foot = new HBox(8, more, all, hide);
            foot.setAlignment(Pos.CENTER_RIGHT);
            foot.getStyleClass().add("notice-footer");
            list.getChildren().add(foot);
        }
    }

    private Node card(Notice n) {
        StringBuilder text = new StringBuilder(n.title());
        if (!n.message().equals(n.title())) {
            text.append("\n").append(n.message());
        }
        if (n.hint() != null) {
            text.append("\n").append(n.hint());
        }
        text.append("\n").append(TIME.format(n.at())).append(n.repeats() > 1 ? " · " + n.repeats() + " times" : "");
        Notification card = new Notification(text.toString(), new FontIcon(n.level() == Notice.Level.ERROR ? Feather.ALERT_OCTAGON : Feather.ALERT_TRIANGLE));
        card.getStyleClass().addAll(Styles.ELEVATED_1, n.level() == Notice.Level.ERROR ? Styles.DANGER : Styles.WARNING);
        card.setId("notice-" + n.id());
        card.getProperties().put("notice", n);
        card.setPrefWidth(480);
        card.setMaxWidth(480);
        if (n.action() != null) {
            Button act = new Button(n.action().label());
            act.getStyleClass().add(Styles.SMALL);
            act.setId("notice-action");
            act.setOnAction(e -> center.act(n));
            Button copy = copyButton(n);
            card.setPrimaryActions(act, copy);
        } else {
            card.setPrimaryActions(copyButton(n));
        }
        card.setOnClose(e -> center.dismiss(n));
        return card;
    }

    private static Button copyButton(Notice n) {
        Button copy = new Button("Copy");
        copy.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(n.text());
            Clipboard.getSystemClipboard().setContent(c);
        });
        return copy;
    }
}
