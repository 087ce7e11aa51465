package dev.tightrope.ui.sources;

import dev.tightrope.domain.Problem;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SourceStatus;
import dev.tightrope.domain.SourceType;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.ui.common.Fx;
import dev.tightrope.ui.shell.AppModel;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Sources, their run history and problems; add, remove, sync. */
public final class SourcesViewModel {
    private final AppModel app;
    private final ObservableList<SourceStatus> sources = FXCollections.observableArrayList();
    private final ObservableList<SyncRun> runs = FXCollections.observableArrayList();
    private final ObservableList<Problem> problems = FXCollections.observableArrayList();
    private final ObjectProperty<SourceStatus> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<SyncRun> selectedRun = new SimpleObjectProperty<>();

    public SourcesViewModel(AppModel app) {
        this.app = app;
        selected.addListener((obs, old, s) -> loadRuns());
        selectedRun.addListener((obs, old, r) -> loadProblems());
    }

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

    public List<SourceType> types() {
        return app.tightrope().sources().types();
    }

    public void refresh() {
        String keep = selected.get() == null ? null : selected.get().config().name();
        Fx.background(() -> app.tightrope().sources().list(), list -> {
            sources.setAll(list);
            SourceStatus again = list.stream().filter(s -> s.config().name().equals(keep)).findFirst()
                    .orElse(list.isEmpty() ? null : list.get(0));
            selected.set(null);
            selected.set(again);
        }, e -> app.setStatus(e.getMessage()));
    }

    private void loadRuns() {
        SourceStatus s = selected.get();
        if (s == null) {
            runs.clear();
            return;
        }
        Fx.background(() -> app.tightrope().sources().runs(s.config().name(), 100), list -> {
            runs.setAll(list);
            selectedRun.set(list.isEmpty() ? null : list.get(0));
        }, e -> app.setStatus(e.getMessage()));
    }

    private void loadProblems() {
        SyncRun r = selectedRun.get();
        if (r == null) {
            problems.clear();
            return;
        }
        Fx.background(() -> app.tightrope().sources().problems(r.id(), 1000), problems::setAll, e -> app.setStatus(e.getMessage()));
    }

    /** Adds a source; the error message (bad settings) comes back to the dialog. */
    public void add(SourceConfig config, Runnable onDone, java.util.function.Consumer<String> onError) {
        Fx.background(() -> {
            app.tightrope().sources().add(config);
            return config;
        }, c -> {
            app.setStatus("Added source " + c.name());
            app.dataChanged();
            onDone.run();
        }, e -> onError.accept(e.getMessage()));
    }

    public void remove(String name) {
        Fx.background(() -> app.tightrope().sources().remove(name), removed -> {
            app.setStatus("Removed source " + name + "; its assets are kept and marked gone");
            app.dataChanged();
        }, e -> app.setStatus(e.getMessage()));
    }

    public void sync(String name, boolean full) {
        app.runSync(name == null ? "Syncing all sources" : "Syncing " + name,
                job -> app.tightrope().sources().sync(name, full, job.listener(), job.cancellation()), r -> { });
    }
}
