package dev.tightrope.ui.shell;

import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.Tightrope;
import dev.tightrope.ui.common.Fx;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * State shared by the whole console: the open workspace, which view shows, the asset to
 * reveal, long-running work (sync) with progress and cancel, and a data version that views
 * watch to refresh after anything changed the cache.
 */
public final class AppModel {

    /** The console's views, in navigation order. */
    public enum View {
        OVERVIEW("Overview"),
        INVENTORY("Inventory"),
        SOURCES("Sources"),
        APPROVALS("Approvals"),
        AUDIT("Audit");

        private final String title;

        View(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    private final Tightrope tightrope;
    private final ObjectProperty<View> view = new SimpleObjectProperty<>(View.OVERVIEW);
    private final StringProperty revealAsset = new SimpleStringProperty();
    private final IntegerProperty dataVersion = new SimpleIntegerProperty();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty(-1);
    private final StringProperty status = new SimpleStringProperty("Ready");
    private final BooleanProperty darkTheme = new SimpleBooleanProperty();
    private volatile Cancellation cancellation;

    public AppModel(Tightrope tightrope) {
        this.tightrope = tightrope;
    }

    // Properties

    public Tightrope tightrope() {
        return tightrope;
    }

    public ObjectProperty<View> viewProperty() {
        return view;
    }

    /** The URN the inventory should select and show; set by search and links. */
    public StringProperty revealAssetProperty() {
        return revealAsset;
    }

    public ReadOnlyIntegerProperty dataVersionProperty() {
        return dataVersion;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    /** 0..1, or -1 for indeterminate. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    public BooleanProperty darkThemeProperty() {
        return darkTheme;
    }

    // Commands

    public void show(View v) {
        view.set(v);
    }

    public void revealAsset(String urn) {
        revealAsset.set(null);
        revealAsset.set(urn);
        view.set(View.INVENTORY);
    }

    /** Tells every view the cache changed. */
    public void dataChanged() {
        dataVersion.set(dataVersion.get() + 1);
    }

    public void setStatus(String message) {
        status.set(message);
    }

    /**
     * Runs a sync-like job (one at a time) with progress in the status bar and a cancel handle;
     * {@code job} receives the listener and the cancellation to pass on.
     */
    public void runSync(String label, Function<SyncJob, List<SyncRun>> job, Consumer<List<SyncRun>> done) {
        if (busy.get()) {
            status.set("A sync is already running");
            return;
        }
        Cancellation cancel = new Cancellation();
        cancellation = cancel;
        busy.set(true);
        progress.set(-1);
        status.set(label + "…");
        SyncListener listener = new SyncListener() {
            private long last;

            @Override
            public void progress(String source, long done, long total, String message) {
                long now = System.nanoTime();
                if (now - last < 50_000_000L) {
                    return;
                }
                last = now;
                double p = done >= 0 && total > 0 ? Math.min(1.0, (double) done / total) : -1;
                Fx.onFx(() -> {
                    progress.set(p);
                    status.set(source + ": " + message);
                });
            }
        };
        Fx.longRunning(() -> job.apply(new SyncJob(listener, cancel)), runs -> {
            busy.set(false);
            progress.set(-1);
            status.set(summary(runs));
            dataChanged();
            done.accept(runs);
        }, error -> {
            busy.set(false);
            progress.set(-1);
            status.set("Sync failed: " + error.getMessage());
            dataChanged();
        });
    }

    /**
     * Scans a local file or directory of model files (without executing anything) into the cache,
     * as a model-files source, with progress in the status bar.
     */
    public void scanModelFiles(java.nio.file.Path path) {
        runSync("Scanning " + path.getFileName(), job -> {
            String source = tightrope.sources().ensureModelFilesSource(path);
            return tightrope.sources().sync(source, true, job.listener(), job.cancellation());
        }, runs -> { });
    }

    /** Syncs one source (a full re-read) with progress in the status bar. */
    public void syncSource(String source) {
        runSync("Syncing " + source, job -> tightrope.sources().sync(source, true, job.listener(), job.cancellation()), runs -> { });
    }

    public void cancelSync() {
        Cancellation c = cancellation;
        if (c != null && busy.get()) {
            c.cancel();
            status.set("Cancelling…");
        }
    }

    static String summary(List<SyncRun> runs) {
        if (runs.isEmpty()) {
            return "Nothing to sync";
        }
        long failed = runs.stream().filter(r -> !r.status().name().startsWith("SUCCEEDED")).count();
        long assets = runs.stream().mapToLong(SyncRun::assetsSeen).sum();
        long problems = runs.stream().mapToLong(SyncRun::problems).sum();
        StringBuilder sb = new StringBuilder("Synced ").append(runs.size()).append(runs.size() == 1 ? " source" : " sources")
                .append(", ").append(String.format("%,d", assets)).append(" assets");
        if (problems > 0) {
            sb.append(", ").append(problems).append(problems == 1 ? " problem" : " problems");
        }
        if (failed > 0) {
            sb.append(", ").append(failed).append(" failed");
        }
        return sb.toString();
    }

    /** What a sync job gets. */
    public record SyncJob(SyncListener listener, Cancellation cancellation) {
    }
}
