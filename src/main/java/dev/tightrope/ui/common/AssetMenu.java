package dev.tightrope.ui.common;

import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.ContextMenuEvent;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The right-click menu of an asset wherever it appears (inventory rows, lineage links, search
 * results, the approval queue, audit subjects): Copy URN, Copy digest (when it has one), Copy
 * name, Open in inventory. The asset is completed from the cache first, so the digest is there
 * even where the row does not carry it; the menu opens when that read is back.
 */
public final class AssetMenu {
    private AssetMenu() {
    }

    /**
     * Opens the menu of the asset {@code ref} returns (null: no asset here, no menu) on a
     * right-click or the context-menu key over {@code node}.
     *
     * @param withOpen whether to offer "Open in inventory" (not on the inventory's own rows)
     */
    public static void install(Node node, Supplier<AssetRef> ref, AssetActions actions, boolean withOpen) {
        node.addEventHandler(ContextMenuEvent.CONTEXT_MENU_REQUESTED, e -> {
            AssetRef asset = ref.get();
            if (asset == null) {
                return;
            }
            e.consume();
            double x = e.getScreenX();
            double y = e.getScreenY();
            actions.complete(asset, complete -> {
                if (node.getScene() != null) {
                    menu(complete, actions, withOpen).show(node, x, y);
                }
            });
        });
    }

    /** The menu itself, for tests and for places that open it themselves. */
    public static ContextMenu menu(AssetRef ref, AssetActions actions, boolean withOpen) {
        ContextMenu menu = new ContextMenu();
        menu.setId("asset-menu");
        menu.getItems().add(copy("copy-urn", "Copy URN", "URN", ref.urn(), ref, actions));
        if (ref.digest() != null) {
            menu.getItems().add(copy("copy-digest", "Copy digest", "digest", ref.digest(), ref, actions));
        }
        if (ref.name() != null) {
            menu.getItems().add(copy("copy-name", "Copy name", "name", ref.name(), ref, actions));
        }
        if (withOpen) {
            MenuItem open = new MenuItem("Open in inventory", new FontIcon(Feather.ARROW_UP_RIGHT));
            open.setId("open-in-inventory");
            open.setOnAction(e -> actions.open(ref.urn()));
            menu.getItems().addAll(new SeparatorMenuItem(), open);
        }
        if (actions.showsLineage()) {
            MenuItem lineage = new MenuItem("Show lineage", new FontIcon(Feather.SHARE_2));
            lineage.setId("show-lineage");
            lineage.setOnAction(e -> actions.showLineage(ref.urn()));
            if (!withOpen) {
                menu.getItems().add(new SeparatorMenuItem());
            }
            menu.getItems().add(lineage);
        }
        return menu;
    }

    private static MenuItem copy(String id, String label, String what, String text, AssetRef ref, AssetActions actions) {
        MenuItem item = new MenuItem(label, new FontIcon(Feather.COPY));
        item.setId(id);
        item.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(text);
            Clipboard.getSystemClipboard().setContent(content);
            actions.copied(what, ref);
        });
        return item;
    }
}
