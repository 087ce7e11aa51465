package dev.tightrope.ui.shell;

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
import javafx.scene.control.Label;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Warnings and errors over the bottom right of the content, newest first, each until the user
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
        list.setMaxWidth(464);
        list.setMaxHeight(VBox.USE_PREF_SIZE);
        list.setPadding(new Insets(12));
        list.setPickOnBounds(false);
        list.setAlignment(Pos.BOTTOM_RIGHT);
        // bottom right, above the status bar's bell: out of the way of filters and toolbars
        StackPane.setAlignment(list, Pos.BOTTOM_RIGHT);
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
            Label more = new Label("+" + Formats.count(shown.size() - VISIBLE) + " more");
            more.getStyleClass().add("text-muted");
            HBox foot = new HBox(8, more, all, hide);
            foot.setAlignment(Pos.CENTER_RIGHT);
            foot.getStyleClass().add("notice-footer");
            list.getChildren().add(foot);
        }
    }

    private Node card(Notice n) {
        boolean error = n.level() == Notice.Level.ERROR;
        FontIcon icon = new FontIcon(error ? Feather.ALERT_OCTAGON : Feather.ALERT_TRIANGLE);
        icon.getStyleClass().add("notice-icon");
        Label title = new Label(n.title());
        title.getStyleClass().add("notice-title");
        title.setWrapText(true);
        Button close = new Button(null, new FontIcon(Feather.X));
        close.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
        close.setId("notice-close");
        close.setTooltip(new javafx.scene.control.Tooltip("Dismiss"));
        close.setOnAction(e -> center.dismiss(n));
        HBox.setHgrow(title, Priority.ALWAYS);
        title.setMaxWidth(Double.MAX_VALUE);
        HBox head = new HBox(8, icon, title, close);
        head.setAlignment(Pos.TOP_LEFT);
        VBox body = new VBox(4, head);
        if (!n.message().equals(n.title())) {
            Label message = new Label(n.message());
            message.getStyleClass().add("notice-message");
            message.setWrapText(true);
            body.getChildren().add(message);
        }
        if (n.hint() != null) {
            Label hint = new Label(n.hint());
            hint.getStyleClass().add("notice-hint");
            hint.setWrapText(true);
            body.getChildren().add(hint);
        }
        Label when = new Label(TIME.format(n.at()) + (n.repeats() > 1 ? " · " + n.repeats() + " times" : ""));
        when.getStyleClass().add("notice-time");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox foot = new HBox(6, when, spacer);
        foot.setAlignment(Pos.CENTER_LEFT);
        if (n.action() != null) {
            Button act = new Button(n.action().label());
            act.getStyleClass().add(Styles.SMALL);
            act.setId("notice-action");
            act.setOnAction(e -> center.act(n));
            foot.getChildren().add(act);
        }
        foot.getChildren().add(copyButton(n));
        body.getChildren().add(foot);
        for (javafx.scene.Node child : body.getChildren()) {
            VBox.setMargin(child, child == head ? Insets.EMPTY : new Insets(0, 0, 0, 24));
        }
        body.getStyleClass().addAll("notice", error ? "notice-error" : "notice-warning");
        body.setId("notice-" + n.id());
        body.getProperties().put("notice", n);
        body.setPrefWidth(440);
        body.setMaxWidth(440);
        return body;
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
