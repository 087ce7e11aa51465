package dev.tightrope.ui.shell;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.SearchResults;
import dev.tightrope.ui.common.BackgroundTask;
import dev.tightrope.ui.common.Errors;
import dev.tightrope.ui.common.Formats;
import dev.tightrope.ui.common.Latest;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Global search: the best matches of what the user typed grouped by kind (a header per kind with
 * its count, then its best hits), and a last row that lists every match in the inventory. Latest
 * query wins; opening a hit reveals it in the inventory.
 */
public final class SearchViewModel {
    /** Hits shown at most, over all kinds. */
    static final int RESULTS = 16;

    /** One row of the results list. */
    public sealed interface Row permits Header, Hit, SeeAll {
        /** Whether the row can be chosen (a hit or "see all"; a kind header cannot). */
        default boolean selectable() {
            return true;
        }
    }

    /** The header of a kind's group: "Model versions" and how many match ("3", "100+"). */
    public record Header(AssetKind kind, String title, String count) implements Row {
        @Override
        public boolean selectable() {
            return false;
        }
    }

    /** A matching asset: name, kind, risk and owners come from the summary. */
    public record Hit(AssetSummary asset) implements Row {
    }

    /** "See all N matches in the inventory". */
    public record SeeAll(String label) implements Row {
    }

    private final AppModel app;
    private final Latest query;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final SimpleObjectProperty<SearchResults> results = new SimpleObjectProperty<>();
    private final SimpleStringProperty shownFor = new SimpleStringProperty();
    private final SimpleStringProperty summary = new SimpleStringProperty("");

    public SearchViewModel(AppModel app) {
        this.app = app;
        this.query = new Latest(app.executor());
    }

    // Properties

    /** Kind headers, hits and the "see all" row, in display order; empty when nothing matches. */
    public ObservableList<Row> rows() {
        return rows;
    }

    /** The results shown (null before the first search or after clearing). */
    public ReadOnlyObjectProperty<SearchResults> resultsProperty() {
        return results;
    }

    /** The hits shown, in display order. */
    public List<AssetSummary> hits() {
        SearchResults r = results.get();
        return r == null ? List.of() : r.hits();
    }

    /** The text the shown results are for (null before the first search or after clearing). */
    public ReadOnlyStringProperty shownForProperty() {
        return shownFor;
    }

    /** One line under the results: how many, how fast, or that nothing matched. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }

    // Commands

    /** Searches names, descriptions, tags, owners and property values; blank text clears. */
    public void search(String text) {
        if (text == null || text.isBlank()) {
            clear();
            return;
        }
        String typed = text.strip();
        long started = System.nanoTime();
        query.submit(BackgroundTask.read("Searching for “" + typed + "”", () -> app.tightrope().inventory().search(typed, RESULTS))
                .onSuccess(found -> {
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    results.set(found);
                    rows.setAll(rowsOf(found));
                    summary.set(found.isEmpty() ? "No asset matches “" + typed + "”"
                            : matches(found) + " · " + millis + " ms · ↑↓ choose, Enter opens");
                    shownFor.set(text);
                }).onFailure(e -> {
                    results.set(null);
                    rows.clear();
                    summary.set("The search failed: " + Errors.describe(e));
                    shownFor.set(text);
                    app.notifications().error("Searching for “" + typed + "” failed", e);
                }));
    }

    public void clear() {
        query.cancel();
        rows.clear();
        results.set(null);
        shownFor.set(null);
        summary.set("");
    }

    /** Opens a row: a hit shows its asset in the inventory, "see all" lists every match there. */
    public void activate(Row row) {
        if (row instanceof Hit h) {
            open(h.asset());
        } else if (row instanceof SeeAll) {
            seeAll();
        }
    }

    /** Shows the asset in the inventory. */
    public void open(AssetSummary a) {
        app.revealAsset(a.urn());
    }

    /** Opens the inventory filtered by the searched text: every match, not only the best. */
    public void seeAll() {
        SearchResults r = results.get();
        if (r != null && !r.isEmpty()) {
            app.showInInventory(r.inventoryFilter());
        }
    }

    /**
     * The row to select after moving {@code step} rows from {@code selected} (-1: none), skipping
     * kind headers; stays put at either end.
     */
    public int move(int selected, int step) {
        int i = selected;
        while (true) {
            int next = i + step;
            if (next < 0 || next >= rows.size()) {
                return selected >= 0 && selected < rows.size() && rows.get(selected).selectable() ? selected : firstSelectable();
            }
            i = next;
            if (rows.get(i).selectable()) {
                return i;
            }
        }
    }

    /** The row Enter opens when none is selected: the best hit. */
    public int firstSelectable() {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).selectable()) {
                return i;
            }
        }
        return -1;
    }

    static List<Row> rowsOf(SearchResults found) {
        List<Row> out = new ArrayList<>();
        if (found.isEmpty()) {
            return out;
        }
        for (SearchResults.KindGroup g : found.groups()) {
            out.add(new Header(g.kind(), plural(g.kind()), Formats.count(g.count()) + (g.countExact() ? "" : "+")));
            g.hits().forEach(a -> out.add(new Hit(a)));
        }
        out.add(new SeeAll(seeAllLabel(found)));
        return out;
    }

    private static String seeAllLabel(SearchResults found) {
        if (!found.totalExact()) {
            return "See all matches in the inventory (more than " + Formats.count(found.total()) + ")";
        }
        return found.total() == 1 ? "See the match in the inventory" : "See all " + Formats.count(found.total()) + " matches in the inventory";
    }

    private static String matches(SearchResults found) {
        if (!found.totalExact()) {
            return "more than " + Formats.count(found.total()) + " matches";
        }
        return found.total() == 1 ? "1 match" : Formats.count(found.total()) + " matches";
    }

    /** The kind's label for a group of them. */
    static String plural(AssetKind kind) {
        return switch (kind) {
            case AGENT -> "Agents / apps";
            case AI_SDK -> "AI SDK dependencies";
            case AGENT_SKILL -> "Agent skills / plugins";
            default -> kind.label() + "s";
        };
    }
}
