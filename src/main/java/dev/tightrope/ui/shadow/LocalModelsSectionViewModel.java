package dev.tightrope.ui.shadow;

import dev.tightrope.service.ShadowService;
import dev.tightrope.ui.common.BackgroundTask;
import dev.tightrope.ui.common.Latest;
import dev.tightrope.ui.shell.AppModel;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The Local models part of the Shadow AI view: the models and datasets in the machines' model
 * caches and the model files loose in their repositories, whether a registry in the cache knows
 * each, filtered by cache, machine, "not in any registry" and "with findings"; the selected
 * one's files and their verdicts, and Open in inventory.
 */
public final class LocalModelsSectionViewModel {

    private final AppModel app;
    private final Latest detailLoad;
    private final ObservableList<ShadowService.LocalModel> models = FXCollections.observableArrayList();
    private final FilteredList<ShadowService.LocalModel> shown = new FilteredList<>(models, m -> true);
    private final IntegerProperty unregisteredCount = new SimpleIntegerProperty();
    private final ObservableList<String> caches = FXCollections.observableArrayList();
    private final ObservableList<String> machines = FXCollections.observableArrayList();
    private final ObjectProperty<String> cache = new SimpleObjectProperty<>();
    private final ObjectProperty<String> machine = new SimpleObjectProperty<>();
    private final BooleanProperty unregisteredOnly = new SimpleBooleanProperty();
    private final BooleanProperty withFindings = new SimpleBooleanProperty();
    private final ObjectProperty<ShadowService.LocalModel> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<ShadowService.LocalModelDetail> detail = new SimpleObjectProperty<>();

    LocalModelsSectionViewModel(AppModel app) {
        this.app = app;
        this.detailLoad = new Latest(app.executor());
        cache.addListener((obs, old, v) -> applyFilter());
        machine.addListener((obs, old, v) -> applyFilter());
        unregisteredOnly.addListener((obs, old, v) -> applyFilter());
        withFindings.addListener((obs, old, v) -> applyFilter());
        selected.addListener((obs, old, m) -> loadDetail(m));
    }

    // Properties

    public ObservableList<ShadowService.LocalModel> shown() {
        return shown;
    }

    public ObservableList<ShadowService.LocalModel> models() {
        return FXCollections.unmodifiableObservableList(models);
    }

    /** How many of all the local models no registry source knows. */
    public ReadOnlyIntegerProperty unregisteredCount() {
        return unregisteredCount;
    }

    /** The caches the models are in ("Hugging Face cache", "Ollama", "loose file"), for the filter. */
    public ObservableList<String> caches() {
        return caches;
    }

    public ObservableList<String> machines() {
        return machines;
    }

    public ObjectProperty<String> cacheProperty() {
        return cache;
    }

    public ObjectProperty<String> machineProperty() {
        return machine;
    }

    /** Only models no registry knows. */
    public BooleanProperty unregisteredOnlyProperty() {
        return unregisteredOnly;
    }

    /** Only models with an open finding. */
    public BooleanProperty withFindingsProperty() {
        return withFindings;
    }

    public ObjectProperty<ShadowService.LocalModel> selectedProperty() {
        return selected;
    }

    public ReadOnlyObjectProperty<ShadowService.LocalModelDetail> detailProperty() {
        return detail;
    }

    /** The registry badge: "registered" (ok) or "not in any registry" (warn), the tooltip saying as what or what was looked for. */
    public static ShadowViewModel.StateBadge registration(ShadowService.LocalModel m) {
        return m.registration().registered() ? new ShadowViewModel.StateBadge("registered", "ok", m.registration().how())
                : new ShadowViewModel.StateBadge("not in any registry", "warn", m.registration().how());
    }

    // Commands

    public void clearFilters() {
        cache.set(null);
        machine.set(null);
        unregisteredOnly.set(false);
        withFindings.set(false);
    }

    /** Opens the selected model in the inventory; Back returns here. */
    public void openInInventory() {
        ShadowService.LocalModel m = selected.get();
        if (m != null) {
            app.revealAsset(m.urn().toString());
        }
    }

    /** Shows what a refresh read, keeping the selection when the model is still there. */
    void show(List<ShadowService.LocalModel> read) {
        var keep = selected.get() == null ? null : selected.get().urn();
        models.setAll(read);
        unregisteredCount.set((int) read.stream().filter(m -> !m.registration().registered()).count());
        ShadowViewModel.choices(caches, read, m -> Stream.of(m.cache()));
        ShadowViewModel.choices(machines, read, m -> Stream.ofNullable(m.machine()));
        applyFilter();
        ShadowService.LocalModel again = keep == null ? null : read.stream().filter(m -> m.urn().equals(keep)).findFirst().orElse(null);
        if (again != null && again.equals(selected.get())) {
            loadDetail(again);
        } else {
            selected.set(again);
        }
    }

    private void applyFilter() {
        String c = cache.get();
        String m = machine.get();
        boolean unregistered = unregisteredOnly.get();
        boolean f = withFindings.get();
        shown.setPredicate(x -> (c == null || c.equals(x.cache())) && (m == null || Objects.equals(m, x.machine()))
                && (!unregistered || !x.registration().registered()) && (!f || x.findings() > 0));
    }

    private void loadDetail(ShadowService.LocalModel m) {
        detail.set(null);
        if (m == null) {
            detailLoad.cancel();
            return;
        }
        detailLoad.submit(BackgroundTask.read("Reading " + m.identity(), () -> app.tightrope().shadow().localModelDetail(m.urn()))
                .onSuccess(d -> detail.set(d.orElse(null))));
    }
}
