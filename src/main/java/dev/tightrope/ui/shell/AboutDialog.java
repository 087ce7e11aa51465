package dev.tightrope.ui.shell;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** Version, licence, workspace and keyboard shortcuts. */
final class AboutDialog {
    private AboutDialog() {
    }

    static Alert create(Window owner, String workspace) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION, "", ButtonType.CLOSE);
        alert.initOwner(owner);
        alert.setTitle("About Tightrope");
        alert.setHeaderText("Tightrope " + dev.tightrope.base.BuildInfo.describe());
        GridPane shortcuts = new GridPane();
        shortcuts.setHgap(16);
        shortcuts.setVgap(4);
        String[][] keys = {
            {"Ctrl+K, Ctrl+F", "Search assets"},
            {"Ctrl+1 / 2 / 3", "Overview / Inventory / Lineage"},
            {"Ctrl+4 / 5 / 6", "Sources / Approvals / Audit log"},
            {"Ctrl+7", "Shadow AI (MCP servers on the scanned machines)"},
            {"Ctrl+L", "Show the lineage of the selected asset (inventory)"},
            {"Lineage: arrows, Enter", "Move the selection, open its detail"},
            {"Lineage: E / C / I", "Expand / collapse the selection, show its impact"},
            {"Lineage: F / Z / + / -", "Zoom to fit / to the selection / in / out"},
            {"Lineage: / , Esc", "Find in the graph, clear the highlight"},
            {"Ctrl+Shift+S", "Sync all sources"},
            {"Ctrl+Shift+T", "Test connection (Sources view, Add/Edit source)"},
            {"Alt+← / Alt+→", "Back / Forward (also the mouse's side buttons)"},
            {"Right-click an asset", "Copy its URN, digest or name; open it in the inventory or the lineage explorer"},
            {"Ctrl+T", "Light / dark theme"},
            {"F1", "This dialog"},
        };
        for (int i = 0; i < keys.length; i++) {
            Label k = new Label(keys[i][0]);
            k.getStyleClass().add("shortcut-key");
            shortcuts.addRow(i, k, new Label(keys[i][1]));
        }
        Label what = new Label("Governance console for AI supply chains: sync, see, scan and sign — on your own desktop.");
        what.setWrapText(true);
        what.setMaxWidth(480);
        VBox box = new VBox(10,
                what,
                new Label("Licensed under the Apache License, Version 2.0."),
                new Label("Workspace: " + workspace),
                new Label("Java " + System.getProperty("java.version") + " · JavaFX " + System.getProperty("javafx.runtime.version", "?")),
                new Label("Keyboard shortcuts"),
                shortcuts);
        box.setId("about-content");
        alert.getDialogPane().setContent(box);
        return alert;
    }
}
