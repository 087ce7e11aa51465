package dev.tightrope.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetSort;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.EstateOverview;
import dev.tightrope.domain.Neighbour;
import dev.tightrope.domain.SearchResults;
import dev.tightrope.domain.Severity;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.SyncListener;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Search and risk order on the Kestrel Lending demo, as a first-time user tries them. */
class DemoSearchTest {

    @TempDir
    static Path dir;

    static Tightrope t;

    /** What the search box asks for. */
    static final int HITS = 16;

    @BeforeAll
    static void load() {
        t = Tightrope.open(dir);
        new DemoWorkspace(t).load(SyncListener.NONE, new Cancellation());
    }

    @AfterAll
    static void close() {
        t.close();
    }

    static Urn model(String name) {
        return Urn.of(AssetKind.MODEL, "openlineage", "mlflow://mlflow.kestrel.example/models/" + name);
    }

    /** The model's versions; an edge two sources assert (the registry and the lineage) is one neighbour per source. */
    static List<String> versionsOf(String model) {
        return t.inventory().detail(model(model)).orElseThrow().downstream().stream()
                .filter(n -> n.type() == EdgeType.VERSION_OF).map(Neighbour::name).distinct().toList();
    }

    static List<AssetKind> kinds(SearchResults r) {
        return r.groups().stream().map(SearchResults.KindGroup::kind).toList();
    }

    static SearchResults.KindGroup group(SearchResults r, AssetKind kind) {
        return r.groups().stream().filter(g -> g.kind() == kind).findFirst().orElseThrow();
    }

    @Test
    void creditPutsTheCreditRiskModelAndItsVersionsFirst() {
        SearchResults r = t.inventory().search("credit", HITS);
        assertThat(kinds(r)).startsWith(AssetKind.MODEL, AssetKind.MODEL_VERSION, AssetKind.DEPLOYMENT);
        assertThat(r.hits().get(0).name()).isEqualTo("credit-risk-xgb");
        // the registry's versions, newest first, then the copies in Azure Machine Learning
        assertThat(group(r, AssetKind.MODEL_VERSION).hits()).extracting(AssetSummary::name)
                .startsWith("credit-risk-xgb v7", "credit-risk-xgb v6", "credit-risk-xgb v5");
        // risk comes with each hit: v7 carries the scanner's medium finding on its model file
        assertThat(group(r, AssetKind.MODEL_VERSION).hits().get(0).worstFinding()).isEqualTo(Severity.MEDIUM);
        assertThat(r.hits().get(0).owners()).contains("priya.natarajan@kestrel.example");
    }

    @Test
    void fraudReturnsTheFraudModelFirstWithAllItsVersions() {
        SearchResults r = t.inventory().search("fraud", HITS);
        assertThat(r.hits().get(0).name()).isEqualTo("fraud-bert");
        assertThat(r.hits().get(0).kind()).isEqualTo(AssetKind.MODEL);
        assertThat(versionsOf("fraud-bert")).hasSize(3);
        // the registry's versions, newest first, then copies of v3 elsewhere (the Hub's private copy, the registry's ModelPack)
        assertThat(group(r, AssetKind.MODEL_VERSION).hits()).extracting(AssetSummary::name)
                .containsAll(versionsOf("fraud-bert"))
                .startsWith("fraud-bert v3", "fraud-bert v2", "fraud-bert v1")
                .hasSizeGreaterThan(3);
        assertThat(t.inventory().search("kestrel-lending/fraud-bert", HITS).hits()).extracting(AssetSummary::name)
                .contains("kestrel-lending/fraud-bert@3f9e2a7");
    }

    @Test
    void modelsVersionsDeploymentsAndDatasetsComeBeforePipelinesAndRuns() {
        for (String text : List.of("fraud", "credit", "churn", "ana.ruiz")) {
            List<AssetKind> kinds = kinds(t.inventory().search(text, 40));
            int firstRun = kinds.stream().filter(k -> k == AssetKind.PIPELINE || k == AssetKind.PIPELINE_RUN
                    || k == AssetKind.TRAINING_RUN).mapToInt(kinds::indexOf).min().orElse(kinds.size());
            for (AssetKind headline : List.of(AssetKind.MODEL, AssetKind.MODEL_VERSION, AssetKind.DEPLOYMENT, AssetKind.DATASET)) {
                if (kinds.contains(headline)) {
                    assertThat(kinds.indexOf(headline)).as(text + ": " + kinds).isLessThan(firstRun);
                }
            }
        }
    }

    @Test
    void theTypedWordIsAPrefixAndHyphenatedNamesAreWordsApart() {
        assertThat(t.inventory().search("cred", HITS).hits().get(0).name()).isEqualTo("credit-risk-xgb");
        assertThat(t.inventory().search("risk xgb", HITS).hits().get(0).name()).isEqualTo("credit-risk-xgb");
        assertThat(t.inventory().search("credit-risk-xgb v7", HITS).hits().get(0).name()).isEqualTo("credit-risk-xgb v7");
        // '_' joins words: credit_features is one word, which "credit" finds as a prefix
        assertThat(t.inventory().search("credit", 60).hits()).extracting(AssetSummary::name).contains("credit_features");
        assertThat(t.inventory().search("credit_feat", HITS).hits().get(0).name()).isEqualTo("features/credit_features");
    }

    @Test
    void groupsCountTheirMatchesAndTheTotalIsWhatTheInventoryLists() {
        SearchResults r = t.inventory().search("credit", HITS);
        assertThat(r.totalExact()).isTrue();
        assertThat(r.hits()).hasSizeLessThanOrEqualTo(HITS);
        assertThat(r.total()).isGreaterThan(r.hits().size());
        assertThat(t.inventory().count(r.inventoryFilter())).isEqualTo(r.total());
        assertThat(r.inventoryFilter().text()).isEqualTo("credit");
        for (SearchResults.KindGroup g : r.groups()) {
            assertThat(g.countExact()).isTrue();
            assertThat(g.count()).isGreaterThanOrEqualTo(g.hits().size());
            assertThat(g.count()).isEqualTo(t.inventory().count(r.inventoryFilter().withKinds(java.util.Set.of(g.kind()))));
        }
    }

    @Test
    void ownersAreFoundByName() {
        SearchResults r = t.inventory().search("priya", HITS);
        // her model, and her laptop with its MCP configs (the local-discovery source names her as their owner)
        assertThat(r.hits()).extracting(a -> a.name()).contains("credit-risk-xgb", "priya-linux");
        assertThat(r.hits()).allSatisfy(a -> assertThat(a.owners()).containsIgnoringCase("priya"));
    }

    @Test
    void nothingMatchingIsEmpty() {
        SearchResults r = t.inventory().search("zzzz-nothing-like-it", HITS);
        assertThat(r.isEmpty()).isTrue();
        assertThat(r.total()).isZero();
        assertThat(t.inventory().search("  ", HITS).isEmpty()).isTrue();
        assertThat(t.inventory().search("\"((", HITS).isEmpty()).isTrue();
    }

    @Test
    void theInventoryByRiskAndTheOverviewListTheWorstFirst() {
        List<AssetSummary> byRisk = t.inventory().list(AssetFilter.all(), new AssetSort(AssetSort.Column.RISK, false), 1000);
        assertThat(byRisk).hasSize((int) t.inventory().count(AssetFilter.all()));
        assertThat(byRisk.get(0).worstFinding()).isEqualTo(Severity.CRITICAL);
        assertThat(byRisk).extracting(AssetSummary::worstFinding).isSortedAccordingTo(Severity.BY_RISK.reversed());

        EstateOverview o = t.inventory().overview(20);
        List<Severity> risks = o.attention().stream().map(AssetSummary::worstFinding).filter(s -> s != null).toList();
        assertThat(risks).isNotEmpty().isSortedAccordingTo(Severity.BY_RISK.reversed());
    }
}
