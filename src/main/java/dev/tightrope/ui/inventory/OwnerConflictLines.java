package dev.tightrope.ui.inventory;

import atlantafx.base.theme.Styles;
import dev.tightrope.domain.OwnerAssignment;
import dev.tightrope.domain.OwnerConflict;
import dev.tightrope.domain.OwnerRole;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The detail pane's ownership conflicts: per role in conflict, what each claimant says and one
 * "Keep" button per claimed owner, which records the user's choice (a manual claim that wins).
 */
final class OwnerConflictLines {
    private OwnerConflictLines() {
    }

    static List<Node> of(String urn, String name, List<OwnerAssignment> owners, BiConsumer<OwnerRole, String> keep) {
        List<Node> out = new ArrayList<>();
        for (OwnerConflict c : OwnerConflict.among(urn, name, owners)) {
            Label title = new Label("Conflict: " + c.role().label() + " claimed as "
                    + String.join(" and ", c.claims().stream().map(o -> o.owner() + " (" + o.origin() + ")").toList()));
            title.setGraphic(new FontIcon(Feather.ALERT_TRIANGLE));
            title.getStyleClass().addAll("text-warning", Styles.TEXT_SMALL);
            title.setWrapText(true);
            FlowPane choices = new FlowPane(6, 4);
            c.claims().stream().map(OwnerAssignment::owner).distinct().forEach(owner -> {
                Button b = new Button("Keep " + owner);
                b.setId("keep-owner-" + c.role().token() + "-" + owner.replaceAll("[^A-Za-z0-9_-]", "_"));
                b.getStyleClass().add(Styles.SMALL);
                b.setOnAction(e -> keep.accept(c.role(), owner));
                choices.getChildren().add(b);
            });
            VBox box = new VBox(4, title, choices);
            box.getStyleClass().add("owner-conflict");
            out.add(box);
        }
        return out;
    }
}
