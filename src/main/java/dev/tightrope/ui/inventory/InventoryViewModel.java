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
import dev.tightrope.ui.common.Fx;
import java.util.List;
import java.util.Map;
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

/** State and commands of the inventory: filter, sort, paged rows, the selected asset's detail. */
public final class InventoryViewModel {
    private final Tightrope tightrope;
    private final PagedAssetList rows;
    private final ObjectProperty<AssetFilter> filter = new SimpleObjectProperty<>(AssetFilter.all());
    private final ObjectProperty<AssetSort> sort = new SimpleObjectProperty<>(AssetSort.byName());
    private final LongProperty total = new SimpleLongProperty();
    private final LongProperty queryMillis = new SimpleLongProperty();
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final ObjectProperty<AssetDetail> detail = new SimpleObjectProperty<>();
    private final StringProperty message = new SimpleStringProperty();
    private final ObservableList<String> sources = FXCollections.observableArrayList();
    private final ObservableList<String> owners = FXCollections.observableArrayList();
    private final ObjectProperty<Integer> selectIndex = new SimpleObjectProperty<>();
    private int generation;
    private String pendingReveal;

    public InventoryViewModel(Tightrope tightrope) {
        this.tightrope = tightrope;
        this.rows = new PagedAssetList(ids -> tightrope.inventory().summaries(ids));
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

    public ReadOnlyObjectProperty<AssetDetail> detailProperty() {
        return detail;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message;
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
        int gen = ++generation;
        loading.set(true);
        AssetFilter f = filter.get();
        AssetSort s = sort.get();
        long started = System.nanoTime();
        Fx.background(() -> {
            long[] ids = tightrope.inventory().ids(f, s);
            return new Loaded(ids, tightrope.inventory().summaries(PagedAssetList.firstPageOf(ids)));
        }, loaded -> {
            if (gen != generation) {
                return;
            }
            long[] ids = loaded.ids();
            loading.set(false);
            queryMillis.set((System.nanoTime() - started) / 1_000_000);
            rows.reset(ids, loaded.firstPage());
            total.set(ids.length);
            if (pendingReveal != null) {
                revealNow(pendingReveal);
            }
            reloadChoices();
        }, this::fail);
    }

    /** The id list of a filter and sort, with its first page of rows. */
    private record Loaded(long[] ids, List<AssetSummary> firstPage) {
    }

    private void reloadChoices() {
        Fx.background(() -> tightrope.sources().list().stream().map(st -> st.config().name()).toList(),
                sources::setAll, this::fail);
        Fx.background(() -> tightrope.inventory().owners().stream().map(Map.Entry::getKey).toList(),
                owners::setAll, this::fail);
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
            detail.set(null);
            return;
        }
        Fx.background(() -> tightrope.inventory().detail(Urn.parse(urn)), d -> detail.set(d.orElse(null)), this::fail);
    }

    public void selectRow(AssetSummary row) {
        if (row == null || row == PagedAssetList.LOADING) {
            return;
        }
        select(row.urn());
    }

    /** Shows and selects an asset, widening the filter if it hides it. */
    public void reveal(String urn) {
        pendingReveal = urn;
        select(urn);
        Fx.background(() -> tightrope.inventory().find(Urn.parse(urn)), found -> {
            if (found.isEmpty()) {
                message.set("No asset " + urn);
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
        }, this::fail);
    }

    private void revealNow(String urn) {
        Fx.background(() -> tightrope.inventory().find(Urn.parse(urn)).map(AssetRecord::id), id -> {
            if (id.isPresent()) {
                int index = rows.indexOfId(id.get());
                if (index >= 0) {
                    pendingReveal = null;
                    selectIndex.set(null);
                    selectIndex.set(index);
                }
            }
        }, this::fail);
    }

    public void assignOwner(String owner, OwnerType type, OwnerRole role, Runnable onDone) {
        AssetDetail d = detail.get();
        if (d == null) {
            return;
        }
        Urn urn = d.record().urn();
        Fx.background(() -> tightrope.inventory().assignOwner(urn, owner, type, role, System.getProperty("user.name")),
                added -> {
                    message.set(added ? "Assigned " + owner + " as " + role.label() : owner + " was already assigned");
                    onDone.run();
                }, this::fail);
    }

    public void removeOwner(String owner, OwnerRole role, Runnable onDone) {
        AssetDetail d = detail.get();
        if (d == null) {
            return;
        }
        Urn urn = d.record().urn();
        Fx.background(() -> tightrope.inventory().removeManualOwner(urn, owner, role), removed -> onDone.run(), this::fail);
    }

    public void addNote(String text, Runnable onDone) {
        AssetDetail d = detail.get();
        if (d == null) {
            return;
        }
        Urn urn = d.record().urn();
        Fx.background(() -> tightrope.inventory().addNote(urn, System.getProperty("user.name"), text), id -> onDone.run(), this::fail);
    }

    private void fail(Throwable e) {
        loading.set(false);
        message.set(e.getMessage());
    }
}
