package dev.tightrope.ui.common;

import javafx.animation.PauseTransition;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogEvent;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Labeled;
import javafx.scene.layout.Region;
import javafx.util.Duration;

/** Dialogs that belong to the console: owned by its window and styled with its stylesheet (the theme applies by itself). */
public final class Dialogs {
    private Dialogs() {
    }

    /**
     * Makes {@code label} wrap inside a dialog and keep every line: a dialog sizes itself before
     * its width is known, and a wrapping label without this loses its last lines to an ellipsis.
     */
    public static <L extends Labeled> L wrapping(L label) {
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        return label;
    }

    /** Owns {@code dialog} by the window showing {@code node} and gives it the console's stylesheets. */
    public static <D extends Dialog<?>> D ownedBy(D dialog, Node node) {
        Scene scene = node.getScene();
        dialog.initOwner(scene.getWindow());
        dialog.getDialogPane().getStylesheets().addAll(scene.getStylesheets());
        // wrapped lines are only measured once the dialog has its width, and a line that says why OK is
        // disabled comes and goes: the window grows with its content instead of hiding the buttons
        DialogPane pane = dialog.getDialogPane();
        // measured after the pulse that laid the change out (a change and its layout are not one event)
        PauseTransition settle = new PauseTransition(Duration.millis(1));
        settle.setOnFinished(e -> {
            if (!dialog.isShowing()) {
                return;
            }
            Scene s = pane.getScene();
            double wanted = Math.ceil(pane.prefHeight(s.getWidth()));
            // it only grows: a button that moves away under the pointer is worse than some space
            if (wanted > s.getHeight() + 1) {
                s.getWindow().setHeight(wanted + s.getWindow().getHeight() - s.getHeight());
            }
        });
        Runnable fit = settle::playFromStart;
        dialog.addEventHandler(DialogEvent.DIALOG_SHOWN, e -> fit.run());
        pane.needsLayoutProperty().addListener((obs, was, needs) -> fit.run());
        pane.heightProperty().addListener((obs, was, now) -> fit.run());
        return dialog;
    }
}
