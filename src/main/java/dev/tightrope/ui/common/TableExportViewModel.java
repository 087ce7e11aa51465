package dev.tightrope.ui.common;

import dev.tightrope.domain.AssetFilter;
import dev.tightrope.service.TableService;
import dev.tightrope.service.export.TableWriter;
import dev.tightrope.ui.shell.AppModel;
import java.nio.file.Path;

/** Exporting a view's table: CSV or JSON by the file's extension, written in the background, said when done. */
public final class TableExportViewModel {

    private TableExportViewModel() {
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

}
