package dev.tightrope.ui.shell;

import dev.tightrope.domain.AssetFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;

/**
 * Where the user has been, for Back and Forward: one place per jump (another view, a link, a
 * search result, "Open in inventory"), as a browser keeps one per page. Moving within a place
 * (choosing rows in the table, changing its filters) updates that place instead of adding one,
 * so Back returns to where the user was when they jumped, not through every row they passed.
 * Used on the UI thread.
 */
public final class NavigationHistory {

    /** Places kept; the oldest are forgotten first. */
    static final int LIMIT = 100;

    /**
     * One place: a view and, in the inventory, the asset on show and the filter around it.
     *
     * @param asset     the URN on show, or null
     * @param assetName its name once known (for the Back and Forward tooltips), or null
     * @param filter    the inventory's filter, or null when not known yet (the inventory keeps its own)
     */
    public record Place(AppModel.View view, String asset, String assetName, AssetFilter filter) {
        public Place {
            Objects.requireNonNull(view, "view");
        }

        static Place of(AppModel.View view) {
            return new Place(view, null, null, null);
        }

        /** "Inventory: fraud-detector", "Audit". */
        public String title() {
            if (asset == null) {
                return view.title();
            }
            return view.title() + ": " + (assetName != null ? assetName : asset);
        }

        Place showing(String urn, AssetFilter f) {
            return new Place(view, urn, Objects.equals(urn, asset) ? assetName : null, f);
        }
    }

    private final List<Place> places = new ArrayList<>();
    private int current = -1;
    private final SimpleBooleanProperty canGoBack = new SimpleBooleanProperty();
    private final SimpleBooleanProperty canGoForward = new SimpleBooleanProperty();
    private final SimpleStringProperty backTitle = new SimpleStringProperty();
    private final SimpleStringProperty forwardTitle = new SimpleStringProperty();

    // Properties

    public ReadOnlyBooleanProperty canGoBackProperty() {
        return canGoBack;
    }

    public ReadOnlyBooleanProperty canGoForwardProperty() {
        return canGoForward;
    }

    /** Where Back goes ("Inventory: fraud-detector"), null when nowhere. */
    public ReadOnlyStringProperty backTitleProperty() {
        return backTitle;
    }

    public ReadOnlyStringProperty forwardTitleProperty() {
        return forwardTitle;
    }

    /** The place on show, if any. */
    public Optional<Place> current() {
        return current < 0 ? Optional.empty() : Optional.of(places.get(current));
    }

    /** Every place, oldest first (for tests and diagnostics). */
    List<Place> places() {
        return List.copyOf(places);
    }

    // Commands

    /** A jump to {@code place}: what was ahead of the current place is dropped, as in a browser. */
    void go(Place place) {
        Place here = current().orElse(null);
        if (here != null && here.view() == place.view() && (place.asset() == null || place.asset().equals(here.asset()))) {
            // the same place again (the same view, the same asset): nothing to go back to
            return;
        }
        places.subList(current + 1, places.size()).clear();
        places.add(place);
        if (places.size() > LIMIT) {
            places.remove(0);
        }
        current = places.size() - 1;
        changed();
    }

    /** Forgets every place and starts again at {@code place}. */
    void startAt(Place place) {
        places.clear();
        places.add(place);
        current = 0;
        changed();
    }

    /**
     * The inventory now shows {@code urn} (null: nothing) under {@code filter}: recorded in the
     * current place when that place is the inventory.
     */
    public void inventoryShows(String urn, AssetFilter filter) {
        Place here = current().orElse(null);
        if (here != null && here.view() == AppModel.View.INVENTORY) {
            places.set(current, here.showing(urn, filter));
            changed();
        }
    }

    /** The name of {@code urn}, once read, for the tooltips of every place showing it. */
    public void named(String urn, String name) {
        boolean any = false;
        for (int i = 0; i < places.size(); i++) {
            Place p = places.get(i);
            if (urn.equals(p.asset()) && !name.equals(p.assetName())) {
                places.set(i, new Place(p.view(), p.asset(), name, p.filter()));
                any = true;
            }
        }
        if (any) {
            changed();
        }
    }

    Optional<Place> back() {
        if (current <= 0) {
            return Optional.empty();
        }
        current--;
        changed();
        return current();
    }

    Optional<Place> forward() {
        if (current >= places.size() - 1) {
            return Optional.empty();
        }
        current++;
        changed();
        return current();
    }

    private void changed() {
        canGoBack.set(current > 0);
        canGoForward.set(current >= 0 && current < places.size() - 1);
        backTitle.set(current > 0 ? places.get(current - 1).title() : null);
        forwardTitle.set(canGoForward.get() ? places.get(current + 1).title() : null);
    }
}
