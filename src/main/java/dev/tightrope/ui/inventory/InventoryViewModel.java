package dev.tightrope.ui.inventory;

import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetRecord;
import dev.tightrope.domain.AssetSort;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.OwnerType;
import dev.tightrope.domain.Urn;
import dev.tightrope.service.Tightrope;
import dev.tightrope.ui.common.BackgroundTask;
import dev.tightrope.ui.common.Errors;
import dev.tightrope.ui.common.Latest;
import dev.tightrope.ui.common.NotificationCenter;
import dev.tightrope.ui.common.UiExecutor;
import dev.tightrope.ui.shell.AppModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the inventory: filter, sort, paged rows, the selected asset's detail,
 * and the user's edits of it (manual owners, notes). Loads are "latest wins"; a load that fails
 * leaves the error on show with Retry instead of rows that never arrive.
 */
public final class InventoryViewModel {
    private final AppModel app;
    private final Tightrope tightrope;
    private final UiExecutor executor;
    private final NotificationCenter notifications;
    private final PagedAssetList rows;
    private final Latest idsLoad;
    private final Latest detailLoad;
    private final Latest choicesLoad;
    private final ObjectProperty<AssetFilter> filter = new SimpleObjectProperty<>(AssetFilter.all());
    private final ObjectProperty<AssetSort> sort = new SimpleObjectProperty<>(AssetSort.byName());
    private final LongProperty total = new SimpleLongProperty();
    private final LongProperty queryMillis = new SimpleLongProperty();
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final StringProperty loadError = new SimpleStringProperty();
    private final ObjectProperty<AssetDetail> detail = new SimpleObjectProperty<>();
    private final ObservableList<String> sources = FXCollections.observableArrayList();
    private final ObservableList<String> owners = FXCollections.observableArrayList();
    private final ObjectProperty<Integer> selectIndex = new SimpleObjectProperty<>();
    private String pendingReveal;

    public InventoryViewModel(AppModel app) {
        this.app = app;
        this.tightrope = app.tightrope();
        this.executor = app.executor();
        this.notifications = app.notifications();
        this.idsLoad = new Latest(executor);
        this.detailLoad = new Latest(executor);
        this.choicesLoad = new Latest(executor);
        this.rows = new PagedAssetList(ids -> tightrope.inventory().summaries(ids), executor, this::pageFailed);
        filter.addListener((obs, old, f) -> reload());
        sort.addListener((obs, old, s) -> reload());
    }

    // Properties

    ObservableList<AssetSummary> rows() {
        return rows;
    }

    PagedAssetList pagedRows() {
        return rows;
    }

    public ObjectProperty<AssetFilter> filterProperty() {
        return filter;
    }

    public ObjectProperty<AssetSort> sortProperty() {
        return sort;
    }

    public ReadOnlyLongProperty totalProperty() {
        return total;
    }

    public ReadOnlyLongProperty queryMillisProperty() {
        return queryMillis;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading;
    }

    /** Why the rows (or some of their pages) could not be read; null when they could. Retry reads them again. */
    public ReadOnlyStringProperty loadErrorProperty() {
        return loadError;
    }

    public ReadOnlyObjectProperty<AssetDetail> detailProperty() {
        return detail;
    }

    public ObservableList<String> sources() {
        return sources;
    }

    public ObservableList<String> owners() {
        return owners;
    }

    /** The row index the view should select (after a reveal). */
    ReadOnlyObjectProperty<Integer> selectIndexProperty() {
        return selectIndex;
    }

    // Commands

    /**
     * Re-reads the ids for the current filter and sort, then the filter choices: the choices
     * (distinct owners, a scan of every claim) wait for the rows, so on a large cache they do not
     * compete with the first screenful for the two cores.
     */
    public void reload() {
        loading.set(true);
        AssetFilter f = filter.get();
        AssetSort s = sort.get();
        long started = System.nanoTime();
        idsLoad.submit(BackgroundTask.read("Reading the inventory", () -> {
            long[] ids = tightrope.inventory().ids(f, s);
            return new Loaded(ids, tightrope.inventory().summaries(PagedAssetList.firstPageOf(ids)));
        }).onSuccess(loaded -> {
            long[] ids = loaded.ids();
            loadError.set(null);
            queryMillis.set((System.nanoTime() - started) / 1_000_000);
            rows.reset(ids, loaded.firstPage());
            total.set(ids.length);
            if (pendingReveal != null) {
                revealNow(pendingReveal);
            }
            reloadChoices();
        }).onFailure(e -> {
            loadError.set("The inventory could not be read: " + Errors.describe(e));
            notifications.error("Reading the inventory failed", e);
        }).onFinished(() -> loading.set(false)));
    }

    /** Reads again what failed: the whole list, or only the pages that could not be read. */
    public void retry() {
        if (rows.hasFailedPages() && total.get() == rows.size()) {
            loadError.set(null);
            rows.retryFailed();
        } else {
            reload();
        }
    }

    private void pageFailed(Throwable e) {
        loadError.set("Some rows could not be read: " + Errors.describe(e));
        notifications.error("Reading rows of the inventory failed", e);
    }

    /** The id list of a filter and sort, with its first page of rows. */
    private record Loaded(long[] ids, List<AssetSummary> firstPage) {
    }

    private record Choices(List<String> sources, List<String> owners) {
    }

    private void reloadChoices() {
        choicesLoad.submit(BackgroundTask.read("Reading the filter choices", () -> new Choices(
                tightrope.sources().list().stream().map(st -> st.config().name()).toList(),
                tightrope.inventory().owners().stream().map(Map.Entry::getKey).toList())).onSuccess(c -> {
                    sources.setAll(c.sources());
                    owners.setAll(c.owners());
                }));
    }

    /** The cache changed (a sync, an edit): keep filter and sort, refresh rows and detail. */
    public void dataChanged() {
        reload();
        AssetDetail d = detail.get();
        if (d != null) {
            select(d.record().urn().toString());
        }
    }

    public void select(String urn) {
        if (urn == null) {
            detailLoad.cancel();
            detail.set(null);
            return;
        }
        detailLoad.submit(BackgroundTask.read("Reading the asset " + urn, () -> tightrope.inventory().detail(Urn.parse(urn)))
                .onSuccess(d -> detail.set(d.orElse(null))));
    }

    public void selectRow(AssetSummary row) {
        if (row == null || row == PagedAssetList.LOADING || row == PagedAssetList.FAILED) {
            return;
        }
        select(row.urn());
    }

    /** Shows and selects an asset, widening the filter if it hides it. */
    public void reveal(String urn) {
        pendingReveal = urn;
        select(urn);
        executor.submit(BackgroundTask.read("Finding the asset " + urn, () -> tightrope.inventory().find(Urn.parse(urn)))
                .onSuccess(found -> {
                    if (found.isEmpty()) {
                        notifications.warning("No asset " + urn, "The cache has no asset with this URN",
                                "It may belong to a source that was removed; search by name instead.");
                        pendingReveal = null;
                        return;
                    }
                    AssetRecord r = found.get();
                    AssetFilter wide = AssetFilter.all().withPresence(r.gone() ? AssetFilter.Presence.ALL : AssetFilter.Presence.PRESENT);
                    if (rows.indexOfId(r.id()) >= 0) {
                        revealNow(urn);
                    } else if (!wide.equals(filter.get())) {
                        filter.set(wide);
                    } else {
                        reload();
                    }
                }));
    }

    private void revealNow(String urn) {
        executor.submit(BackgroundTask.read("Finding the asset " + urn,
                () -> tightrope.inventory().find(Urn.parse(urn)).map(AssetRecord::id)).onSuccess(id -> {
                    if (id.isPresent()) {
                        int index = rows.indexOfId(id.get());
                        if (index >= 0) {
                            pendingReveal = null;
                            selectIndex.set(null);
                            selectIndex.set(index);
                        }
                    }
                }));
    }

    /** Records a manual owner (kept by every sync); queued behind a running sync, never lost. */
    public void assignOwner(String owner, OwnerType type, OwnerRole role) {
        Optional<Urn> urn = selectedUrn();
        if (urn.isEmpty()) {
            return;
        }
        String actor = app.actor();
        write("Assigning " + owner + " as " + role.label(), () -> tightrope.inventory().assignOwner(urn.get(), owner, type, role, actor),
                added -> notifications.success(added ? "Assigned " + owner + " as " + role.label() : owner + " was already assigned"));
    }

    public void removeOwner(String owner, OwnerRole role) {
        Optional<Urn> urn = selectedUrn();
        if (urn.isEmpty()) {
            return;
        }
        write("Removing " + owner + " as " + role.label(), () -> tightrope.inventory().removeManualOwner(urn.get(), owner, role),
                removed -> notifications.success(removed ? "Removed " + owner + " as " + role.label() : owner + " was not assigned by hand"));
    }

    public void addNote(String text) {
        Optional<Urn> urn = selectedUrn();
        if (urn.isEmpty() || text == null || text.isBlank()) {
            return;
        }
        String actor = app.actor();
        write("Adding a note", () -> tightrope.inventory().addNote(urn.get(), actor, text.strip()), id -> notifications.success("Note added"));
    }

    private Optional<Urn> selectedUrn() {
        AssetDetail d = detail.get();
        return d == null ? Optional.empty() : Optional.of(d.record().urn());
    }

    /** A user write on the write lane; while a sync holds the cache it waits its turn, and the user is told so. */
    private <T> void write(String title, java.util.function.Supplier<T> work, java.util.function.Consumer<T> done) {
        app.submitWrite(BackgroundTask.write(title, work).onSuccess(result -> {
            done.accept(result);
            app.dataChanged();
        }));
    }
}
