package dev.tightrope.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Digest;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.Finding;
import dev.tightrope.domain.OwnerClaim;
import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.OwnerType;
import dev.tightrope.domain.Provenance;
import dev.tightrope.domain.RiskConcern;
import dev.tightrope.domain.RiskDashboard;
import dev.tightrope.domain.RiskReason;
import dev.tightrope.domain.RiskScore;
import dev.tightrope.domain.Severity;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.sync.Connector;
import dev.tightrope.sync.ConnectorFactory;
import dev.tightrope.sync.ConnectorRegistry;
import dev.tightrope.sync.SyncResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The risk model on a real cache: each reason, kept at sync and after the user's edits, and the dashboard's figures. */
class RiskServiceTest {
    @TempDir
    Path dir;

    /** What the fixture source reports on its next sync. */
    private final Estate estate = new Estate();
    private final MutableClock clock = new MutableClock(Instant.now());
    private Tightrope tightrope;

    @AfterEach
    void close() {
        if (tightrope != null) {
            tightrope.close();
        }
    }

    static final class Estate {
        final List<Asset> assets = new ArrayList<>();
        final List<Edge> edges = new ArrayList<>();
        final List<OwnerClaim> owners = new ArrayList<>();
        final List<Finding> findings = new ArrayList<>();

        Urn add(AssetKind kind, String id, java.util.function.UnaryOperator<Asset.Builder> more) {
            Urn urn = Urn.of(kind, "fixture", id);
            assets.add(more.apply(Asset.builder(urn, id)).build());
            return urn;
        }

        Urn add(AssetKind kind, String id) {
            return add(kind, id, b -> b);
        }

        void own(Urn urn, String owner) {
            owners.add(new OwnerClaim(urn, owner, OwnerType.TEAM, OwnerRole.TECHNICAL_OWNER, Provenance.SOURCE_METADATA));
        }

        void find(Urn urn, Severity severity, String rule) {
            findings.add(new Finding(urn, rule, severity, rule + " found", null, "", "fixture", null));
        }
    }

    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    private ConnectorFactory fixture() {
        return new ConnectorFactory() {
            @Override
            public String type() {
                return "fixture";
            }

            @Override
            public String description() {
                return "what the test says";
            }

            @Override
            public List<SettingSpec> settings() {
                return List.of();
            }

            @Override
            public Connector create(SourceConfig config) {
                return (context, sink) -> {
                    estate.assets.forEach(sink::asset);
                    estate.edges.forEach(sink::edge);
                    estate.owners.forEach(sink::owner);
                    estate.findings.forEach(sink::finding);
                    return SyncResult.full(null);
                };
            }
        };
    }

    private void sync() {
        if (tightrope == null) {
            tightrope = Tightrope.open(dir.resolve("ws"), ConnectorRegistry.defaults().with(fixture()), clock);
            tightrope.sources().add(new SourceConfig("fx", "fixture", Map.of()));
        }
        tightrope.sources().sync("fx", true, SyncListener.NONE, new dev.tightrope.domain.Cancellation());
    }

    private RiskScore risk(Urn urn) {
        return tightrope.risk().risk(urn);
    }

    private static List<RiskReason> reasons(RiskScore r) {
        return r.reasons().stream().map(RiskScore.Item::reason).toList();
    }

    @Test
    void openFindingsCountBySeverityUpToTheirCap() {
        Urn model = estate.add(AssetKind.DATASET, "features");
        estate.find(model, Severity.HIGH, "data.poisoned");
        estate.find(model, Severity.MEDIUM, "data.pii");
        estate.find(model, Severity.INFO, "data.note");
        Urn worse = estate.add(AssetKind.DATASET, "chargebacks");
        for (int i = 0; i < 3; i++) {
            estate.find(worse, Severity.CRITICAL, "data.backdoor" + i);
        }
        sync();

        RiskScore r = risk(model);
        assertThat(reasons(r)).containsExactly(RiskReason.HIGH_FINDING, RiskReason.MEDIUM_FINDING);
        assertThat(r.score()).isEqualTo(25);
        RiskScore capped = risk(worse);
        assertThat(capped.reasons().get(0).count()).isEqualTo(3);
        assertThat(capped.score()).isEqualTo(RiskScore.MAX_FROM_FINDINGS);
    }

    @Test
    void onlyWhatRunsOrShipsNeedsAnOwnerAndAnAssignmentClearsIt() {
        Urn deployment = estate.add(AssetKind.DEPLOYMENT, "prod/api");
        Urn dataset = estate.add(AssetKind.DATASET, "raw/events");
        sync();
        assertThat(reasons(risk(deployment))).contains(RiskReason.NO_OWNER);
        assertThat(reasons(risk(dataset))).doesNotContain(RiskReason.NO_OWNER);

        tightrope.inventory().assignOwner(deployment, "payments", OwnerType.TEAM, OwnerRole.TECHNICAL_OWNER, "lead");
        assertThat(reasons(risk(deployment))).doesNotContain(RiskReason.NO_OWNER);
    }

    @Test
    void aDeploymentWhoseReleasesNobodyApprovedIsDeployedWithoutAValidApproval() {
        Urn image = estate.add(AssetKind.CONTAINER_IMAGE, "api:1", b -> b.digest(Digest.sha256(new byte[32])));
        Urn deployment = estate.add(AssetKind.DEPLOYMENT, "prod/api");
        estate.edges.add(new Edge(image, deployment, EdgeType.DEPLOYED_AS));
        estate.own(deployment, "payments");
        sync();
        RiskScore r = risk(deployment);
        assertThat(r.release()).isEqualTo(RiskScore.Release.UNAPPROVED);
        assertThat(r.score()).isEqualTo(RiskReason.DEPLOYED_UNAPPROVED.points());
        assertThat(tightrope.inventory().list(AssetFilter.all().withConcern(RiskConcern.UNAPPROVED_DEPLOYMENT), null, 10))
                .extracting(a -> a.urn()).containsExactly(deployment.toString());
    }

    @Test
    void theDemoSaysWhichDeploymentsRunAnApprovedRelease() {
        try (Tightrope demo = DemoWorkspaces.loaded(dir.resolve("demo"))) {
            RiskDashboard d = demo.risk().dashboard();
            assertThat(d.deployments()).isPositive();
            assertThat(d.deploymentsUnapproved()).isPositive().isLessThan(d.deployments());
            // the headline counts are what their tiles open in the inventory
            assertThat(d.assets()).isEqualTo(demo.inventory().count(AssetFilter.all()));
            assertThat(d.unowned()).isEqualTo(demo.inventory().count(AssetFilter.all().withUnowned(true)));
            assertThat(d.deploymentsUnapproved()).isEqualTo(demo.inventory().count(AssetFilter.all().withConcern(RiskConcern.UNAPPROVED_DEPLOYMENT)));
            assertThat(d.unregisteredMcpServers()).isEqualTo(1)
                    .isEqualTo(demo.inventory().count(AssetFilter.all().withConcern(RiskConcern.UNREGISTERED_MCP_SERVER)));
            // the excel-helper MCP server's env and Priya's credit-risk notebook output
            assertThat(d.leakedKeys()).isEqualTo(2)
                    .isEqualTo(demo.inventory().count(AssetFilter.all().withConcern(RiskConcern.LEAKED_KEY)));
            assertThat(d.expiringAcceptances()).isEqualTo(1);
            // fraud-scoring runs a release with both approvals the policy asks for; credit-decision-api
            // 6.0.0 runs in production with one of the two (the demo's story)
            assertThat(demo.risk().risk(Urn.parse("tr:deployment:openlineage:k8s://prod-eu-1/fraud/fraud-scoring")).release())
                    .isEqualTo(RiskScore.Release.APPROVED);
            RiskScore credit = demo.risk().risk(Urn.parse("tr:deployment:openlineage:k8s://prod-eu-1/credit/credit-decision-api"));
            assertThat(credit.release()).isEqualTo(RiskScore.Release.UNAPPROVED);
            assertThat(reasons(credit)).contains(RiskReason.DEPLOYED_UNAPPROVED);
        }
    }

    @Test
    void aModelVersionWithoutTrainingDataInItsLineageIsUntracedUntilARunNamesIt() {
        Urn version = estate.add(AssetKind.MODEL_VERSION, "fraud v1");
        estate.own(version, "fraud");
        sync();
        assertThat(reasons(risk(version))).contains(RiskReason.UNKNOWN_TRAINING_DATA);

        Urn data = estate.add(AssetKind.DATASET, "curated/transactions");
        Urn run = estate.add(AssetKind.TRAINING_RUN, "run-7");
        estate.edges.add(new Edge(data, run, EdgeType.TRAINED_ON));
        estate.edges.add(new Edge(run, version, EdgeType.PRODUCED_BY));
        sync();
        assertThat(reasons(risk(version))).doesNotContain(RiskReason.UNKNOWN_TRAINING_DATA);
    }

    @Test
    void aReleaseIsScannedWhenAScanOfTheSameBytesIsInTheCache() {
        Digest bytes = Digest.sha256(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
            24, 25, 26, 27, 28, 29, 30, 31, 32});
        Urn version = estate.add(AssetKind.MODEL_VERSION, "fraud v2", b -> b.digest(bytes));
        estate.own(version, "fraud");
        sync();
        assertThat(reasons(risk(version))).contains(RiskReason.NEVER_SCANNED);

        estate.add(AssetKind.MODEL_ARTIFACT, "fraud-v2-dir", b -> b.digest(bytes).property("verdict", "CLEAN"));
        sync();
        assertThat(reasons(risk(version))).doesNotContain(RiskReason.NEVER_SCANNED);
    }

    @Test
    void anMcpServerCarriesTheRiskOfItsClassification() {
        Map<String, RiskReason> expected = Map.of("unregistered", RiskReason.UNREGISTERED_MCP_SERVER,
                "name-only", RiskReason.NAME_ONLY_MCP_SERVER, "approved-unpinned", RiskReason.UNPINNED_MCP_SERVER);
        Map<String, Urn> servers = new java.util.TreeMap<>();
        for (String c : List.of("unregistered", "name-only", "approved-unpinned", "approved")) {
            Urn u = estate.add(AssetKind.MCP_SERVER, "server-" + c, b -> b.property("classification", c));
            estate.own(u, "dev");
            servers.put(c, u);
        }
        sync();
        expected.forEach((c, reason) -> assertThat(reasons(risk(servers.get(c)))).containsExactly(reason));
        assertThat(risk(servers.get("approved")).score()).isZero();
        RiskDashboard d = tightrope.risk().dashboard();
        assertThat(d.mcpServers()).isEqualTo(4);
        assertThat(d.unregisteredMcpServers()).isEqualTo(1);
    }

    @Test
    void aSourceNotSyncedForAWeekMakesItsAssetsStale() {
        Urn deployment = estate.add(AssetKind.DEPLOYMENT, "prod/api");
        sync();
        assertThat(reasons(risk(deployment))).doesNotContain(RiskReason.STALE_SYNC);
        clock.advance(Duration.ofDays(RiskScore.STALE_AFTER_DAYS).plusHours(1));
        assertThat(reasons(risk(deployment))).contains(RiskReason.STALE_SYNC);
        assertThat(tightrope.risk().dashboard().staleSources()).isEqualTo(1);
    }

    @Test
    void aFindingTheSourceNoLongerReportsNoLongerCounts() {
        Urn data = estate.add(AssetKind.DATASET, "features");
        estate.find(data, Severity.CRITICAL, "data.backdoor");
        sync();
        assertThat(risk(data).critical()).isEqualTo(1);
        estate.findings.clear();
        sync();
        assertThat(risk(data).score()).isZero();
        assertThat(tightrope.inventory().list(AssetFilter.all().withConcern(RiskConcern.ANY), null, 10)).isEmpty();
    }

    @Test
    void nothingChangedIsNothingToCompute() {
        estate.add(AssetKind.DEPLOYMENT, "prod/api");
        sync();
        assertThat(tightrope.risk().refresh().computed()).isZero();
        sync();
        assertThat(tightrope.risk().refresh().computed()).isZero();
    }

    /** The stored score (SQL) and the explained score (Java) are the same sum of the same weights, on random estates. */
    @Test
    void theScoreIsTheSumOfItsReasonsOnRandomEstates() {
        long seed = 20261207L;
        Random random = new Random(seed);
        AssetKind[] kinds = {AssetKind.DEPLOYMENT, AssetKind.MODEL_VERSION, AssetKind.DATASET, AssetKind.MCP_SERVER,
            AssetKind.MODEL_ARTIFACT, AssetKind.CONTAINER_IMAGE};
        String[] classes = {"unregistered", "name-only", "approved-unpinned", "approved"};
        for (int i = 0; i < 80; i++) {
            AssetKind kind = kinds[random.nextInt(kinds.length)];
            String cls = classes[random.nextInt(classes.length)];
            Urn u = estate.add(kind, "a" + i, b -> kind == AssetKind.MCP_SERVER ? b.property("classification", cls) : b);
            if (random.nextBoolean()) {
                estate.own(u, "team" + random.nextInt(4));
            }
            int findings = random.nextInt(4);
            for (int f = 0; f < findings; f++) {
                estate.find(u, Severity.values()[random.nextInt(Severity.values().length)], "rule.r" + f);
            }
        }
        sync();
        RiskDashboard d = tightrope.risk().dashboard();
        assertThat(d.top()).as("seed %d", seed).isNotEmpty();
        for (RiskDashboard.RankedAsset a : d.top()) {
            int sum = Math.min(RiskScore.MAX, a.reasons().stream().mapToInt(RiskScore.Item::points).sum());
            assertThat(a.score()).as("seed %d, %s", seed, a.asset().urn()).isEqualTo(sum);
            assertThat(risk(Urn.parse(a.asset().urn())).score()).isEqualTo(sum);
        }
        long risky = d.assetsByRisk().values().stream().mapToLong(Long::longValue).sum();
        assertThat(tightrope.inventory().count(AssetFilter.all().withConcern(RiskConcern.ANY))).isEqualTo(risky);
    }

    @Test
    void theTrendKeepsADayAsItEnded() {
        // early in a day, so that three hours later is still the same day
        Instant now = clock.instant();
        clock.advance(Duration.between(now, now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1).plusHours(1))));
        Urn data = estate.add(AssetKind.DATASET, "features");
        estate.find(data, Severity.HIGH, "data.poisoned");
        sync();
        clock.advance(Duration.ofHours(3));
        estate.find(data, Severity.HIGH, "data.pii");
        sync();
        clock.advance(Duration.ofDays(1));
        estate.findings.clear();
        sync();
        List<RiskDashboard.Snapshot> trend = tightrope.risk().dashboard().trend();
        assertThat(trend).hasSize(2);
        assertThat(trend.get(0).openFindings().get(Severity.HIGH)).isEqualTo(2);
        assertThat(trend.get(1).openFindings().get(Severity.HIGH)).isZero();
    }

    @Test
    void anAcceptedFindingStopsCountingUntilItsAcceptanceEnds() {
        Urn data = estate.add(AssetKind.DATASET, "features");
        estate.find(data, Severity.CRITICAL, "data.backdoor");
        sync();
        assertThat(risk(data).critical()).isEqualTo(1);
        long id = tightrope.findings().list(data, dev.tightrope.domain.FindingStatus.OPEN, 10).get(0).id();
        tightrope.findings().acceptFor(id, "the column with the trigger is dropped before training", Duration.ofDays(10));
        assertThat(risk(data).critical()).isZero();
        assertThat(tightrope.risk().dashboard().expiringAcceptances()).isEqualTo(1);
        clock.advance(Duration.ofDays(11));
        // no sync and no other read first: the risk read itself reopens what expired
        assertThat(risk(data).critical()).isEqualTo(1);
        assertThat(tightrope.risk().dashboard().expiringAcceptances()).isZero();
    }

    @Test
    void aDeploymentOfARejectedReleaseCarriesTheRejectionRatherThanTheMissingApproval() {
        Urn image = estate.add(AssetKind.CONTAINER_IMAGE, "api:2", b -> b.digest(Digest.sha256("07".repeat(32))));
        Urn deployment = estate.add(AssetKind.DEPLOYMENT, "prod/api");
        estate.edges.add(new Edge(image, deployment, EdgeType.DEPLOYED_AS));
        estate.own(deployment, "payments");
        sync();
        assertThat(risk(deployment).release()).isEqualTo(RiskScore.Release.UNAPPROVED);
        dev.tightrope.trust.keys.FastKeys.generate(tightrope.workspace().keysDirectory(), "ravi", "ravi-passphrase");
        Path org = dir.resolve("org").resolve("reviewers.json");
        TrustService.addReviewer(org, "ravi", tightrope.trust().publicKeyPem("ravi"), "ravi@kestrel.example", List.of("security"));
        tightrope.trust().useReviewedTrustStore(org);
        tightrope.approvals().sign(new ApprovalService.SignRequest(image.toString(), ReviewDecision.REJECTED,
                "promote:production", "the image ships a pickle payload", null), "ravi", "ravi-passphrase".toCharArray());

        // no sync: a signed decision is judged when the risk is read
        RiskScore r = risk(deployment);
        assertThat(r.release()).isEqualTo(RiskScore.Release.REJECTED);
        assertThat(reasons(r)).contains(RiskReason.DEPLOYED_REJECTED).doesNotContain(RiskReason.DEPLOYED_UNAPPROVED);
        assertThat(r.score()).isEqualTo(RiskReason.DEPLOYED_REJECTED.points());
        assertThat(tightrope.risk().dashboard().deploymentsRejected()).isEqualTo(1);
    }

    @Test
    void theDashboardIsReadAgainWhenAnythingWritesToTheCacheHereOrInAnotherProcess() throws Exception {
        Urn deployment = estate.add(AssetKind.DEPLOYMENT, "prod/api");
        estate.add(AssetKind.MODEL, "scorer");
        sync();
        RiskDashboard first = tightrope.risk().dashboard();
        assertThat(first.accountableUnowned()).isEqualTo(2);
        assertThat(tightrope.risk().dashboard().accountableUnowned()).isEqualTo(2);

        tightrope.inventory().assignOwner(deployment, "payments", OwnerType.TEAM, OwnerRole.TECHNICAL_OWNER, "lead");
        assertThat(tightrope.risk().dashboard().accountableUnowned()).isEqualTo(1);

        // another process (the command line, say) on the same workspace removes the owner
        try (Tightrope other = Tightrope.open(dir.resolve("ws"), ConnectorRegistry.defaults().with(fixture()), clock)) {
            assertThat(other.inventory().removeManualOwner(deployment, "payments", OwnerRole.TECHNICAL_OWNER)).isTrue();
        }
        assertThat(tightrope.risk().dashboard().accountableUnowned()).isEqualTo(2);
    }

    /**
     * The dashboard's running totals, kept by each refresh from what it recomputed, equal the
     * figures counted from scratch (the migration that introduced them, run again on a copy)
     * through random syncs, gone and returning assets, owner edits, triage and a removed source.
     */
    @Test
    void theRunningTotalsEqualTheFiguresCountedFromScratch() throws Exception {
        long seed = 20261208L;
        Random random = new Random(seed);
        AssetKind[] kinds = {AssetKind.DEPLOYMENT, AssetKind.MODEL_VERSION, AssetKind.MODEL, AssetKind.DATASET, AssetKind.MCP_SERVER,
            AssetKind.MODEL_ARTIFACT, AssetKind.CONTAINER_IMAGE};
        List<Asset> all = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            AssetKind kind = kinds[random.nextInt(kinds.length)];
            Urn u = estate.add(kind, "a" + i, b -> kind == AssetKind.MCP_SERVER ? b.property("classification", "unregistered") : b);
            if (random.nextInt(3) == 0) {
                estate.own(u, "team" + random.nextInt(3));
            }
            for (int f = random.nextInt(3); f > 0; f--) {
                estate.find(u, Severity.values()[random.nextInt(Severity.values().length)], "rule.r" + f);
            }
            if (i > 0 && random.nextInt(4) == 0) {
                // a reference to an asset nobody reports: a stub
                estate.edges.add(new Edge(u, Urn.of(AssetKind.DEPLOYMENT, "fixture", "elsewhere" + i), EdgeType.DEPLOYED_AS));
            }
        }
        all.addAll(estate.assets);
        sync();
        tightrope.sources().add(new SourceConfig("fx2", "fixture", Map.of()));
        tightrope.sources().sync("fx2", true, SyncListener.NONE, new dev.tightrope.domain.Cancellation());
        assertSameAsFromScratch(seed);
        for (int round = 0; round < 6; round++) {
            for (int e = 0; e < 4; e++) {
                Asset a = all.get(random.nextInt(all.size()));
                switch (random.nextInt(4)) {
                    case 0 -> tightrope.inventory().assignOwner(a.urn(), "hand" + random.nextInt(2), OwnerType.TEAM,
                            OwnerRole.TECHNICAL_OWNER, "lead");
                    case 1 -> tightrope.inventory().removeManualOwner(a.urn(), "hand0", OwnerRole.TECHNICAL_OWNER);
                    case 2 -> estate.assets.remove(a);
                    default -> {
                        if (!estate.assets.contains(a)) {
                            estate.assets.add(a);
                        }
                    }
                }
            }
            if (random.nextBoolean()) {
                estate.findings.removeIf(f -> random.nextInt(5) == 0);
            }
            sync();
            assertSameAsFromScratch(seed);
        }
        assertThat(tightrope.sources().remove("fx")).isTrue();
        assertSameAsFromScratch(seed);
        assertThat(tightrope.risk().dashboard().assets()).isEqualTo(tightrope.inventory().count(AssetFilter.all()));
    }

    private void assertSameAsFromScratch(long seed) throws Exception {
        RiskDashboard kept = tightrope.risk().dashboard();
        tightrope.close();
        Path copy = dir.resolve("copy" + System.nanoTime());
        java.nio.file.Files.createDirectories(copy);
        try (var files = java.nio.file.Files.list(dir.resolve("ws"))) {
            for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                java.nio.file.Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + copy.resolve("cache.db"));
             java.sql.Statement s = c.createStatement()) {
            s.execute("DROP TABLE estate_facts");
            s.execute("DROP TABLE estate_kinds");
            s.execute("DROP TABLE risk_kinds");
            s.execute("DROP TABLE risk_teams");
            s.execute("ALTER TABLE risk DROP COLUMN owners");
            s.execute("PRAGMA user_version = 6");
        }
        try (Tightrope scratch = Tightrope.open(copy, ConnectorRegistry.defaults().with(fixture()), clock)) {
            RiskDashboard counted = scratch.risk().dashboard();
            assertThat(kept).as("seed %d", seed).usingRecursiveComparison().ignoringFields("trend").isEqualTo(counted);
            assertThat(kept.assets()).as("seed %d", seed).isEqualTo(scratch.inventory().count(AssetFilter.all()));
            assertThat(kept.unowned()).as("seed %d", seed).isEqualTo(scratch.inventory().count(AssetFilter.all().withUnowned(true)));
        }
        tightrope = Tightrope.open(dir.resolve("ws"), ConnectorRegistry.defaults().with(fixture()), clock);
    }

    @Test
    void anInheritedOwnerIsNotTheAssetsOwnOnTheDashboardAsInTheInventory() {
        Urn image = estate.add(AssetKind.CONTAINER_IMAGE, "api:3");
        Urn deployment = estate.add(AssetKind.DEPLOYMENT, "prod/api");
        estate.edges.add(new Edge(image, deployment, EdgeType.DEPLOYED_AS));
        estate.own(image, "payments");
        sync();
        assertThat(tightrope.ownership().setInheritance(true)).isPositive();

        RiskDashboard d = tightrope.risk().dashboard();
        assertThat(d.unowned()).isEqualTo(1).isEqualTo(tightrope.inventory().count(AssetFilter.all().withUnowned(true)));
        assertThat(reasons(risk(deployment))).contains(RiskReason.NO_OWNER);
        assertThat(d.byTeam()).filteredOn(r -> r.key() == null).singleElement().satisfies(r -> assertThat(r.risky()).isEqualTo(1));
    }

    @Test
    void anAssetTheSourceReportsAgainUnchangedCarriesItsRiskAgain() {
        Urn deployment = estate.add(AssetKind.DEPLOYMENT, "prod/api");
        sync();
        assertThat(reasons(risk(deployment))).contains(RiskReason.DEPLOYED_UNAPPROVED, RiskReason.NO_OWNER);
        Asset kept = estate.assets.remove(0);
        sync();
        assertThat(tightrope.risk().dashboard().deploymentsUnapproved()).isZero();

        estate.assets.add(kept);
        sync();
        assertThat(reasons(risk(deployment))).contains(RiskReason.DEPLOYED_UNAPPROVED, RiskReason.NO_OWNER);
        assertThat(tightrope.risk().dashboard().deploymentsUnapproved()).isEqualTo(1);
    }
}
