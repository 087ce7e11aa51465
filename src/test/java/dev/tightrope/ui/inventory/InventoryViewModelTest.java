package dev.tightrope.ui.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.OwnerType;
import dev.tightrope.domain.Provenance;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.ui.common.BlockingSource;
import dev.tightrope.ui.common.NotificationCenter;
import dev.tightrope.ui.common.Notice;
import dev.tightrope.ui.common.TestConsole;
import dev.tightrope.ui.common.ThreadedExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The inventory driven as its view drives it, without a toolkit. */
@Timeout(120)
class InventoryViewModelTest {
    @TempDir
    Path dir;
    private TestConsole console;

    @AfterEach
    void close() {
        if (console != null) {
            console.close();
        }
    }

    private InventoryViewModel open(int assets) {
        console = TestConsole.open(dir.resolve("ws"), assets);
        InventoryViewModel vm = new InventoryViewModel(console.app);
        vm.reload();
        return vm;
    }

    @Test
    void reloadListsEveryAssetWithTheFirstPageAlreadyRead() {
        InventoryViewModel vm = open(300);
        assertThat(vm.totalProperty().get()).isEqualTo(300);
        assertThat(vm.pagedRows().cachedPages()).isEqualTo(1);
        assertThat(vm.rows().get(0)).isNotSameAs(PagedAssetList.LOADING);
        assertThat(vm.loadingProperty().get()).isFalse();
        assertThat(vm.sources()).containsExactly("estate");
        assertThat(vm.owners()).isNotEmpty();
    }

    @Test
    void rowsBeyondTheFirstPageAreReadWhenAskedFor() {
        InventoryViewModel vm = open(600);
        AssetSummary far = vm.rows().get(590);
        // the current-thread executor has read the page by the time get returns; the list now holds it
        assertThat(far).isSameAs(PagedAssetList.LOADING);
        assertThat(vm.rows().get(590).id()).isPositive();
        assertThat(vm.pagedRows().cachedPages()).isEqualTo(2);
    }

    @Test
    void filtersNarrowTheRowsAndClearingBringsThemBack() {
        InventoryViewModel vm = open(300);
        long unowned = console.tightrope.inventory().count(AssetFilter.all().withUnowned(true));
        vm.filterProperty().set(AssetFilter.all().withUnowned(true));
        assertThat(vm.totalProperty().get()).isEqualTo(unowned).isLessThan(300);
        vm.filterProperty().set(AssetFilter.all().withKinds(Set.of(AssetKind.MODEL)));
        assertThat(vm.rows()).allMatch(r -> r.kind() == AssetKind.MODEL);
        vm.filterProperty().set(AssetFilter.all());
        assertThat(vm.totalProperty().get()).isEqualTo(300);
    }

    @Test
    void exportWritesTheRowsTheFilterShowsAndSaysHowMany() throws Exception {
        InventoryViewModel vm = open(300);
        vm.filterProperty().set(AssetFilter.all().withUnowned(true));
        long unowned = vm.totalProperty().get();
        Path file = dir.resolve("unowned.json");
        vm.export(file);
        com.fasterxml.jackson.databind.JsonNode rows = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        assertThat(rows.size()).isEqualTo(unowned);
        assertThat(rows).allSatisfy(r -> assertThat(r.get("owners").isNull()).isTrue());
        assertThat(console.notifications.statusProperty().get()).isEqualTo("Exported " + unowned + " assets to " + file);

        vm.export(dir.resolve("unowned.xlsx"));
        assertThat(console.shown()).anySatisfy(t -> assertThat(t).contains("Name the file .csv or .json"));
        assertThat(dir.resolve("unowned.xlsx")).doesNotExist();
    }

    @Test
    void selectingARowReadsItsDetail() {
        InventoryViewModel vm = open(50);
        AssetSummary row = vm.rows().get(3);
        vm.selectRow(row);
        assertThat(vm.detailProperty().get().record().urn().toString()).isEqualTo(row.urn());
        vm.selectRow(PagedAssetList.LOADING);
        assertThat(vm.detailProperty().get().record().urn().toString()).as("a placeholder row changes nothing").isEqualTo(row.urn());
    }

    /** Listens to the shell as the inventory view does: what to show next, and the row to select. */
    private List<Integer> driveLikeTheView(InventoryViewModel vm) {
        console.app.inventoryTargetProperty().addListener((obs, old, t) -> {
            if (t != null) {
                console.app.inventoryTargetProperty().set(null);
                vm.show(t.urn(), t.filter());
            }
        });
        List<Integer> selected = new ArrayList<>();
        vm.selectIndexProperty().addListener((obs, old, i) -> {
            if (i != null) {
                selected.add(i);
                if (i >= 0) {
                    vm.selectRow(vm.rows().get(i));
                }
            }
        });
        return selected;
    }

    private AssetSummary first(AssetFilter f) {
        return console.tightrope.inventory().list(f, dev.tightrope.domain.AssetSort.byName(), 1).get(0);
    }

    private String shownUrn(InventoryViewModel vm) {
        return vm.detailProperty().get().record().urn().toString();
    }

    @Test
    void followingALinkKeepsTheFiltersWhenTheyShowTheAsset() {
        InventoryViewModel vm = open(120);
        List<Integer> selected = driveLikeTheView(vm);
        AssetFilter models = AssetFilter.all().withKinds(Set.of(AssetKind.MODEL));
        vm.filterProperty().set(models);
        AssetSummary model = console.tightrope.inventory().list(models, dev.tightrope.domain.AssetSort.byName(), 5).get(4);
        console.app.revealAsset(model.urn());
        assertThat(vm.filterProperty().get()).isEqualTo(models);
        assertThat(vm.pinnedProperty().get()).isNull();
        assertThat(vm.rows().get(selected.get(selected.size() - 1)).urn()).isEqualTo(model.urn());
        assertThat(shownUrn(vm)).isEqualTo(model.urn());
    }

    @Test
    void anAssetTheFiltersHideIsPinnedWithWhatHidesItAndTheFiltersStay() {
        InventoryViewModel vm = open(120);
        List<Integer> selected = driveLikeTheView(vm);
        AssetSummary model = first(AssetFilter.all().withKinds(Set.of(AssetKind.MODEL)));
        AssetFilter datasets = AssetFilter.all().withKinds(Set.of(AssetKind.DATASET)).withSource("estate");
        vm.filterProperty().set(datasets);
        selected.clear();
        console.app.revealAsset(model.urn());

        assertThat(vm.filterProperty().get()).as("the user's filters are kept").isEqualTo(datasets);
        assertThat(shownUrn(vm)).as("the asset is shown anyway").isEqualTo(model.urn());
        InventoryViewModel.Pinned pinned = vm.pinnedProperty().get();
        assertThat(pinned.urn()).isEqualTo(model.urn());
        assertThat(pinned.hiddenBy()).containsExactly(AssetFilter.Part.KIND);
        assertThat(pinned.reason()).isEqualTo("Not in the current filter: the kind filter (Dataset) hides it.");
        assertThat(selected).as("no row stays selected under the pinned asset").containsExactly(-1);

        vm.showPinnedInTable();
        assertThat(vm.filterProperty().get()).as("only what hid it is widened").isEqualTo(datasets.withKinds(Set.of()));
        assertThat(console.notifications.statusProperty().get())
                .isEqualTo("Widened the kind filter (Dataset) to show " + model.name() + "; the other filters are kept");
        assertThat(vm.pinnedProperty().get()).isNull();
        assertThat(vm.rows().get(selected.get(selected.size() - 1)).urn()).isEqualTo(model.urn());
    }

    @Test
    void whatHidesAnAssetIsSaidForEveryPartOfTheFilter() {
        AssetFilter f = AssetFilter.all().withKinds(Set.of(AssetKind.MODEL, AssetKind.DATASET)).withOwner("team:risk")
                .withUnowned(true).withText("fraud");
        assertThat(InventoryViewModel.hiddenByText(f, java.util.EnumSet.of(AssetFilter.Part.KIND, AssetFilter.Part.UNOWNED,
                AssetFilter.Part.PRESENCE, AssetFilter.Part.TEXT)))
                .isEqualTo("Not in the current filter: the kind filter (Dataset, Model), “No owner” (it has an owner), "
                        + "“Present” (it is gone) and the text “fraud” hide it.");
    }

    @Test
    void aGoneAssetIsHiddenOnlyByThePresenceFilter() {
        InventoryViewModel vm = open(40);
        AssetSummary victim = vm.rows().get(7);
        console.tightrope.sources().remove("estate");
        console.tightrope.sources().add(new SourceConfig("estate", dev.tightrope.bench.SyntheticEstate.TYPE, Map.of("assets", "7")));
        console.tightrope.sources().sync("estate", true, dev.tightrope.domain.port.SyncListener.NONE, new dev.tightrope.domain.Cancellation());
        assertThat(console.tightrope.inventory().find(dev.tightrope.domain.Urn.parse(victim.urn())).orElseThrow().gone()).isTrue();
        assertThat(console.tightrope.inventory().hiddenBy(AssetFilter.all().withText(victim.name()), victim.id()))
                .containsExactly(AssetFilter.Part.PRESENCE);
        assertThat(console.tightrope.inventory().hiddenBy(AssetFilter.all().withPresence(AssetFilter.Presence.ALL), victim.id())).isEmpty();
    }

    @Test
    void backAndForwardReturnToTheAssetsAndFiltersAcrossViews() {
        InventoryViewModel vm = open(120);
        driveLikeTheView(vm);
        console.app.show(dev.tightrope.ui.shell.AppModel.View.INVENTORY);
        vm.entered();
        AssetFilter models = AssetFilter.all().withKinds(Set.of(AssetKind.MODEL));
        vm.filterProperty().set(models);
        AssetSummary a = vm.rows().get(2);
        vm.selectRow(a);
        AssetSummary b = vm.rows().get(6);
        console.app.revealAsset(b.urn());
        AssetFilter narrower = models.withText(b.name());
        vm.filterProperty().set(narrower);
        console.app.show(dev.tightrope.ui.shell.AppModel.View.AUDIT);

        var history = console.app.history();
        assertThat(history.backTitleProperty().get()).isEqualTo("Inventory: " + b.name());
        console.app.back();
        assertThat(console.app.viewProperty().get()).isEqualTo(dev.tightrope.ui.shell.AppModel.View.INVENTORY);
        assertThat(shownUrn(vm)).isEqualTo(b.urn());
        assertThat(vm.filterProperty().get()).isEqualTo(narrower);

        console.app.back();
        assertThat(shownUrn(vm)).as("where the user was when they followed the link").isEqualTo(a.urn());
        assertThat(vm.filterProperty().get()).isEqualTo(models);
        assertThat(vm.pinnedProperty().get()).isNull();

        console.app.back();
        assertThat(console.app.viewProperty().get()).isEqualTo(dev.tightrope.ui.shell.AppModel.View.OVERVIEW);
        assertThat(history.canGoBackProperty().get()).isFalse();

        console.app.forward();
        console.app.forward();
        assertThat(shownUrn(vm)).isEqualTo(b.urn());
        assertThat(vm.filterProperty().get()).isEqualTo(narrower);
        console.app.forward();
        assertThat(console.app.viewProperty().get()).isEqualTo(dev.tightrope.ui.shell.AppModel.View.AUDIT);
        assertThat(history.canGoForwardProperty().get()).isFalse();
    }

    @Test
    void revealingAnUnknownAssetSaysSo() {
        InventoryViewModel vm = open(10);
        vm.reveal("tr:model:synthetic:no-such-thing");
        assertThat(console.shown()).singleElement().asString().startsWith("No asset tr:model:synthetic:no-such-thing");
    }

    @Test
    void aManualOwnerIsRecordedAnnouncedAndShownAfterTheRefresh() {
        InventoryViewModel vm = open(20);
        AssetSummary row = vm.rows().get(0);
        vm.selectRow(row);
        int version = console.app.dataVersionProperty().get();
        vm.assignOwner("ana.ruiz@kestrel.example", OwnerType.PERSON, OwnerRole.TECHNICAL_OWNER);
        assertThat(console.notifications.statusProperty().get()).startsWith("Assigned ana.ruiz@kestrel.example");
        assertThat(console.app.dataVersionProperty().get()).isGreaterThan(version);
        vm.dataChanged();
        assertThat(vm.detailProperty().get().record().owners()).anyMatch(o -> o.owner().equals("ana.ruiz@kestrel.example")
                && o.provenance() == Provenance.MANUAL);
        vm.removeOwner("ana.ruiz@kestrel.example", OwnerRole.TECHNICAL_OWNER);
        vm.dataChanged();
        assertThat(vm.detailProperty().get().record().owners()).noneMatch(o -> o.owner().equals("ana.ruiz@kestrel.example"));
    }

    @Test
    void aNoteIsAddedByTheActor() {
        InventoryViewModel vm = open(5);
        vm.selectRow(vm.rows().get(0));
        vm.addNote("  checked with the fraud team  ");
        vm.dataChanged();
        assertThat(vm.detailProperty().get().notes()).singleElement()
                .satisfies(n -> {
                    assertThat(n.text()).isEqualTo("checked with the fraud team");
                    assertThat(n.author()).isEqualTo(console.app.actor());
                });
        vm.addNote("   ");
        vm.dataChanged();
        assertThat(vm.detailProperty().get().notes()).hasSize(1);
    }

    @Test
    void aListThatCannotBeReadSaysWhyAndOffersRetry() {
        InventoryViewModel vm = open(10);
        console.tightrope.close();
        vm.reload();
        assertThat(vm.loadErrorProperty().get()).startsWith("The inventory could not be read: ").contains("closed");
        assertThat(vm.loadingProperty().get()).isFalse();
        assertThat(console.errors()).singleElement().satisfies(n -> assertThat(n.title()).isEqualTo("Reading the inventory failed"));
    }

    @Test
    void aPageThatCannotBeReadShowsFailedRowsUntilRetryReadsIt() {
        AtomicReference<Boolean> broken = new AtomicReference<>(true);
        List<Throwable> reported = new ArrayList<>();
        NotificationCenter center = new NotificationCenter();
        PagedAssetList list = new PagedAssetList(ids -> {
            if (broken.get()) {
                throw new IllegalStateException("disk I/O error");
            }
            List<AssetSummary> out = new ArrayList<>();
            for (long id : ids) {
                out.add(new AssetSummary(id, "tr:dataset:synthetic:" + id, AssetKind.DATASET, "d" + id, "s", null, null, null, null));
            }
            return out;
        }, dev.tightrope.ui.common.UiExecutor.currentThread(center::error), reported::add);
        long[] ids = new long[600];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i + 1;
        }
        list.reset(ids);
        assertThat(list.get(300)).isSameAs(PagedAssetList.LOADING);
        assertThat(list.get(300)).isSameAs(PagedAssetList.FAILED);
        assertThat(list.get(10)).isSameAs(PagedAssetList.LOADING);
        assertThat(reported).as("reported once, not once per page").hasSize(1);
        assertThat(list.hasFailedPages()).isTrue();
        broken.set(false);
        list.retryFailed();
        list.get(300);
        assertThat(list.get(300).name()).isEqualTo("d301");
        assertThat(list.hasFailedPages()).isFalse();
    }

    /**
     * A user's edit during a long sync: it waits for the sync's writer on the write lane, is
     * saved when the sync ends, and meanwhile the inventory still reads and pages.
     */
    @Test
    void anOwnerAssignedDuringASyncIsQueuedWhileReadingGoesOn() throws Exception {
        AtomicReference<Thread> uiThread = new AtomicReference<>();
        ExecutorService ui = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "test-ui");
            uiThread.set(t);
            return t;
        });
        NotificationCenter center = new NotificationCenter();
        ThreadedExecutor executor = new ThreadedExecutor(ui, () -> Thread.currentThread() == uiThread.get(), center::error);
        try {
            console = TestConsole.open(dir.resolve("ws"), 600, center, executor);
            String gate = "held-" + System.nanoTime();
            console.tightrope.sources().add(new SourceConfig("slow", BlockingSource.TYPE, Map.of("gate", gate)));
            InventoryViewModel vm = call(ui, () -> new InventoryViewModel(console.app));
            run(ui, vm::reload);
            waitUntil(ui, () -> vm.totalProperty().get() == 600);
            AssetSummary first = call(ui, () -> vm.rows().get(0));
            run(ui, () -> vm.selectRow(first));
            waitUntil(ui, () -> vm.detailProperty().get() != null);

            run(ui, () -> console.app.syncSource("slow"));
            assertThat(BlockingSource.gate(gate).awaitHolding()).as("the sync holds the writer").isTrue();
            run(ui, () -> vm.assignOwner("held.owner@kestrel.example", OwnerType.PERSON, OwnerRole.STEWARD));
            assertThat(call(ui, () -> center.statusProperty().get())).contains("queued, saved when syncing slow finishes");

            // reading goes on: pages far down load while the write waits
            run(ui, () -> vm.rows().get(550));
            waitUntil(ui, () -> vm.rows().get(550) != PagedAssetList.LOADING);
            assertThat(call(ui, () -> vm.rows().get(550).id())).isPositive();
            assertThat(console.tightrope.inventory().detail(dev.tightrope.domain.Urn.parse(first.urn())).orElseThrow()
                    .record().owners()).noneMatch(o -> o.owner().equals("held.owner@kestrel.example"));

            BlockingSource.gate(gate).open();
            waitUntil(ui, () -> !console.app.busyProperty().get());
            waitUntil(ui, () -> console.tightrope.inventory().detail(dev.tightrope.domain.Urn.parse(first.urn())).orElseThrow()
                    .record().owners().stream().anyMatch(o -> o.owner().equals("held.owner@kestrel.example")));
            assertThat(call(ui, () -> center.shown().stream().filter(n -> n.level() == Notice.Level.ERROR).toList())).isEmpty();
        } finally {
            ui.shutdown();
        }
    }

    private static void run(ExecutorService ui, Runnable action) throws Exception {
        ui.submit(action).get(20, TimeUnit.SECONDS);
    }

    private static <T> T call(ExecutorService ui, java.util.concurrent.Callable<T> action) throws Exception {
        return ui.submit(action).get(20, TimeUnit.SECONDS);
    }

    private static void waitUntil(ExecutorService ui, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!call(ui, condition::getAsBoolean)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.onSpinWait();
        }
    }
}
