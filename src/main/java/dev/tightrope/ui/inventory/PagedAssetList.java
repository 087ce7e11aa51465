package dev.tightrope.ui.inventory;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.ui.common.BackgroundTask;
import dev.tightrope.ui.common.Formats;
import dev.tightrope.ui.common.UiExecutor;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javafx.collections.ObservableListBase;

/**
 * The inventory's rows: the ordered ids of every matching asset (8 bytes each) and a small LRU
 * cache of loaded pages. A row that is not loaded yet shows as {@link #LOADING} while its page
 * loads in the background; then the table is told those rows changed. A million assets cost
 * 8 MB of ids plus the pages in view, never the whole table. A page that cannot be read shows
 * its rows as {@link #FAILED} and reports the failure once; {@link #retryFailed()} reads it again.
 */
final class PagedAssetList extends ObservableListBase<AssetSummary> {

    /** Stands in for a row whose page is still loading. */
    static final AssetSummary LOADING = new AssetSummary(-1, "", AssetKind.DATASET, "Loading…", null, null, null, null, null);

    /** Stands in for a row whose page could not be read. */
    static final AssetSummary FAILED = new AssetSummary(-2, "", AssetKind.DATASET, "Could not be read", null, null, null, null, null);

    static final int PAGE = 256;
    private static final int CACHED_PAGES = 48;

    private final Function<long[], List<AssetSummary>> loader;
    private final UiExecutor executor;
    private final java.util.function.Consumer<Throwable> onFailure;
    private long[] ids = new long[0];
    private int generation;
    private final Map<Integer, List<AssetSummary>> pages = new LinkedHashMap<>(CACHED_PAGES, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, List<AssetSummary>> eldest) {
            return size() > CACHED_PAGES;
        }
    };
    private final Set<Integer> inFlight = new HashSet<>();
    private final Set<Integer> failed = new HashSet<>();

    /**
     * @param loader    reads the rows of some ids (in the background)
     * @param executor  where pages load
     * @param onFailure hears the first failure after a reset or a retry (on the UI thread)
     */
    PagedAssetList(Function<long[], List<AssetSummary>> loader, UiExecutor executor, java.util.function.Consumer<Throwable> onFailure) {
        this.loader = loader;
        this.executor = executor;
        this.onFailure = onFailure;
    }

    /** The ids of the first page of {@code ids}, for reading it ahead with the id list. */
    static long[] firstPageOf(long[] ids) {
        return Arrays.copyOfRange(ids, 0, Math.min(PAGE, ids.length));
    }

    /** Replaces the rows with a new ordered id list (a new filter or sort). */
    void reset(long[] newIds) {
        reset(newIds, null);
    }

    /**
     * As {@link #reset(long[])}, with the first page already read (by the same background task
     * that read the ids), so the first screenful shows without another round trip.
     */
    void reset(long[] newIds, List<AssetSummary> firstPage) {
        int oldSize = ids.length;
        generation++;
        pages.clear();
        inFlight.clear();
        failed.clear();
        ids = newIds;
        if (firstPage != null && newIds.length > 0) {
            pages.put(0, alignTo(Arrays.copyOfRange(newIds, 0, Math.min(PAGE, newIds.length)), firstPage));
        }
        beginChange();
        if (oldSize > 0) {
            nextRemove(0, new PlaceholderList(oldSize));
        }
        if (newIds.length > 0) {
            nextAdd(0, newIds.length);
        }
        endChange();
    }

    /** Drops loaded pages (the data changed) and reloads what is in view. */
    void invalidate() {
        generation++;
        pages.clear();
        inFlight.clear();
        failed.clear();
        if (ids.length > 0) {
            beginChange();
            for (int i = 0; i < ids.length; i++) {
                nextUpdate(i);
            }
            endChange();
        }
    }

    /** Reads the pages that failed again (the rows in view ask for them as they are redrawn). */
    void retryFailed() {
        if (failed.isEmpty()) {
            return;
        }
        List<Integer> again = List.copyOf(failed);
        failed.clear();
        beginChange();
        for (int page : again) {
            for (int i = page * PAGE; i < Math.min(ids.length, (page + 1) * PAGE); i++) {
                nextUpdate(i);
            }
        }
        endChange();
    }

    /** Whether some page could not be read since the last reset or retry. */
    boolean hasFailedPages() {
        return !failed.isEmpty();
    }

    long idAt(int index) {
        return ids[index];
    }

    int indexOfId(long id) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        return -1;
    }

    /** How many pages are held in memory (for the memory test). */
    int cachedPages() {
        return pages.size();
    }

    @Override
    public AssetSummary get(int index) {
        if (index < 0 || index >= ids.length) {
            throw new IndexOutOfBoundsException(index);
        }
        int page = index / PAGE;
        List<AssetSummary> rows = pages.get(page);
        if (rows == null) {
            if (failed.contains(page)) {
                return FAILED;
            }
            load(page);
            return LOADING;
        }
        int offset = index - page * PAGE;
        return offset < rows.size() ? rows.get(offset) : LOADING;
    }

    @Override
    public int size() {
        return ids.length;
    }

    private void load(int page) {
        if (!inFlight.add(page)) {
            return;
        }
        int from = page * PAGE;
        int to = Math.min(ids.length, from + PAGE);
        long[] slice = Arrays.copyOfRange(ids, from, to);
        int gen = generation;
        executor.submit(BackgroundTask.read("Reading rows " + Formats.count(from + 1) + "–" + Formats.count(to) + " of the inventory",
                () -> loader.apply(slice)).onSuccess(rows -> {
                    if (gen != generation) {
                        return;
                    }
                    inFlight.remove(page);
                    pages.put(page, alignTo(slice, rows));
                    changed(from, to);
                }).onFailure(error -> {
                    if (gen != generation) {
                        return;
                    }
                    inFlight.remove(page);
                    boolean first = failed.isEmpty();
                    failed.add(page);
                    changed(from, to);
                    if (first) {
                        onFailure.accept(error);
                    }
                }));
    }

    private void changed(int from, int to) {
        beginChange();
        for (int i = from; i < to; i++) {
            nextUpdate(i);
        }
        endChange();
    }

    /** Rows for ids that vanished since the id list was read become gaps the table shows as loading. */
    private static List<AssetSummary> alignTo(long[] slice, List<AssetSummary> rows) {
        if (rows.size() == slice.length) {
            return rows;
        }
        Map<Long, AssetSummary> byId = new LinkedHashMap<>();
        rows.forEach(r -> byId.put(r.id(), r));
        AssetSummary[] out = new AssetSummary[slice.length];
        for (int i = 0; i < slice.length; i++) {
            out[i] = byId.getOrDefault(slice[i], LOADING);
        }
        return List.of(out);
    }

    /** The removed range of a reset: its elements are never read, only counted. */
    private static final class PlaceholderList extends java.util.AbstractList<AssetSummary> {
        private final int size;

        PlaceholderList(int size) {
            this.size = size;
        }

        @Override
        public AssetSummary get(int index) {
            return LOADING;
        }

        @Override
        public int size() {
            return size;
        }
    }
}
