package dev.tightrope.ui.common;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Dialog;

/** Dialogs that belong to the console: owned by its window and styled with its stylesheet (the theme applies by itself). */
public final class Dialogs {
    private Dialogs() {
    }

    /** Owns {@code dialog} by the window showing {@code node} and gives it the console's stylesheets. */
    public static <D extends Dialog<?>> D ownedBy(D dialog, Node node) {
        Scene scene = node.getScene();
        dialog.initOwner(scene.getWindow());
        dialog.getDialogPane().getStylesheets().addAll(scene.getStylesheets());
        return dialog;
    }
}
