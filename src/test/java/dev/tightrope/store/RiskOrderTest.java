package dev.tightrope.store;

import static dev.tightrope.store.StoreFixture.asset;
import static dev.tightrope.store.StoreFixture.dataset;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetSort;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.Finding;
import dev.tightrope.domain.Severity;
import dev.tightrope.domain.StoredFinding;
import dev.tightrope.domain.SyncMode;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.IngestStore.IngestSession;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sorting by risk goes by severity, worst first, from indexes; so do finding lists. */
class RiskOrderTest {

    @TempDir
    Path dir;
    StoreFixture f;

    /** Name → worst open finding; null has none. Names are chosen so that A to Z is not the risk order. */
    private static final String[][] ESTATE = {
        {"alpha", "medium"}, {"bravo", "critical"}, {"charlie", null}, {"delta", "high"}, {"echo", "low"},
        {"foxtrot", "info"}, {"golf", null}, {"hotel", "critical"}, {"india", "medium"}, {"juliet", null},
    };

    @BeforeEach
    void open() {
        f = new StoreFixture(dir);
        try (IngestSession s = f.ingest.begin(f.source)) {
            for (String[] a : ESTATE) {
                Urn urn = dataset(a[0]);
                s.asset(asset(urn, "a dataset"));
                if (a[1] != null) {
                    s.finding(new Finding(urn, "rule." + a[1], Severity.fromToken(a[1]), "a " + a[1] + " risk", null, null, "test", null));
                    // a milder finding on the same asset never decides its risk
                    s.finding(new Finding(urn, "rule.info", Severity.INFO, "also", null, null, "test", null));
                }
            }
            s.commit(SyncMode.FULL, null);
        }
    }

    @AfterEach
    void close() {
        f.close();
    }

    private List<String> names(long[] ids) {
        return f.assets.summaries(ids).stream().map(AssetSummary::name).toList();
    }

    @Test
    void riskDescendingPutsCriticalFirstThenEachSeverityThenAssetsWithoutFindings() {
        List<String> worstFirst = names(f.assets.ids(AssetFilter.all(), new AssetSort(AssetSort.Column.RISK, false)));
        assertThat(worstFirst).containsExactly("bravo", "hotel", "delta", "alpha", "india", "echo", "foxtrot",
                "charlie", "golf", "juliet");
        assertThat(f.assets.summaries(f.assets.ids(AssetFilter.all(), new AssetSort(AssetSort.Column.RISK, false))))
                .extracting(AssetSummary::worstFinding).isSortedAccordingTo(Severity.BY_RISK.reversed());
    }

    @Test
    void riskAscendingIsExactlyTheReverse() {
        List<String> worstFirst = names(f.assets.ids(AssetFilter.all(), new AssetSort(AssetSort.Column.RISK, false)));
        List<String> leastFirst = new ArrayList<>(names(f.assets.ids(AssetFilter.all(), new AssetSort(AssetSort.Column.RISK, true))));
        Collections.reverse(leastFirst);
        assertThat(leastFirst).isEqualTo(worstFirst);
    }

    @Test
    void aLimitedListingByRiskIsTheStartOfTheFullOrder() {
        for (boolean ascending : new boolean[] {false, true}) {
            AssetSort sort = new AssetSort(AssetSort.Column.RISK, ascending);
            List<String> all = names(f.assets.ids(AssetFilter.all(), sort));
            for (int limit : new int[] {0, 1, 2, 7, 8, 10, 50}) {
                assertThat(f.assets.list(AssetFilter.all(), sort, limit)).extracting(AssetSummary::name)
                        .isEqualTo(all.subList(0, Math.min(limit, all.size())));
            }
        }
    }

    @Test
    void filtersKeepTheRiskOrder() {
        AssetSort worstFirst = new AssetSort(AssetSort.Column.RISK, false);
        assertThat(names(f.assets.ids(AssetFilter.all().withText("dataset"), worstFirst)))
                .containsExactly("bravo", "hotel", "delta", "alpha", "india", "echo", "foxtrot", "charlie", "golf", "juliet");
        assertThat(names(f.assets.ids(AssetFilter.all().withKinds(Set.of(AssetKind.MODEL)), worstFirst))).isEmpty();
        assertThat(f.assets.count(AssetFilter.all())).isEqualTo(ESTATE.length);
    }

    @Test
    void resolvedFindingsNoLongerCountTowardsRisk() {
        try (IngestSession s = f.ingest.begin(f.source)) {
            for (String[] a : ESTATE) {
                s.asset(asset(dataset(a[0]), "a dataset"));
            }
            s.commit(SyncMode.FULL, null);
        }
        assertThat(names(f.assets.ids(AssetFilter.all(), new AssetSort(AssetSort.Column.RISK, false))))
                .containsExactly("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet");
    }

    @Test
    void sortingByRiskWalksTheRiskAndNameIndexesWithoutSorting() {
        for (boolean ascending : new boolean[] {false, true}) {
            List<String> plan = f.assets.riskOrderPlan(AssetFilter.all(), ascending);
            assertThat(plan).anyMatch(step -> step.contains("USING COVERING INDEX assets_risk"));
            assertThat(plan).anyMatch(step -> step.contains("USING COVERING INDEX assets_name"));
            assertThat(plan).noneMatch(step -> step.contains("TEMP B-TREE"));
        }
        List<String> byKind = f.assets.riskOrderPlan(AssetFilter.all().withKinds(Set.of(AssetKind.MODEL, AssetKind.DATASET)), false);
        assertThat(byKind).noneMatch(step -> step.contains("TEMP B-TREE"));
    }

    @Test
    void findingsListTheWorstFirstAndDecidedOnesLast() {
        Urn bravo = dataset("bravo");
        long info = f.assets.detail(bravo).orElseThrow().findings().stream()
                .filter(x -> x.finding().severity() == Severity.INFO).findFirst().orElseThrow().id();
        long critical = f.assets.detail(bravo).orElseThrow().findings().get(0).id();
        f.triage.accept(critical, "compensating control", "dana", Instant.now(), Instant.now().plus(Duration.ofDays(30)));
        List<StoredFinding> findings = f.assets.detail(bravo).orElseThrow().findings();
        assertThat(findings).extracting(StoredFinding::id).containsExactly(info, critical);

        assertThat(Arrays.stream(new Severity[] {Severity.LOW, null, Severity.CRITICAL, Severity.MEDIUM})
                .sorted(Severity.BY_RISK).toList()).containsExactly(null, Severity.LOW, Severity.MEDIUM, Severity.CRITICAL);
    }
}
