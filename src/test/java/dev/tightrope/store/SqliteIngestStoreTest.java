package dev.tightrope.store;

import static dev.tightrope.store.StoreFixture.asset;
import static dev.tightrope.store.StoreFixture.dataset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetRecord;
import dev.tightrope.domain.AssetSort;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.Finding;
import dev.tightrope.domain.FindingStatus;
import dev.tightrope.domain.OwnerClaim;
import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.OwnerType;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.Provenance;
import dev.tightrope.domain.Severity;
import dev.tightrope.domain.SyncMode;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.IngestStore.IngestSession;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteIngestStoreTest {

    @TempDir
    Path dir;

    StoreFixture f;

    @BeforeEach
    void open() {
        f = new StoreFixture(dir);
    }

    @AfterEach
    void close() {
        f.close();
    }

    private SyncRun fullSync(String... names) {
        try (IngestSession s = f.ingest.begin(f.source)) {
            for (String n : names) {
                s.asset(asset(dataset(n), "table " + n));
            }
            return s.commit(SyncMode.FULL, "c1");
        }
    }

    @Test
    void committedRunIsVisibleWithCountsAndCursor() {
        SyncRun run = fullSync("txns", "cards");

        assertThat(run.status()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(run.assetsSeen()).isEqualTo(2);
        assertThat(run.assetsAdded()).isEqualTo(2);
        assertThat(f.ingest.cursor("lake")).isEqualTo("c1");
        assertThat(f.assets.count(AssetFilter.all())).isEqualTo(2);
        AssetRecord txns = f.assets.find(dataset("txns")).orElseThrow();
        assertThat(txns.asset().description()).isEqualTo("table txns");
        assertThat(txns.asset().properties()).containsEntry("format", "parquet");
        assertThat(txns.source()).isEqualTo("lake");
        assertThat(txns.gone()).isFalse();
    }

    @Test
    void runThatThrowsMidwayLeavesThePreviousState() {
        fullSync("txns");

        assertThatThrownBy(() -> {
            try (IngestSession s = f.ingest.begin(f.source)) {
                s.asset(asset(dataset("txns"), "CHANGED"));
                for (int i = 0; i < 5000; i++) {
                    s.asset(asset(dataset("new" + i), null));
                }
                throw new IllegalStateException("connector blew up");
            }
        }).hasMessage("connector blew up");

        assertThat(f.assets.count(AssetFilter.all())).isEqualTo(1);
        assertThat(f.assets.find(dataset("txns")).orElseThrow().asset().description()).isEqualTo("table txns");
        SyncRun last = f.sources.runs("lake", 1).get(0);
        assertThat(last.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(f.ingest.cursor("lake")).isEqualTo("c1");
        assertThat(f.db.integrityCheck()).isEqualTo("ok");
    }

    @Test
    void cancelledRunIsRecordedAndDiscarded() {
        fullSync("txns");
        SyncRun run;
        try (IngestSession s = f.ingest.begin(f.source)) {
            s.asset(asset(dataset("other"), null));
            run = s.abort(true, "cancelled by the user");
        }
        assertThat(run.status()).isEqualTo(SyncStatus.CANCELLED);
        assertThat(run.message()).isEqualTo("cancelled by the user");
        assertThat(f.assets.count(AssetFilter.all())).isEqualTo(1);
    }

    @Test
    void fullSyncMarksMissingAssetsGoneWithTheTimeAndKeepsThem() {
        fullSync("txns", "cards");
        SyncRun second = fullSync("txns");

        assertThat(second.assetsGone()).isEqualTo(1);
        AssetRecord cards = f.assets.find(dataset("cards")).orElseThrow();
        assertThat(cards.gone()).isTrue();
        assertThat(cards.goneAt()).isNotNull();
        assertThat(f.assets.count(AssetFilter.all())).isEqualTo(1);
        assertThat(f.assets.count(AssetFilter.all().withPresence(AssetFilter.Presence.GONE))).isEqualTo(1);

        fullSync("txns", "cards");
        assertThat(f.assets.find(dataset("cards")).orElseThrow().gone()).isFalse();
    }

    @Test
    void incrementalSyncMarksNothingGone() {
        fullSync("txns", "cards");
        try (IngestSession s = f.ingest.begin(f.source)) {
            s.asset(asset(dataset("txns"), "updated"));
            SyncRun run = s.commit(SyncMode.INCREMENTAL, "c2");
            assertThat(run.assetsGone()).isZero();
            assertThat(run.mode()).isEqualTo(SyncMode.INCREMENTAL);
        }
        assertThat(f.assets.find(dataset("cards")).orElseThrow().gone()).isFalse();
        assertThat(f.ingest.cursor("lake")).isEqualTo("c2");
    }

    @Test
    void manualOwnersSurviveSyncsAndSourceOwnersFollowTheSource() {
        Urn txns = dataset("txns");
        try (IngestSession s = f.ingest.begin(f.source)) {
            s.asset(asset(txns, null));
            s.owner(OwnerClaim.fromSource(txns, "team:data-eng", null, OwnerRole.TECHNICAL_OWNER));
            s.commit(SyncMode.FULL, null);
        }
        f.user.assignOwner(txns, "helen.park@kestrel.example", OwnerType.PERSON, OwnerRole.STEWARD, "helen");

        try (IngestSession s = f.ingest.begin(f.source)) {
            s.asset(asset(txns, null));
            s.owner(new OwnerClaim(txns, "helen.park@kestrel.example", OwnerType.PERSON, OwnerRole.STEWARD, Provenance.MANUAL));
            s.commit(SyncMode.FULL, null);
        }

        AssetRecord r = f.assets.find(txns).orElseThrow();
        assertThat(r.owners()).extracting(o -> o.owner() + "/" + o.provenance())
                .containsExactly("helen.park@kestrel.example/MANUAL");
        assertThat(f.sources.runs("lake", 1).get(0).problems()).isEqualTo(1);
        assertThat(f.assets.count(AssetFilter.all().withOwner("HELEN.PARK@kestrel.example"))).isEqualTo(1);
        assertThat(f.assets.count(AssetFilter.all().withUnowned(true))).isZero();
    }

    private SyncRun fullSync(dev.tightrope.domain.SourceConfig source, String description, String... names) {
        try (IngestSession s = f.ingest.begin(source)) {
            for (String n : names) {
                s.asset(asset(dataset(n), description));
                s.owner(OwnerClaim.fromSource(dataset(n), "team:" + source.name(), null, OwnerRole.TECHNICAL_OWNER));
            }
            return s.commit(SyncMode.FULL, null);
        }
    }

    @Test
    void anAssetTwoSourcesReportKeepsItsOwningSourceWhicheverSyncsLast() {
        var shared = new dev.tightrope.domain.SourceConfig("shared", "openlineage", java.util.Map.of("path", "/data/shared"));
        f.sources.add(shared);
        fullSync(f.source, "as the lake sees it", "txns", "cards");

        fullSync(shared, "as the shared folder sees it", "txns");

        AssetRecord txns = f.assets.find(dataset("txns")).orElseThrow();
        assertThat(txns.source()).isEqualTo("lake");
        assertThat(txns.asset().description()).isEqualTo("as the lake sees it");
        assertThat(txns.owners()).extracting(o -> o.owner()).containsExactlyInAnyOrder("lake", "shared");
        assertThat(f.assets.count(AssetFilter.all().withSource("lake"))).isEqualTo(2);
        assertThat(f.assets.count(AssetFilter.all().withSource("shared"))).isZero();

        // each source's full sync marks gone only what it owns: the lake syncing again changes nothing
        SyncRun again = fullSync(f.source, "as the lake sees it", "txns", "cards");
        assertThat(again.assetsGone()).isZero();
        SyncRun sharedAgain = fullSync(shared, "as the shared folder sees it", "txns");
        assertThat(sharedAgain.assetsGone()).isZero();
        assertThat(f.assets.find(dataset("txns")).orElseThrow().gone()).isFalse();

        // the owner stops reporting it: it is gone from the lake, and the source that still sees it takes it over
        fullSync(f.source, "as the lake sees it", "cards");
        assertThat(f.assets.find(dataset("txns")).orElseThrow().gone()).isTrue();
        fullSync(shared, "as the shared folder sees it", "txns");
        AssetRecord taken = f.assets.find(dataset("txns")).orElseThrow();
        assertThat(taken.gone()).isFalse();
        assertThat(taken.source()).isEqualTo("shared");
        assertThat(taken.asset().description()).isEqualTo("as the shared folder sees it");
        assertThat(f.db.integrityCheck()).isEqualTo("ok");
    }

    @Test
    void aRemovedSourcesAssetsAreTakenOverByASourceThatStillReportsThem() {
        var shared = new dev.tightrope.domain.SourceConfig("shared", "openlineage", java.util.Map.of("path", "/data/shared"));
        f.sources.add(shared);
        fullSync(f.source, "as the lake sees it", "txns");
        fullSync(shared, "as the shared folder sees it", "txns");
        assertThat(f.assets.find(dataset("txns")).orElseThrow().source()).isEqualTo("lake");

        assertThat(f.sources.remove("lake")).isTrue();
        fullSync(shared, "as the shared folder sees it", "txns");

        AssetRecord txns = f.assets.find(dataset("txns")).orElseThrow();
        assertThat(txns.source()).isEqualTo("shared");
        assertThat(txns.gone()).isFalse();
        assertThat(txns.owners()).extracting(o -> o.owner()).containsExactly("shared");
    }

    @Test
    void edgesToAssetsTheRunDidNotDescribeCreateStubs() {
        Urn model = Urn.of(AssetKind.MODEL_VERSION, "openlineage", "mlflow://mlflow/models/fraud/3");
        try (IngestSession s = f.ingest.begin(f.source)) {
            s.asset(asset(dataset("txns"), null));
            s.edge(new Edge(dataset("txns"), model, EdgeType.TRAINED_ON));
            s.commit(SyncMode.FULL, null);
        }
        AssetRecord stub = f.assets.find(model).orElseThrow();
        assertThat(stub.asset().name()).isEqualTo("3");
        var detail = f.assets.detail(dataset("txns")).orElseThrow();
        assertThat(detail.downstream()).singleElement()
                .satisfies(n -> {
                    assertThat(n.urn()).isEqualTo(model.toString());
                    assertThat(n.type()).isEqualTo(EdgeType.TRAINED_ON);
                });
    }

    @Test
    void fullTextSearchFindsNamesDescriptionsPropertiesAndOwners() {
        Urn txns = dataset("transactions_2024");
        try (IngestSession s = f.ingest.begin(f.source)) {
            s.asset(asset(txns, "Card transactions with merchant category"));
            s.asset(asset(dataset("bureau"), "Credit bureau pulls"));
            s.commit(SyncMode.FULL, null);
        }
        f.user.assignOwner(txns, "kofi.mensah", OwnerType.PERSON, OwnerRole.TECHNICAL_OWNER, "me");

        assertThat(f.assets.search("transactions", 10).hits()).extracting(a -> a.urn()).containsExactly(txns.toString());
        assertThat(f.assets.search("merch", 10).hits()).hasSize(1);
        assertThat(f.assets.search("parquet", 10).hits()).hasSize(2);
        assertThat(f.assets.search("kofi", 10).hits()).hasSize(1);
        assertThat(f.assets.search("\"unbalanced ( quotes", 10).hits()).isEmpty();
        assertThat(f.assets.count(AssetFilter.all().withText("bureau credit"))).isEqualTo(1);
    }

    @Test
    void searchIndexFollowsChangedDescriptions() {
        fullSync("txns");
        try (IngestSession s = f.ingest.begin(f.source)) {
            s.asset(asset(dataset("txns"), "now mentions chargebacks"));
            s.commit(SyncMode.FULL, null);
        }
        assertThat(f.assets.search("chargebacks", 10).hits()).hasSize(1);
        assertThat(f.assets.search("table", 10).hits()).isEmpty();
    }

    @Test
    void findingsKeepTheUsersDecisionAcrossSyncs() {
        Urn txns = dataset("txns");
        Finding finding = new Finding(txns, "pii.column", Severity.HIGH, "PII column", "ssn", "schema", "test", null);
        try (IngestSession s = f.ingest.begin(f.source)) {
            s.asset(asset(txns, null));
            s.finding(finding);
            s.commit(SyncMode.FULL, null);
        }
        long id = f.assets.detail(txns).orElseThrow().findings().get(0).id();
        f.triage.accept(id, "masked downstream", "dana", Instant.now(), Instant.now().plus(Duration.ofDays(30)));

        try (IngestSession s = f.ingest.begin(f.source)) {
            s.asset(asset(txns, null));
            s.finding(finding);
            s.commit(SyncMode.FULL, null);
        }
        var stored = f.assets.detail(txns).orElseThrow().findings().get(0);
        assertThat(stored.finding().status()).isEqualTo(FindingStatus.ACCEPTED);
        assertThat(stored.justification()).isEqualTo("masked downstream");
    }

    @Test
    void openFindingsDriveTheRiskColumnAndResolveWhenNoLongerReported() {
        Urn txns = dataset("txns");
        try (IngestSession s = f.ingest.begin(f.source)) {
            s.asset(asset(txns, null));
            s.finding(new Finding(txns, "r1", Severity.CRITICAL, "bad", null, null, "test", null));
            s.commit(SyncMode.FULL, null);
        }
        assertThat(f.assets.list(AssetFilter.all(), AssetSort.byName(), 1).get(0).worstFinding()).isEqualTo(Severity.CRITICAL);

        fullSync("txns");
        assertThat(f.assets.list(AssetFilter.all(), AssetSort.byName(), 1).get(0).worstFinding()).isNull();
        assertThat(f.assets.detail(txns).orElseThrow().findings().get(0).finding().status()).isEqualTo(FindingStatus.RESOLVED);
    }

    @Test
    void problemsAreStoredWithTheRun() {
        SyncRun run;
        try (IngestSession s = f.ingest.begin(f.source)) {
            s.asset(asset(dataset("txns"), null));
            s.problem(new Problem("events.ndjson:7", "eventTime is not a date"));
            run = s.commit(SyncMode.FULL, null);
        }
        assertThat(run.status()).isEqualTo(SyncStatus.SUCCEEDED_WITH_PROBLEMS);
        assertThat(f.sources.problems(run.id(), 10)).containsExactly(new Problem("events.ndjson:7", "eventTime is not a date"));
    }

    @Test
    void inventoryFiltersAndSortsInTheCache() {
        try (IngestSession s = f.ingest.begin(f.source)) {
            s.asset(asset(dataset("b"), null));
            s.asset(asset(dataset("a"), null));
            s.asset(asset(Urn.of(AssetKind.MODEL, "openlineage", "fraud"), null));
            s.commit(SyncMode.FULL, null);
        }
        long[] ids = f.assets.ids(AssetFilter.all().withKinds(Set.of(AssetKind.DATASET)), AssetSort.byName());
        assertThat(f.assets.summaries(ids)).extracting(a -> a.name()).containsExactly("a", "b");
        long[] desc = f.assets.ids(AssetFilter.all(), new AssetSort(AssetSort.Column.NAME, false));
        assertThat(f.assets.summaries(desc)).extracting(a -> a.name()).containsExactly("fraud", "b", "a");
        assertThat(f.assets.count(AssetFilter.all().withSource("lake"))).isEqualTo(3);
        assertThat(f.assets.count(AssetFilter.all().withSource("nope"))).isZero();
        assertThat(f.assets.count(AssetFilter.all().withUnowned(true))).isEqualTo(3);
    }

    @Test
    void removingASourceKeepsItsAssetsAsGone() {
        fullSync("txns");
        assertThat(f.sources.remove("lake")).isTrue();
        assertThat(f.assets.count(AssetFilter.all().withPresence(AssetFilter.Presence.GONE))).isEqualTo(1);
        assertThat(f.sources.list()).isEmpty();
    }

    @Test
    void syncOfAnUnknownSourceIsRefused() {
        var other = new dev.tightrope.domain.SourceConfig("ghost", "openlineage", java.util.Map.of());
        assertThatThrownBy(() -> f.ingest.begin(other)).hasMessageContaining("no source named 'ghost'");
    }

    @Test
    void readersSeeTheOldStateWhileARunIsInProgress() {
        fullSync("txns");
        try (IngestSession s = f.ingest.begin(f.source)) {
            for (int i = 0; i < 3000; i++) {
                s.asset(asset(dataset("n" + i), null));
            }
            assertThat(f.assets.count(AssetFilter.all())).isEqualTo(1);
            s.commit(SyncMode.INCREMENTAL, null);
        }
        assertThat(f.assets.count(AssetFilter.all())).isEqualTo(3001);
        assertThat(List.of(f.db.integrityCheck())).containsExactly("ok");
    }
}
