package dev.tightrope.ui.inventory;

import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetSort;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.OwnerType;
import dev.tightrope.domain.Urn;
import dev.tightrope.service.Tightrope;
import dev.tightrope.ui.common.BackgroundTask;
import dev.tightrope.ui.common.Formats;
import dev.tightrope.ui.common.Errors;
import dev.tightrope.ui.common.Latest;
import dev.tightrope.ui.common.NotificationCenter;
import dev.tightrope.ui.common.UiExecutor;
import dev.tightrope.ui.shell.AppModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * and the user's edits of it (manual owners, notes; the triage of its findings in
 * {@link FindingsTriageViewModel}). Loads are "latest wins"; a load that fails
 * leaves the error on show with Retry instead of rows that never arrive.
 *
 * <p>An asset opened from elsewhere (a lineage link, search, another view) never changes the
 * user's filters behind their back: when the filters show it, it is selected in the table; when
 * they hide it, it is shown anyway, pinned above the table with what hides it, and "Show in the
 * table" widens only those parts of the filter. What the inventory shows is recorded in the
 * navigation history, so Back returns to it.
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
    private final Latest revealLoad;
    private final ObjectProperty<AssetFilter> filter = new SimpleObjectProperty<>(AssetFilter.all());
    private final ObjectProperty<AssetSort> sort = new SimpleObjectProperty<>(AssetSort.byName());
    private final LongProperty total = new SimpleLongProperty();
    private final LongProperty queryMillis = new SimpleLongProperty();
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final StringProperty loadError = new SimpleStringProperty();
    private final ObjectProperty<AssetDetail> detail = new SimpleObjectProperty<>();
    private final ComplianceViewModel compliance;
    private final FindingsTriageViewModel findings;
    private final ObservableList<String> sources = FXCollections.observableArrayList();
    private final ObservableList<String> owners = FXCollections.observableArrayList();
    private final ObjectProperty<Integer> selectIndex = new SimpleObjectProperty<>();
    private final ObjectProperty<Pinned> pinned = new SimpleObjectProperty<>();
    /** The row id to select once the rows hold it (an asset opened while they load), -1 for none. */
    private long pendingId = -1;
    /** The asset last asked for, before its detail arrives. */
    private String selectedUrn;

    public InventoryViewModel(AppModel app) {
        this.app = app;
        this.tightrope = app.tightrope();
        this.executor = app.executor();
        this.notifications = app.notifications();
        this.idsLoad = new Latest(executor);
        this.detailLoad = new Latest(executor);
        this.choicesLoad = new Latest(executor);
        this.revealLoad = new Latest(executor);
        this.compliance = new ComplianceViewModel(app);
        this.rows = new PagedAssetList(ids -> tightrope.inventory().summaries(ids), executor, this::pageFailed);
        filter.addListener((obs, old, f) -> {
            app.history().inventoryShows(selectedUrn, f);
            reload();
        });
        sort.addListener((obs, old, s) -> reload());
        this.findings = new FindingsTriageViewModel(app, java.time.Clock.systemDefaultZone());
        detail.addListener((obs, old, d) -> findings.show(d));
    }

    /** The asset detail's promotion policy section (its own view model, over the same console). */
    PolicySectionViewModel policySection() {
        return new PolicySectionViewModel(app);
    }

    // Properties

    ObservableList<AssetSummary> rows() {
        return rows;
    }

    PagedAssetList pagedRows() {
        return rows;
    }

    /**
     * Writes the rows the table shows now (its filter; in name order) to {@code file} as CSV or
     * JSON, by the file's extension, in the background; the export goes in the audit log.
     */
    public void export(java.nio.file.Path file) {
        dev.tightrope.ui.common.TableExportViewModel.export(app, dev.tightrope.service.TableService.Table.INVENTORY, filter.get(), file, "asset", "assets");
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

    /** The compliance section of the detail. */
    public ComplianceViewModel compliance() {
        return compliance;
    }

    public ReadOnlyObjectProperty<AssetDetail> detailProperty() {
        return detail;
    }

    /** The selected asset's findings with their triage, and the commands that triage them. */
    public FindingsTriageViewModel findings() {
        return findings;
    }

    public ObservableList<String> sources() {
        return sources;
    }

    public ObservableList<String> owners() {
        return owners;
    }

    /**
     * The asset on show that the current filter hides (opened by a link or Back), shown above
     * the table; null when the selected asset is in the table or nothing is selected.
     */
    public ReadOnlyObjectProperty<Pinned> pinnedProperty() {
        return pinned;
    }

    /**
     * An asset on show that the filter hides.
     *
     * @param hiddenBy the parts of the filter that hide it
     * @param reason   what hides it, in words
     */
    public record Pinned(String urn, long id, String name, AssetKind kind, Set<AssetFilter.Part> hiddenBy, String reason) {
    }

    /** The row index the view should select (after a reveal); -1 to clear the selection. */
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
            if (pendingId >= 0) {
                selectPending();
            }
            Pinned p = pinned.get();
            if (p != null) {
                locate(p.urn());
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
        selectedUrn = urn;
        app.history().inventoryShows(urn, filter.get());
        if (urn == null) {
            detailLoad.cancel();
            detail.set(null);
            return;
        }
        detailLoad.submit(BackgroundTask.read("Reading the asset " + urn, () -> tightrope.inventory().detail(Urn.parse(urn)))
                .onSuccess(d -> {
                    detail.set(d.orElse(null));
                    d.ifPresent(found -> app.history().named(urn, found.record().asset().name()));
                }));
    }

    public void selectRow(AssetSummary row) {
        if (row == null || row == PagedAssetList.LOADING || row == PagedAssetList.FAILED) {
            return;
        }
        pinned.set(null);
        pendingId = -1;
        select(row.urn());
    }

    /** The inventory is on show in a new place of the history: records what it shows there. */
    public void entered() {
        app.history().inventoryShows(selectedUrn, filter.get());
    }

    /**
     * Shows {@code urn} (null: nothing) under {@code f} (null: the current filter), as Back and
     * Forward return to a place and links open an asset.
     */
    public void show(String urn, AssetFilter f) {
        if (f != null && !f.equals(filter.get())) {
            filter.set(f);
        }
        if (urn != null) {
            reveal(urn);
            return;
        }
        revealLoad.cancel();
        pinned.set(null);
        pendingId = -1;
        select(null);
        selectIndex.set(null);
        selectIndex.set(-1);
    }

    /**
     * Shows and selects an asset, keeping the filters: selected in the table when they show it,
     * pinned above the table with what hides it when they do not.
     */
    public void reveal(String urn) {
        select(urn);
        locate(urn);
    }

    /** Widens only the parts of the filter that hide the pinned asset, and selects it in the table. */
    public void showPinnedInTable() {
        Pinned p = pinned.get();
        if (p == null) {
            return;
        }
        AssetFilter wide = filter.get();
        for (AssetFilter.Part part : p.hiddenBy()) {
            wide = part.without(wide);
        }
        pinned.set(null);
        pendingId = p.id();
        notifications.info("Widened " + partsInWords(filter.get(), p.hiddenBy()) + " to show " + p.name()
                + (wide.equals(AssetFilter.all()) || wide.activeParts().isEmpty() ? "" : "; the other filters are kept"));
        if (wide.equals(filter.get())) {
            reload();
        } else {
            filter.set(wide);
        }
    }

    /** Stops showing the pinned asset. */
    public void dismissPinned() {
        if (pinned.get() != null) {
            pinned.set(null);
            select(null);
        }
    }

    /** Where an opened asset is: its row id and what in the filter (read at the same time) hides it. */
    private record Located(long id, String urn, String name, AssetKind kind, Set<AssetFilter.Part> hiddenBy, AssetFilter filter) {
    }

    private void locate(String urn) {
        AssetFilter f = filter.get();
        revealLoad.submit(BackgroundTask.read("Finding the asset " + urn, () -> {
            Urn parsed;
            try {
                parsed = Urn.parse(urn);
            } catch (IllegalArgumentException notAUrn) {
                return Optional.<Located>empty();
            }
            return tightrope.inventory().find(parsed).map(r -> new Located(r.id(), urn, r.asset().name(), r.urn().kind(),
                    tightrope.inventory().hiddenBy(f, r.id()), f));
        }).onSuccess(found -> {
            if (found.isEmpty()) {
                notifications.warning("No asset " + urn, "The cache has no asset with this URN",
                        "It may belong to a source that was removed; search by name instead.");
                pendingId = -1;
                pinned.set(null);
                return;
            }
            Located l = found.get();
            if (!l.filter().equals(filter.get())) {
                // the filter changed while this was read: the reload that follows looks again
                return;
            }
            if (l.hiddenBy().isEmpty()) {
                pinned.set(null);
                pendingId = l.id();
                if (!selectPending() && !loading.get()) {
                    // in the filter but not in the rows read before it was synced
                    reload();
                }
            } else {
                pendingId = -1;
                pinned.set(new Pinned(l.urn(), l.id(), l.name(), l.kind(), l.hiddenBy(), hiddenByText(l.filter(), l.hiddenBy())));
                selectIndex.set(null);
                selectIndex.set(-1);
            }
        }));
    }

    /** Selects the pending row if the rows hold it. */
    private boolean selectPending() {
        int index = rows.indexOfId(pendingId);
        if (index < 0) {
            return false;
        }
        pendingId = -1;
        selectIndex.set(null);
        selectIndex.set(index);
        return true;
    }

    /** "Not in the current filter: the kind filter (Dataset) and the text “fraud” hide it." */
    static String hiddenByText(AssetFilter f, Set<AssetFilter.Part> parts) {
        return "Not in the current filter: " + partsInWords(f, parts) + (parts.size() == 1 ? " hides it." : " hide it.");
    }

    static String partsInWords(AssetFilter f, Set<AssetFilter.Part> parts) {
        List<String> words = new java.util.ArrayList<>();
        for (AssetFilter.Part p : parts) {
            words.add(switch (p) {
                case KIND -> "the kind filter (" + (f.kinds().size() == 1 ? f.kinds().iterator().next().label()
                        : f.kinds().stream().map(AssetKind::label).sorted().collect(java.util.stream.Collectors.joining(", "))) + ")";
                case SOURCE -> "the source filter (" + f.source() + ")";
                case OWNER -> "the owner filter (" + f.owner() + ")";
                case UNOWNED -> "“No owner” (it has an owner)";
                case PRESENCE -> f.gone() == AssetFilter.Presence.PRESENT ? "“Present” (it is gone)" : "“Gone” (it is present)";
                case TEXT -> "the text “" + f.text() + "”";
                case CONCERN -> "the risk filter (" + f.concern().label() + ")";
            });
        }
        if (words.size() <= 1) {
            return String.join("", words);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " and " + words.get(words.size() - 1);
    }

    /** Opens the lineage explorer on the selected asset. */
    public void showLineage() {
        selectedUrn().ifPresent(urn -> app.showLineage(urn.toString()));
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

    // Ownership at scale

    private final javafx.beans.property.BooleanProperty inheritOwners = new javafx.beans.property.SimpleBooleanProperty();

    /** Whether owners are inherited along lineage in this workspace (read by {@link #loadInheritance}). */
    public javafx.beans.property.ReadOnlyBooleanProperty inheritOwnersProperty() {
        return inheritOwners;
    }

    public void loadInheritance() {
        executor.submit(BackgroundTask.read("Reading the ownership settings", () -> tightrope.ownership().inheritanceOn())
                .onSuccess(inheritOwners::set));
    }

    /** Turns ownership inherited along lineage on or off (a workspace setting, audit-logged). */
    public void setInheritOwners(boolean on) {
        if (on == inheritOwners.get()) {
            return;
        }
        inheritOwners.set(on);
        write(on ? "Inheriting owners along lineage" : "Removing inherited owners", () -> tightrope.ownership().setInheritance(on),
                claims -> notifications.success(on ? "Owners inherited along lineage: " + Formats.count(claims) + " inherited claims"
                        : "Inherited owners removed"));
    }

    /**
     * Assigns an owner by hand to every asset the current filter shows ({@code expected} of them,
     * as the confirmation said), on the long lane with progress; the audit log gets one entry.
     */
    public void assignToFiltered(String owner, OwnerType type, OwnerRole role, long expected) {
        AssetFilter f = filter.get();
        String actor = app.actor();
        app.submitWrite(BackgroundTask.longRunning("Assigning " + owner + " to " + Formats.count(expected) + " assets",
                ctx -> tightrope.ownership().assign(f, owner, type, role, actor,
                        done -> ctx.progress((double) done / Math.max(1, expected), Formats.count(done) + " of " + Formats.count(expected))))
                .onSuccess(added -> {
                    notifications.success("Assigned " + owner + " as " + role.label() + " of " + Formats.count(added) + " assets");
                    app.dataChanged();
                }));
    }

    /**
     * Assigns an owner by hand to the rows selected in the table (their positions in the current
     * order), on the long lane with progress; the audit log gets one entry.
     */
    public void assignToRows(List<Integer> indices, String owner, OwnerType type, OwnerRole role) {
        long[] ids = indices.stream().mapToLong(rows::idAt).distinct().toArray();
        String actor = app.actor();
        app.submitWrite(BackgroundTask.longRunning("Assigning " + owner + " to " + Formats.count(ids.length) + " selected assets",
                ctx -> tightrope.ownership().assign(ids, owner, type, role, actor,
                        done -> ctx.progress((double) done / Math.max(1, ids.length), Formats.count(done) + " of " + Formats.count(ids.length))))
                .onSuccess(added -> {
                    notifications.success("Assigned " + owner + " as " + role.label() + " of " + Formats.count(added) + " selected assets");
                    app.dataChanged();
                }));
    }

    /** Resolves an ownership conflict on the selected asset by keeping {@code owner} for {@code role}. */
    public void resolveConflict(OwnerRole role, String owner) {
        Optional<Urn> urn = selectedUrn();
        if (urn.isEmpty()) {
            return;
        }
        String actor = app.actor();
        write("Keeping " + owner + " as " + role.label(), () -> tightrope.ownership().resolveConflict(urn.get(), role, owner, actor),
                resolved -> notifications.success("Kept " + owner + " as " + role.label()));
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
