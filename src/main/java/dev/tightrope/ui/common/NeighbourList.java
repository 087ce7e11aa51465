package dev.tightrope.ui.common;

import atlantafx.base.theme.Styles;
import dev.tightrope.domain.Neighbour;
import java.util.List;
import java.util.function.Consumer;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Lineage neighbours as "relation · kind · name" lines whose names open the asset; a right-click
 * on a name offers copying its URN, digest and name (see {@link AssetMenu}).
 */
public final class NeighbourList {
    private NeighbourList() {
    }

    /**
     * @param upstream whether the neighbours are upstream (phrased from this asset: "trained on …")
     * @param total    how many there are in all; the rest is summarised
     */
    public static VBox of(List<Neighbour> list, long total, boolean upstream, Consumer<String> open) {
        return of(list, total, upstream, AssetActions.opening(open));
    }

    /** As {@link #of(List, long, boolean, Consumer)}, with the context menu's actions of a view model. */
    public static VBox of(List<Neighbour> list, long total, boolean upstream, AssetActions actions) {
        VBox box = new VBox(2);
        if (list.isEmpty()) {
            Label none = new Label("None known");
            none.getStyleClass().add("text-muted");
            box.getChildren().add(none);
        }
        for (Neighbour n : list) {
            Label rel = new Label(upstream ? n.type().downstreamPhrase() : n.type().upstreamPhrase());
            rel.getStyleClass().addAll("text-muted", Styles.TEXT_SMALL);
            rel.setMinWidth(90);
            Hyperlink link = new Hyperlink(n.name());
            link.getStyleClass().add("neighbour-link");
            link.setTooltip(new Tooltip(n.name() + "\n" + n.urn()));
            link.setOnAction(e -> actions.open(n.urn()));
            AssetMenu.install(link, () -> AssetRef.of(n.urn(), n.name()), actions, true);
            if (n.gone()) {
                link.getStyleClass().add("gone");
            }
            box.getChildren().add(new HBox(6, rel, Badges.kind(n.kind()), link));
        }
        if (total > list.size()) {
            Label more = new Label("… and " + Formats.count(total - list.size()) + " more");
            more.getStyleClass().add("text-muted");
            box.getChildren().add(more);
        }
        return box;
    }
}
