package dev.tightrope.ui.common;

import dev.tightrope.domain.AssetFilter;
import dev.tightrope.service.TableService;
import dev.tightrope.service.export.TableWriter;
import dev.tightrope.ui.shell.AppModel;
import java.io.File;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The views' "export this table" button and what it does: CSV or JSON by the file's extension, in the background, said when done. */
public final class TableExports {

    private TableExports() {
    }

    /**
     * Writes {@code table} ({@code filter} narrows the inventory) to {@code file} in the
     * background and says how many rows ({@code one}, {@code many}) went where; a file named neither .csv nor .json
     * is refused in words.
     */
    public static void export(AppModel app, TableService.Table table, AssetFilter filter, Path file, String one, String many) {
        TableWriter.Format format = TableWriter.Format.byFileName(file.getFileName().toString());
        if (format == null) {
            app.notifications().error("Cannot export the " + table.token(), "Name the file .csv or .json: " + file.getFileName(), null);
            return;
        }
        app.executor().submit(BackgroundTask.write("Exporting the " + table.token(),
                        () -> app.tightrope().tables().export(table, format, filter, file))
                .onSuccess(done -> app.notifications().info("Exported " + Formats.count(done.rows()) + " " + (done.rows() == 1 ? one : many)
                        + " to " + done.file())));
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
