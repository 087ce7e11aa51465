package dev.tightrope.ui.shell;

import dev.tightrope.domain.AssetSummary;
import dev.tightrope.ui.common.BackgroundTask;
import dev.tightrope.ui.common.Latest;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Global search: the best matches of what the user typed, latest query wins; opening one reveals it. */
public final class SearchViewModel {
    static final int RESULTS = 12;

    private final AppModel app;
    private final Latest query;
    private final ObservableList<AssetSummary> results = FXCollections.observableArrayList();
    private final SimpleStringProperty shownFor = new SimpleStringProperty();
    private final SimpleStringProperty summary = new SimpleStringProperty("");

    public SearchViewModel(AppModel app) {
        this.app = app;
        this.query = new Latest(app.executor());
    }

    // Properties

    public ObservableList<AssetSummary> results() {
        return results;
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
        long started = System.nanoTime();
        query.submit(BackgroundTask.read("Searching for “" + text.strip() + "”", () -> app.tightrope().inventory().search(text, RESULTS))
                .onSuccess(list -> {
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    results.setAll(list);
                    summary.set(list.isEmpty() ? "No asset matches “" + text + "”"
                            : (list.size() == 1 ? "1 match" : "best " + list.size() + " matches") + " · " + millis + " ms · ↑↓ choose, Enter opens");
                    shownFor.set(text);
                }));
    }

    public void clear() {
        query.cancel();
        results.clear();
        shownFor.set(null);
        summary.set("");
    }

    /** Shows the asset in the inventory. */
    public void open(AssetSummary a) {
        app.revealAsset(a.urn());
    }
}
