package dev.tightrope.ui.common;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The views' "export this table" button: it asks where, and hands the file to the view model ({@link TableExportViewModel}). */
public final class TableExports {

    private TableExports() {
    }

    /** An icon button asking where to write, then handing the file to {@code export}. */
    public static Button button(String id, String what, String suggestedName, Consumer<Path> export) {
        Button b = new Button(null, new FontIcon(Feather.DOWNLOAD));
        b.setId(id);
        b.getStyleClass().addAll(atlantafx.base.theme.Styles.BUTTON_ICON, atlantafx.base.theme.Styles.FLAT);
        b.setTooltip(new Tooltip("Export " + what + " as CSV or JSON"));
        b.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Export " + what);
            chooser.setInitialFileName(suggestedName);
            chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("CSV", "*.csv"), new FileChooser.ExtensionFilter("JSON", "*.json"));
            File f = chooser.showSaveDialog(b.getScene().getWindow());
            if (f != null) {
                export.accept(f.toPath());
            }
        });
        return b;
    }
}
