package dev.tightrope.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.ui.common.TestConsole;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The search popup's model on the demo workspace: kind headers with counts, hits, "see all", keys. */
@Timeout(120)
class SearchViewModelTest {
    @TempDir
    static Path dir;
    static TestConsole console;
    SearchViewModel search;

    @BeforeAll
    static void loadDemo() {
        console = TestConsole.open(dir.resolve("ws"), 0);
        console.app.loadDemo();
    }

    @AfterAll
    static void close() {
        console.close();
    }

    @BeforeEach
    void newSearch() {
        console.notifications.dismissAll();
        search = new SearchViewModel(console.app);
    }

    private List<String> texts() {
        return search.rows().stream().map(r -> r instanceof SearchViewModel.Header h ? "# " + h.title() + " " + h.count()
                : r instanceof SearchViewModel.Hit h ? h.asset().name()
                : "> " + ((SearchViewModel.SeeAll) r).label()).toList();
    }

    @Test
    void resultsAreKindHeadersWithCountsThenTheirHitsThenSeeAll() {
        search.search("fraud");
        List<String> texts = texts();
        // each kind: a header with its count, then its hits, best first; the demo grows, so counts are read from the hits
        assertThat(texts.get(0)).startsWith("# Models ");
        assertThat(texts.get(1)).isEqualTo("fraud-bert");
        int versions = texts.indexOf("fraud-bert v3") - 1;
        assertThat(texts.get(versions)).startsWith("# Model versions ");
        assertThat(texts.subList(versions + 1, versions + 4)).containsExactly("fraud-bert v3", "fraud-bert v2", "fraud-bert v1");
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).startsWith("# ")) {
                int n = 0;
                for (int j = i + 1; j < texts.size() && !texts.get(j).startsWith("# ") && !texts.get(j).startsWith("> "); j++) {
                    n++;
                }
                assertThat(Integer.parseInt(texts.get(i).substring(texts.get(i).lastIndexOf(' ') + 1))).as(texts.get(i)).isGreaterThanOrEqualTo(n);
            }
        }
        int deployments = texts.indexOf(texts.stream().filter(t -> t.startsWith("# Deployments ")).findFirst().orElseThrow());
        assertThat(texts.get(deployments + 1)).isEqualTo("fraud/fraud-scoring");
        long total = search.resultsProperty().get().total();
        assertThat(texts()).last().isEqualTo("> See all " + total + " matches in the inventory");
        assertThat(search.rows()).filteredOn(r -> r instanceof SearchViewModel.Hit).hasSize(search.hits().size())
                .hasSizeLessThanOrEqualTo(SearchViewModel.RESULTS);
        assertThat(search.summaryProperty().get()).startsWith(total + " matches · ").endsWith("↑↓ choose, Enter opens");
        assertThat(search.shownForProperty().get()).isEqualTo("fraud");
    }

    @Test
    void arrowsSkipKindHeadersAndStopAtTheEnds() {
        search.search("fraud");
        int first = search.firstSelectable();
        assertThat(first).isEqualTo(1);
        assertThat(search.move(-1, 1)).isEqualTo(1);
        int header = -1;
        for (int i = 2; i < search.rows().size() && header < 0; i++) {
            header = search.rows().get(i).selectable() ? -1 : i;
        }
        assertThat(header).as("a second kind's header").isPositive();
        assertThat(search.move(header - 1, 1)).as("over the Model versions header").isEqualTo(header + 1);
        assertThat(search.move(header + 1, -1)).isEqualTo(header - 1);
        assertThat(search.move(1, -1)).as("the top stays").isEqualTo(1);
        int last = search.rows().size() - 1;
        assertThat(search.rows().get(last)).isInstanceOf(SearchViewModel.SeeAll.class);
        assertThat(search.move(last, 1)).isEqualTo(last);
        assertThat(search.rows().get(0).selectable()).isFalse();
    }

    @Test
    void openingAHitRevealsItInTheInventory() {
        search.search("credit");
        SearchViewModel.Row best = search.rows().get(search.firstSelectable());
        search.activate(best);
        assertThat(console.app.viewProperty().get()).isEqualTo(AppModel.View.INVENTORY);
        assertThat(console.app.inventoryTargetProperty().get().urn()).isEqualTo(((SearchViewModel.Hit) best).asset().urn());
        assertThat(((SearchViewModel.Hit) best).asset().kind()).isEqualTo(AssetKind.MODEL);
    }

    @Test
    void seeAllOpensTheInventoryFilteredByTheText() {
        search.search("credit");
        console.app.show(AppModel.View.OVERVIEW);
        search.activate(search.rows().get(search.rows().size() - 1));
        assertThat(console.app.viewProperty().get()).isEqualTo(AppModel.View.INVENTORY);
        AppModel.InventoryTarget target = console.app.inventoryTargetProperty().get();
        assertThat(target.urn()).isNull();
        AssetFilter filter = target.filter();
        assertThat(filter).isEqualTo(AssetFilter.all().withText("credit"));
        // Back returns to where the search was made
        console.app.back();
        assertThat(console.app.viewProperty().get()).isEqualTo(AppModel.View.OVERVIEW);
        assertThat(console.tightrope.inventory().count(filter)).isEqualTo(search.resultsProperty().get().total());
    }

    @Test
    void nothingMatchingSaysSoAndClearingEmpties() {
        search.search("zzzz-nothing-like-it");
        assertThat(search.rows()).isEmpty();
        assertThat(search.summaryProperty().get()).isEqualTo("No asset matches “zzzz-nothing-like-it”");
        console.app.inventoryTargetProperty().set(null);
        search.seeAll();
        assertThat(console.app.inventoryTargetProperty().get()).isNull();
        search.search("fraud");
        search.search("   ");
        assertThat(search.rows()).isEmpty();
        assertThat(search.hits()).isEmpty();
        assertThat(search.shownForProperty().get()).isNull();
    }

    @Test
    void aSearchThatFailsSaysSoInThePopupAndTheNotifications(@TempDir Path other) {
        try (TestConsole broken = TestConsole.open(other.resolve("ws"), 5)) {
            SearchViewModel vm = new SearchViewModel(broken.app);
            broken.tightrope.close();
            vm.search("fraud");
            assertThat(vm.rows()).isEmpty();
            assertThat(vm.summaryProperty().get()).startsWith("The search failed: ");
            assertThat(broken.errors()).extracting(n -> n.title()).containsExactly("Searching for “fraud” failed");
        }
    }

    @Test
    void kindHeadersNameTheKindInThePlural() {
        assertThat(SearchViewModel.plural(AssetKind.MODEL_VERSION)).isEqualTo("Model versions");
        assertThat(SearchViewModel.plural(AssetKind.AGENT)).isEqualTo("Agents / apps");
        assertThat(SearchViewModel.plural(AssetKind.AI_SDK)).isEqualTo("AI SDK dependencies");
        assertThat(SearchViewModel.plural(AssetKind.PIPELINE_RUN)).isEqualTo("Pipeline runs");
    }
}
