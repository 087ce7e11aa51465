package dev.tightrope.ui.shell;

import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.Actor;
import dev.tightrope.service.DemoWorkspace;
import dev.tightrope.service.ScanService;
import dev.tightrope.service.Tightrope;
import dev.tightrope.ui.common.BackgroundTask;
import dev.tightrope.ui.common.Formats;
import dev.tightrope.ui.common.NotificationCenter;
import dev.tightrope.ui.common.TaskHandle;
import dev.tightrope.ui.common.UiExecutor;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;

/**
 * The console's shared state and commands: the open workspace's services, the background
 * executor and the notifications every view model reports through, which view shows, the asset
 * to reveal, where the user has been (Back and Forward), the one long job at a time (sync, scan, demo) with its progress and cancel, and a
 * data version that views watch to refresh after anything changed the cache.
 */
public final class AppModel {

    /** The console's views, in navigation order. */
    public enum View {
        OVERVIEW("Dashboard"),
        INVENTORY("Inventory"),
        LINEAGE("Lineage"),
        SOURCES("Sources"),
        APPROVALS("Approvals"),
        AUDIT("Audit"),
        SHADOW("Shadow AI");

        private final String title;

        View(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    private final Tightrope tightrope;
    private final UiExecutor executor;
    private final NotificationCenter notifications;
    private final ObjectProperty<View> view = new SimpleObjectProperty<>(View.OVERVIEW);
    private final ObjectProperty<InventoryTarget> inventoryTarget = new SimpleObjectProperty<>();
    private final ObjectProperty<String> lineageTarget = new SimpleObjectProperty<>();
    private final NavigationHistory history = new NavigationHistory();
    private final IntegerProperty dataVersion = new SimpleIntegerProperty();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final SimpleDoubleProperty progress = new SimpleDoubleProperty(-1);
    private final SimpleStringProperty jobTitle = new SimpleStringProperty();
    private final ObjectProperty<TaskHandle> job = new SimpleObjectProperty<>();
    private final BooleanProperty darkTheme = new SimpleBooleanProperty();
    private final ObjectProperty<FolderScan> folderScan = new SimpleObjectProperty<>();

    public AppModel(Tightrope tightrope, UiExecutor executor, NotificationCenter notifications) {
        this.tightrope = tightrope;
        this.executor = executor;
        this.notifications = notifications;
        history.go(NavigationHistory.Place.of(view.get()));
    }

    // Properties

    /** The services; for view models only (views talk to view models, an architecture rule keeps it so). */
    public Tightrope tightrope() {
        return tightrope;
    }

    public UiExecutor executor() {
        return executor;
    }

    public NotificationCenter notifications() {
        return notifications;
    }

    public ObjectProperty<View> viewProperty() {
        return view;
    }

    /**
     * What the inventory should show next: an asset opened by search or a link, or a place Back
     * or Forward returns to. The inventory takes it (and sets it back to null) when it is shown.
     */
    public ObjectProperty<InventoryTarget> inventoryTargetProperty() {
        return inventoryTarget;
    }

    /** The asset whose lineage the explorer should show next; the explorer takes it (and sets it back to null). */
    public ObjectProperty<String> lineageTargetProperty() {
        return lineageTarget;
    }

    /** Where the user has been; Back and Forward move through it. */
    public NavigationHistory history() {
        return history;
    }

    public ReadOnlyIntegerProperty dataVersionProperty() {
        return dataVersion;
    }

    /** True while a long job (sync, scan, demo) runs; commands that need the cache's writer wait for it. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    /** The long job's progress: 0..1, or -1 for indeterminate. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    /** What the long job is ("Syncing lake"), null when none runs. */
    public ReadOnlyStringProperty jobTitleProperty() {
        return jobTitle;
    }

    public ReadOnlyObjectProperty<TaskHandle> jobProperty() {
        return job;
    }

    public ReadOnlyStringProperty statusProperty() {
        return notifications.statusProperty();
    }

    public BooleanProperty darkThemeProperty() {
        return darkTheme;
    }

    /** The workspace directory, for the title and the status bar. */
    public String workspacePath() {
        return tightrope.workspace().root().toString();
    }

    public String workspaceName() {
        return tightrope.workspace().root().getFileName().toString();
    }

    // Commands

    public void show(View v) {
        history.go(NavigationHistory.Place.of(v));
        view.set(v);
    }

    /** The view the console opens on, with nothing before it to go back to. */
    public void startAt(View v) {
        history.startAt(NavigationHistory.Place.of(v));
        view.set(v);
    }

    /** Opens an asset in the inventory, keeping the inventory's filters; Back returns to where the user was. */
    public void revealAsset(String urn) {
        history.go(new NavigationHistory.Place(View.INVENTORY, urn, null, null));
        inventoryTarget.set(null);
        inventoryTarget.set(new InventoryTarget(urn, null));
        view.set(View.INVENTORY);
    }

    /** Opens the lineage explorer on an asset; Back returns to where the user was. */
    public void showLineage(String urn) {
        history.go(new NavigationHistory.Place(View.LINEAGE, urn, null, null));
        lineageTarget.set(null);
        lineageTarget.set(urn);
        view.set(View.LINEAGE);
    }

    /** Back to the previous place (Alt+Left); nothing when there is none. */
    public void back() {
        history.back().ifPresent(this::restore);
    }

    /** Forward again after Back (Alt+Right). */
    public void forward() {
        history.forward().ifPresent(this::restore);
    }

    private void restore(NavigationHistory.Place place) {
        if (place.view() == View.LINEAGE && place.asset() != null) {
            lineageTarget.set(null);
            lineageTarget.set(place.asset());
        }
        if (place.view() == View.INVENTORY && (place.asset() != null || place.filter() != null)) {
            inventoryTarget.set(null);
            inventoryTarget.set(new InventoryTarget(place.asset(), place.filter()));
        }
        view.set(place.view());
    }

    /** Opens the inventory filtered by {@code filter} (every match of a search); Back returns to where the user was. */
    public void showInInventory(AssetFilter filter) {
        history.go(new NavigationHistory.Place(View.INVENTORY, null, null, filter));
        inventoryTarget.set(null);
        inventoryTarget.set(new InventoryTarget(null, filter));
        view.set(View.INVENTORY);
    }

    /** Tells every view the cache changed. */
    public void dataChanged() {
        dataVersion.set(dataVersion.get() + 1);
    }

    /** Who acts in this console, as the audit log and manual assignments record it. */
    public String actor() {
        return Actor.current();
    }

    /**
     * Queues a user write on the write lane. While a long job holds the cache's writer the write
     * waits for it (reads go on meanwhile) and the user is told it will be saved when the job ends.
     */
    public <T> TaskHandle submitWrite(BackgroundTask<T> write) {
        if (busy.get()) {
            notifications.info(write.title() + ": queued, saved when " + jobTitle.get().toLowerCase(java.util.Locale.ROOT) + " finishes");
        }
        return executor.submit(write);
    }

    /** Information for the status line. */
    public void setStatus(String message) {
        notifications.info(message);
    }

    /**
     * Runs a sync-like job (one at a time) on the long lane with progress in the status bar and
     * a cancel handle; {@code job} receives the listener and the cancellation to pass on.
     * Returns false (and says why) when another job is running.
     */
    public boolean runSync(String label, Function<SyncJob, List<SyncRun>> work, Consumer<List<SyncRun>> done) {
        return runLong(label, work, runs -> {
            reportRuns(label, runs);
            dataChanged();
            done.accept(runs);
        });
    }

    /**
     * Runs one long job (sync, scan, demo) at a time on the long lane, with progress in the status
     * bar and a cancel handle; a failure is reported under {@code label}. Returns false (and says
     * why) when another job is running.
     */
    public <T> boolean runLong(String label, Function<SyncJob, T> work, Consumer<T> done) {
        if (busy.get()) {
            notifications.warning(label + " did not start", jobTitle.get() + " is still running",
                    "Wait for it to finish, or cancel it in the status bar.");
            return false;
        }
        busy.set(true);
        progress.set(-1);
        jobTitle.set(label);
        notifications.info(label + "…");
        TaskHandle handle = executor.submit(BackgroundTask.longRunning(label, ctx -> work.apply(new SyncJob(new SyncListener() {
            @Override
            public void progress(String source, long doneUnits, long total, String message) {
                ctx.progress(doneUnits >= 0 && total > 0 ? Math.min(1.0, (double) doneUnits / total) : -1, source + ": " + message);
            }
        }, ctx.cancellation()))).onSuccess(done).onFailure(error -> {
            notifications.error(label + " failed", error);
            dataChanged();
        }).onFinished(() -> {
            busy.set(false);
            progress.unbind();
            progress.set(-1);
            jobTitle.set(null);
            job.set(null);
        }));
        if (handle.isDone()) {
            // it ran to the end already (a same-thread executor): there is nothing left to follow
            return true;
        }
        job.set(handle);
        progress.bind(handle.progressProperty());
        handle.messageProperty().addListener((obs, old, m) -> {
            if (m != null && !m.isBlank() && !handle.isDone()) {
                notifications.info(m);
            }
        });
        return true;
    }

    /** Syncs one source (a full re-read) with progress in the status bar. */
    public void syncSource(String source) {
        runSync("Syncing " + source, job -> tightrope.sources().sync(source, true, job.listener(), job.cancellation()), runs -> { });
    }

    /** Syncs every source incrementally. */
    public void syncAll() {
        runSync("Syncing all sources", job -> tightrope.sources().sync(null, false, job.listener(), job.cancellation()), runs -> { });
    }

    /** Loads the Kestrel Lending demo into this workspace, then shows the overview. */
    public void loadDemo() {
        runSync("Loading the demo workspace", job -> new DemoWorkspace(tightrope).load(job.listener(), job.cancellation()),
                runs -> show(View.OVERVIEW));
    }

    /**
     * Scans a local file or folder of model files (nothing is loaded or executed) without keeping
     * anything, then shows the verdicts ({@link #folderScanProperty()}): the user decides whether to
     * keep the folder as a source.
     */
    public void scanModelFiles(java.nio.file.Path path) {
        java.nio.file.Path folder = path.toAbsolutePath().normalize();
        String name = folder.getFileName() == null ? folder.toString() : folder.getFileName().toString();
        runLong("Scanning " + name, job -> {
            ScanService.Outcome outcome = tightrope.scanner().scan(List.of(folder),
                    (fraction, message) -> job.listener().progress(name, Math.round(fraction * 1000), 1000, message),
                    () -> job.cancellation().isCancelled());
            return new FolderScan(folder, outcome, tightrope.sources().modelFilesSourcesOverlapping(folder));
        }, scan -> {
            notifications.info("Scanned " + Formats.count(scan.outcome().files()) + (scan.outcome().files() == 1 ? " file" : " files")
                    + " in " + name + ": " + verdictSummary(scan.outcome()));
            folderScan.set(null);
            folderScan.set(scan);
        });
    }

    /** The last folder scan, for the results dialog; set anew after each scan. */
    public ReadOnlyObjectProperty<FolderScan> folderScanProperty() {
        return folderScan;
    }

    /** Keeps a scanned folder as a model-files source and reads it into the cache, findings included. */
    public void keepScannedFolder(FolderScan scan) {
        runSync("Adding " + scan.folder().getFileName() + " as a source", job -> {
            String source = tightrope.sources().ensureModelFilesSource(scan.folder());
            return tightrope.sources().sync(source, true, job.listener(), job.cancellation());
        }, runs -> { });
    }

    /** "2 dangerous, 1 suspicious, 9 safe", worst first. */
    public static String verdictSummary(ScanService.Outcome outcome) {
        List<String> parts = new java.util.ArrayList<>();
        for (String v : List.of("DANGEROUS", "INVALID", "SUSPICIOUS", "SAFE")) {
            int n = outcome.counts().getOrDefault(v, 0);
            if (n > 0) {
                parts.add(n + " " + v.toLowerCase(java.util.Locale.ROOT));
            }
        }
        return parts.isEmpty() ? "no model files" : String.join(", ", parts);
    }

    /**
     * A folder scanned without keeping it: the verdicts, and the model-files sources that already
     * cover it (the folder, a folder around it, or one inside it), which adding it would overlap.
     */
    public record FolderScan(java.nio.file.Path folder, ScanService.Outcome outcome, List<String> overlappingSources) {
        public FolderScan {
            overlappingSources = List.copyOf(overlappingSources);
        }
    }

    /** Collects Help → Copy diagnostics in the background and hands the text to {@code sink} on the UI thread. */
    public void collectDiagnostics(Consumer<String> sink) {
        List<TaskHandle> tasks = List.copyOf(executor.tasks());
        List<dev.tightrope.ui.common.Notice> problems = notifications.lastProblems(10);
        String version = dev.tightrope.base.BuildInfo.version().orElse(null);
        executor.submit(BackgroundTask.read("Collecting diagnostics", () -> Diagnostics.text(new Diagnostics.Facts(version,
                tightrope.workspace().root(), dev.tightrope.base.LogFiles.current(), tightrope.sources().list(),
                tightrope.liveLineage().running(), tightrope.liveLineage().endpoint(), tasks, problems, java.time.Instant.now())))
                .onSuccess(sink));
    }

    /** Where the log files are. */
    public java.nio.file.Path logDirectory() {
        java.nio.file.Path current = dev.tightrope.base.LogFiles.current();
        return current != null ? current.getParent() : dev.tightrope.service.workspace.AppDirectories.system().logDirectory();
    }

    /** Asks the running job to stop; it ends at the next record and keeps the previous cache. */
    public void cancelSync() {
        TaskHandle h = job.get();
        if (h != null && busy.get()) {
            h.requestStop();
            notifications.info("Cancelling " + jobTitle.get() + "…");
        }
    }

    /** The status line after a job, and a notice for each source that failed or had problems. */
    private void reportRuns(String label, List<SyncRun> runs) {
        notifications.info(summary(runs));
        for (SyncRun r : runs) {
            if (r.status() == SyncStatus.FAILED || r.status() == SyncStatus.INTERRUPTED) {
                notifications.error("Sync of " + r.source() + " failed", r.message() == null ? r.status().name() : r.message(),
                        "Sources shows the run and what went wrong; the previous state of the source is kept.");
            } else if (r.status() == SyncStatus.SUCCEEDED_WITH_PROBLEMS) {
                String title = r.source() + ": " + Formats.count(r.problems()) + (r.problems() == 1 ? " record" : " records")
                        + " could not be imported";
                String detail = r.message() == null || title.endsWith(r.message()) ? "The rest of the source was imported." : r.message();
                notifications.warning(title, detail, "Sources → Problems lists each one with its file and line.");
            }
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
                .append(", ").append(Formats.count(assets)).append(" assets");
        if (problems > 0) {
            sb.append(", ").append(problems).append(problems == 1 ? " problem" : " problems");
        }
        if (failed > 0) {
            sb.append(", ").append(failed).append(" failed");
        }
        return sb.toString();
    }

    /**
     * An asset for the inventory to show.
     *
     * @param urn    the asset, or null for none
     * @param filter the filter to show it under, or null to keep the inventory's own
     */
    public record InventoryTarget(String urn, dev.tightrope.domain.AssetFilter filter) {
    }

    /** What a sync job gets. */
    public record SyncJob(SyncListener listener, Cancellation cancellation) {
    }
}
