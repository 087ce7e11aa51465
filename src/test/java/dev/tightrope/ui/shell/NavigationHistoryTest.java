package dev.tightrope.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AssetFilter;
import dev.tightrope.ui.shell.AppModel.View;
import dev.tightrope.ui.shell.NavigationHistory.Place;
import org.junit.jupiter.api.Test;

/** Back and Forward as a browser does them: one place per jump, moving within a place updates it. */
class NavigationHistoryTest {

    private final NavigationHistory history = new NavigationHistory();

    private static Place asset(String urn) {
        return new Place(View.INVENTORY, urn, null, null);
    }

    @Test
    void backAndForwardWalkThePlacesAndAJumpDropsWhatWasAhead() {
        history.startAt(Place.of(View.OVERVIEW));
        assertThat(history.canGoBackProperty().get()).isFalse();
        history.go(Place.of(View.INVENTORY));
        history.go(Place.of(View.AUDIT));
        assertThat(history.backTitleProperty().get()).isEqualTo("Inventory");

        assertThat(history.back()).map(Place::view).contains(View.INVENTORY);
        assertThat(history.back()).map(Place::view).contains(View.OVERVIEW);
        assertThat(history.back()).isEmpty();
        assertThat(history.canGoForwardProperty().get()).isTrue();
        assertThat(history.forwardTitleProperty().get()).isEqualTo("Inventory");
        assertThat(history.forward()).map(Place::view).contains(View.INVENTORY);

        history.go(Place.of(View.SOURCES));
        assertThat(history.canGoForwardProperty().get()).as("a jump drops the places ahead").isFalse();
        assertThat(history.places()).extracting(Place::view).containsExactly(View.OVERVIEW, View.INVENTORY, View.SOURCES);
    }

    @Test
    void theSamePlaceTwiceIsOnePlace() {
        history.startAt(Place.of(View.OVERVIEW));
        history.go(Place.of(View.OVERVIEW));
        history.go(asset("tr:model:x:a"));
        history.go(asset("tr:model:x:a"));
        assertThat(history.places()).hasSize(2);
        history.go(asset("tr:model:x:b"));
        assertThat(history.places()).hasSize(3);
    }

    @Test
    void choosingRowsAndFiltersUpdatesTheInventoryPlaceInsteadOfAddingOnes() {
        history.startAt(Place.of(View.INVENTORY));
        AssetFilter models = AssetFilter.all().withText("fraud");
        history.inventoryShows("tr:model:x:a", AssetFilter.all());
        history.inventoryShows("tr:model:x:b", models);
        assertThat(history.places()).singleElement().isEqualTo(new Place(View.INVENTORY, "tr:model:x:b", null, models));
        history.named("tr:model:x:b", "fraud-detector");
        history.go(Place.of(View.AUDIT));
        assertThat(history.backTitleProperty().get()).isEqualTo("Inventory: fraud-detector");
        history.inventoryShows("tr:model:x:c", AssetFilter.all());
        assertThat(history.places().get(1)).as("another view's place is not the inventory's").isEqualTo(Place.of(View.AUDIT));
    }

    @Test
    void theOldestPlacesAreForgottenFirst() {
        history.startAt(Place.of(View.OVERVIEW));
        for (int i = 0; i < NavigationHistory.LIMIT + 20; i++) {
            history.go(asset("tr:model:x:" + i));
        }
        assertThat(history.places()).hasSize(NavigationHistory.LIMIT);
        assertThat(history.current()).map(Place::asset).contains("tr:model:x:" + (NavigationHistory.LIMIT + 19));
    }
}
