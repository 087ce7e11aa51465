package dev.tightrope.ui.sources;

import dev.tightrope.domain.Problem;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SourceStatus;
import dev.tightrope.domain.SourceType;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.service.EmitterSettings;
import dev.tightrope.service.LiveLineageService;
import dev.tightrope.service.LiveLineageStatus;
import dev.tightrope.ui.common.BackgroundTask;
import dev.tightrope.ui.common.Latest;
import dev.tightrope.ui.common.NotificationCenter;
import dev.tightrope.ui.common.UiExecutor;
import dev.tightrope.ui.shell.AppModel;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Sources, their run history and problems; add, remove, sync; and the live OpenLineage
 * receiver, which the user turns on and off here.
 */
public final class SourcesViewModel {
    private final AppModel app;
    private final UiExecutor executor;
    private final NotificationCenter notifications;
    private final Latest listLoad;
    private final Latest runsLoad;
    private final Latest problemsLoad;
    private final ObservableList<SourceStatus> sources = FXCollections.observableArrayList();
    private final ObservableList<SyncRun> runs = FXCollections.observableArrayList();
    private final ObservableList<Problem> problems = FXCollections.observableArrayList();
    private final ObjectProperty<SourceStatus> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<SyncRun> selectedRun = new SimpleObjectProperty<>();
    private final StringProperty livePort = new SimpleStringProperty("5000");
    private final BooleanProperty liveRunning = new SimpleBooleanProperty();
    private final BooleanProperty liveChanging = new SimpleBooleanProperty();
    private final StringProperty liveEndpoint = new SimpleStringProperty();
    private final ObjectProperty<EmitterSettings> emitterSettings = new SimpleObjectProperty<>();
    private final ObjectProperty<LiveLineageStatus> liveStatus = new SimpleObjectProperty<>();
    private final StringProperty problemsPlaceholder = new SimpleStringProperty("");
    private final ConnectionTest<String> selectedTest;

    public SourcesViewModel(AppModel app) {
        this.app = app;
        this.executor = app.executor();
        this.notifications = app.notifications();
        this.listLoad = new Latest(executor);
        this.runsLoad = new Latest(executor);
        this.problemsLoad = new Latest(executor);
        this.selectedTest = new ConnectionTest<>(executor, (name, cancel) -> app.tightrope().sources().check(name, cancel));
        selected.addListener((obs, old, s) -> {
            // a refresh selects the same source again; another source's answer is not this one's
            if (s != null && !s.config().name().equals(selectedTest.subjectProperty().get())) {
                selectedTest.clear();
            }
            loadRuns();
        });
        selectedRun.addListener((obs, old, r) -> loadProblems());
    }

    // Properties

    public ObservableList<SourceStatus> sources() {
        return sources;
    }

    public ObservableList<SyncRun> runs() {
        return runs;
    }

    public ObservableList<Problem> problems() {
        return problems;
    }

    public ObjectProperty<SourceStatus> selectedProperty() {
        return selected;
    }

    public ObjectProperty<SyncRun> selectedRunProperty() {
        return selectedRun;
    }

    /** What the problems list says when it is empty: never synced, no problems in the last sync, ... */
    public ReadOnlyStringProperty problemsPlaceholderProperty() {
        return problemsPlaceholder;
    }

    /** Test connection for the selected source. */
    public ConnectionTest<String> selectedTest() {
        return selectedTest;
    }

    /** A Test connection for settings not saved yet (the Add and Edit dialogs): nothing is written. */
    public ConnectionTest<SourceConfig> newConnectionTest() {
        return new ConnectionTest<>(executor, (config, cancel) -> app.tightrope().sources().check(config, cancel));
    }

    public List<SourceType> types() {
        return app.tightrope().sources().types();
    }

    /** The names in use, as last read (a new source needs another). */
    public java.util.Set<String> sourceNames() {
        return sources.stream().map(s -> s.config().name()).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** True while a long job runs: syncing and removing wait for it. */
    public ReadOnlyBooleanProperty busyProperty() {
        return app.busyProperty();
    }

    /** The port typed for the live receiver. */
    public StringProperty livePortProperty() {
        return livePort;
    }

    public ReadOnlyBooleanProperty liveRunningProperty() {
        return liveRunning;
    }

    /** True while the receiver starts or stops. */
    public ReadOnlyBooleanProperty liveChangingProperty() {
        return liveChanging;
    }

    /** Where emitters send events while the receiver runs, else null. */
    public ReadOnlyStringProperty liveEndpointProperty() {
        return liveEndpoint;
    }

    /** What emitters are configured with while the receiver runs (URL, endpoint, API key), else null. */
    public ReadOnlyObjectProperty<EmitterSettings> emitterSettingsProperty() {
        return emitterSettings;
    }

    /** The receiver's counts: events accepted, requests refused and why. Null before the first refresh. */
    public ReadOnlyObjectProperty<LiveLineageStatus> liveStatusProperty() {
        return liveStatus;
    }

    // Commands

    private record Snapshot(List<SourceStatus> sources, LiveLineageStatus live, EmitterSettings emitter) {
    }

    public void refresh() {
        String keep = selected.get() == null ? null : selected.get().config().name();
        LiveLineageService live = app.tightrope().liveLineage();
        // the receiver's state shares a lock with stopping it, which may drain deliveries: read it in the background
        listLoad.submit(BackgroundTask.read("Reading the sources", () -> new Snapshot(app.tightrope().sources().list(), live.status(),
                live.emitterSettings().orElse(null))).onSuccess(snap -> {
                    sources.setAll(snap.sources());
                    SourceStatus again = snap.sources().stream().filter(s -> s.config().name().equals(keep)).findFirst()
                            .orElse(snap.sources().isEmpty() ? null : snap.sources().get(0));
                    selected.set(null);
                    selected.set(again);
                    showLive(snap.live(), snap.emitter());
                }));
    }

    private void showLive(LiveLineageStatus status, EmitterSettings emitter) {
        liveStatus.set(status);
        liveRunning.set(status.running());
        liveEndpoint.set(status.running() ? status.endpoint() : null);
        emitterSettings.set(emitter);
    }

    private void loadRuns() {
        SourceStatus s = selected.get();
        if (s == null) {
            runsLoad.cancel();
            runs.clear();
            return;
        }
        String name = s.config().name();
        runsLoad.submit(BackgroundTask.read("Reading the sync history of " + name, () -> app.tightrope().sources().runs(name, 100))
                .onSuccess(list -> {
                    runs.setAll(list);
                    selectedRun.set(list.isEmpty() ? null : list.get(0));
                    problemsPlaceholder.set(placeholder());
                }));
    }

    private void loadProblems() {
        SyncRun r = selectedRun.get();
        if (r == null) {
            problemsLoad.cancel();
            problems.clear();
            return;
        }
        problemsPlaceholder.set(placeholder());
        problemsLoad.submit(BackgroundTask.read("Reading the problems of sync run " + r.id(), () -> app.tightrope().sources().problems(r.id(), 1000))
                .onSuccess(problems::setAll));
    }

    private String placeholder() {
        SyncRun r = selectedRun.get();
        if (selected.get() == null) {
            return "";
        }
        if (r == null) {
            return runs.isEmpty() ? "Never synced" : "Select a sync run to see its problems";
        }
        boolean last = !runs.isEmpty() && runs.get(0).id() == r.id();
        return switch (r.status()) {
            case RUNNING -> "The sync is still running";
            case CANCELLED -> "No problems: the sync was cancelled and nothing from it was kept";
            case FAILED, INTERRUPTED -> "No record problems: the sync stopped as a whole (see its message)";
            default -> last ? "No problems in the last sync" : "No problems in this sync";
        };
    }

    /** Adds a source, then reads it in full; a bad setting is reported with the source's name. */
    public void add(SourceConfig config) {
        app.submitWrite(BackgroundTask.write("Adding the source " + config.name(), () -> {
            app.tightrope().sources().add(config);
            return config;
        }).onSuccess(c -> {
            notifications.success("Added source " + c.name());
            app.dataChanged();
            sync(c.name(), true);
        }).onFailure(e -> notifications.error("The source " + config.name() + " was not added", e)));
    }

    /**
     * Saves new settings for a saved source (its name and type stay), checked as Add checks them.
     * Nothing is synced: the user syncs when ready, and the notification says so.
     */
    public void update(SourceConfig config) {
        app.submitWrite(BackgroundTask.write("Saving the settings of " + config.name(), () -> app.tightrope().sources().update(config))
                .onSuccess(changed -> {
                    if (changed.isEmpty()) {
                        notifications.info("No settings of " + config.name() + " changed");
                        return;
                    }
                    if (config.name().equals(selectedTest.subjectProperty().get())) {
                        selectedTest.clear();
                    }
                    notifications.success("Saved " + config.name() + " (" + String.join(", ", changed)
                            + "); sync it to read with the new settings");
                    app.dataChanged();
                }).onFailure(e -> notifications.error("The settings of " + config.name() + " were not saved", e)));
    }

    /** A saved source whose type this build does not know cannot be edited: say so. */
    public void unknownType(SourceConfig config) {
        notifications.error("The source " + config.name() + " cannot be edited", "this build has no connector of type " + config.type(),
                "Remove it, or open the workspace with a build that has that connector.");
    }

    /** Test connection for the selected source: one cheap call, nothing imported. */
    public void testSelected() {
        SourceStatus s = selected.get();
        if (s != null) {
            selectedTest.run(s.config().name(), s.config().name());
        }
    }

    public void remove(String name) {
        app.submitWrite(BackgroundTask.write("Removing the source " + name, () -> app.tightrope().sources().remove(name)).onSuccess(removed -> {
            notifications.success("Removed source " + name + "; its assets are kept and marked gone");
            app.dataChanged();
        }));
    }

    public void sync(String name, boolean full) {
        app.runSync(name == null ? "Syncing all sources" : "Syncing " + name,
                job -> app.tightrope().sources().sync(name, full, job.listener(), job.cancellation()), r -> { });
    }

    public void cancelSync() {
        app.cancelSync();
    }

    /** Scans a folder of model files (nothing is executed). */
    public void scanModelFiles(java.nio.file.Path folder) {
        app.scanModelFiles(folder);
    }

    /** Starts the live OpenLineage receiver on the typed port; events are imported as they arrive. */
    public void startLive() {
        int port;
        try {
            port = Integer.parseInt(livePort.get() == null ? "" : livePort.get().strip());
            if (port < 0 || port > 65_535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException bad) {
            notifications.error("The live OpenLineage receiver did not start", "“" + livePort.get() + "” is not a port number",
                    "Type a port from 1024 to 65535, or 0 to let the system choose a free one.");
            return;
        }
        LiveLineageService live = app.tightrope().liveLineage();
        liveChanging.set(true);
        executor.submit(BackgroundTask.write("Starting the live OpenLineage receiver on port " + port, () -> {
            live.start(port, run -> executor.onUi(() -> {
                notifications.info("Live OpenLineage: imported " + run.assetsSeen() + " assets from new events"
                        + (run.problems() > 0 ? ", " + run.problems() + " problems" : ""));
                app.dataChanged();
            }), problem -> executor.onUi(() -> notifications.warning("Live OpenLineage: an event was not delivered",
                    problem.location() + ": " + problem.message(), "The sender can send it again; nothing else was affected.")));
            return new Snapshot(List.of(), live.status(), live.emitterSettings().orElse(null));
        }).onSuccess(snap -> {
            showLive(snap.live(), snap.emitter());
            notifications.success("Receiving OpenLineage events at " + snap.live().endpoint()
                    + " — Emitter settings… shows the URL and API key to configure");
            refresh();
        }).onFailure(e -> {
            liveRunning.set(false);
            notifications.error("The live OpenLineage receiver did not start on port " + port, e);
        }).onFinished(() -> liveChanging.set(false)));
    }

    public void stopLive() {
        LiveLineageService live = app.tightrope().liveLineage();
        liveChanging.set(true);
        executor.submit(BackgroundTask.write("Stopping the live OpenLineage receiver", () -> {
            live.stop();
            return true;
        }).onSuccess(ok -> {
            liveRunning.set(false);
            liveEndpoint.set(null);
            emitterSettings.set(null);
            notifications.info("Stopped receiving OpenLineage events");
            refresh();
        }).onFinished(() -> liveChanging.set(false)));
    }
}
