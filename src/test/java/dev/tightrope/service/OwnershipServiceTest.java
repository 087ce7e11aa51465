package dev.tightrope.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AuditQuery;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.OwnerAssignment;
import dev.tightrope.domain.OwnerClaim;
import dev.tightrope.domain.OwnerConflict;
import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.OwnerType;
import dev.tightrope.domain.OwnershipCoverage;
import dev.tightrope.domain.Provenance;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.RecordSink;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.sync.Connector;
import dev.tightrope.sync.ConnectorFactory;
import dev.tightrope.sync.ConnectorRegistry;
import dev.tightrope.sync.SyncContext;
import dev.tightrope.sync.SyncResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The owner rules file at sync and on demand, inheritance along lineage, conflicts, bulk assignment and coverage. */
class OwnershipServiceTest {

    static final Urn FRAUD = Urn.of(AssetKind.MODEL, "fixture", "fraud");
    static final Urn TXNS = Urn.of(AssetKind.DATASET, "fixture", "txns");
    static final Urn ENDPOINT = Urn.of(AssetKind.DEPLOYMENT, "fixture", "fraud-endpoint");
    static final Urn MONITOR = Urn.of(AssetKind.DEPLOYMENT, "fixture", "fraud-monitor");
    static final Urn SCRATCH = Urn.of(AssetKind.NOTEBOOK, "fixture", "scratch");

    @TempDir
    Path dir;

    /** The tags the registry reports on the scratch notebook at its next sync. */
    List<String> scratchTags = List.of();

    /**
     * "registry": a model owned by ana (source metadata), its dataset (property bucket), a
     * deployment of the model and a monitor of the deployment (both unowned), a scratch notebook.
     * "catalog": the same model, claimed by bob.
     */
    ConnectorFactory fixture() {
        return new ConnectorFactory() {
            @Override
            public String type() {
                return "fixture";
            }

            @Override
            public String description() {
                return "ownership fixture";
            }

            @Override
            public List<SettingSpec> settings() {
                return List.of(new SettingSpec("variant", "registry or catalog", true, false));
            }

            @Override
            public Connector create(SourceConfig config) {
                return (SyncContext context, RecordSink sink) -> {
                    if (config.setting("variant").equals("catalog")) {
                        sink.asset(Asset.builder(FRAUD, "fraud").build());
                        sink.owner(OwnerClaim.fromSource(FRAUD, "bob@acme.example", null, OwnerRole.TECHNICAL_OWNER));
                        return SyncResult.full(null);
                    }
                    sink.asset(Asset.builder(FRAUD, "fraud").tags(List.of("pii")).property("team", "fraud-ml").build());
                    sink.owner(OwnerClaim.fromSource(FRAUD, "ana@acme.example", null, OwnerRole.TECHNICAL_OWNER));
                    sink.asset(Asset.builder(TXNS, "txns").property("bucket", "s3://prod/txns").build());
                    sink.asset(Asset.builder(ENDPOINT, "fraud-endpoint").build());
                    sink.asset(Asset.builder(MONITOR, "fraud-monitor").build());
                    sink.asset(Asset.builder(SCRATCH, "scratch").tags(scratchTags).build());
                    sink.edge(new Edge(TXNS, FRAUD, EdgeType.TRAINED_ON));
                    sink.edge(new Edge(FRAUD, ENDPOINT, EdgeType.DEPLOYED_AS));
                    sink.edge(new Edge(ENDPOINT, MONITOR, EdgeType.USES));
                    return SyncResult.full(null);
                };
            }
        };
    }

    Tightrope open() {
        return Tightrope.open(dir.resolve("ws"), ConnectorRegistry.defaults().with(fixture()));
    }

    static void sync(Tightrope t, String source) {
        t.sources().sync(source, true, SyncListener.NONE, new Cancellation());
    }

    static Tightrope withRegistry(Tightrope t) {
        t.sources().add(new SourceConfig("registry", "fixture", Map.of("variant", "registry")));
        return t;
    }

    void writeRules(Tightrope t, String text) throws Exception {
        Files.writeString(t.ownership().rulesFile(), text);
    }

    static List<OwnerAssignment> owners(Tightrope t, Urn urn) {
        return t.inventory().find(urn).orElseThrow().owners();
    }

    static List<String> ownerNames(Tightrope t, Urn urn) {
        return owners(t, urn).stream().map(OwnerAssignment::owner).sorted().toList();
    }

    @Test
    void rulesMatchOnUrnSourceTagAndPropertyAndAreAppliedAtSync() throws Exception {
        try (Tightrope t = withRegistry(open())) {
            writeRules(t, """
                    # who owns what
                    source:registry                team:registry-admins role=steward
                    tr:deployment:fixture:*        team:serving
                    tag:pii                        privacy@acme.example role=business_owner
                    property:bucket=s3://prod/*    team:data-eng
                    """);
            sync(t, "registry");

            assertThat(ownerNames(t, ENDPOINT)).containsExactly("serving");
            assertThat(ownerNames(t, SCRATCH)).containsExactly("registry-admins");
            OwnerAssignment privacy = owners(t, FRAUD).stream().filter(o -> o.owner().equals("privacy@acme.example")).findFirst().orElseThrow();
            assertThat(privacy.provenance()).isEqualTo(Provenance.RULE);
            assertThat(privacy.role()).isEqualTo(OwnerRole.BUSINESS_OWNER);
            assertThat(privacy.type()).isEqualTo(OwnerType.PERSON);
            assertThat(privacy.origin()).isEqualTo("owners.rules:4");
            assertThat(ownerNames(t, TXNS)).containsExactly("data-eng");
            assertThat(owners(t, TXNS).get(0).origin()).isEqualTo("owners.rules:5");
            assertThat(t.inventory().search("serving", 10).total()).isEqualTo(2);
        }
    }

    @Test
    void theLastMatchingRuleWinsAndAnOwnerlessRuleLeavesNoRuleOwner() throws Exception {
        try (Tightrope t = withRegistry(open())) {
            writeRules(t, """
                    tr:*                       team:everyone
                    tr:deployment:*            team:serving
                    tr:deployment:*:*monitor   team:observability
                    tr:notebook:*
                    """);
            sync(t, "registry");

            assertThat(ownerNames(t, ENDPOINT)).containsExactly("serving");
            assertThat(ownerNames(t, MONITOR)).containsExactly("observability");
            assertThat(ownerNames(t, TXNS)).containsExactly("everyone");
            assertThat(owners(t, SCRATCH)).isEmpty();
        }
    }

    @Test
    void rulesAreReappliedOnDemandAndAtTheNextSyncOfWhatChanged() throws Exception {
        try (Tightrope t = withRegistry(open())) {
            writeRules(t, "tag:lab team:research\n");
            sync(t, "registry");
            assertThat(owners(t, SCRATCH)).isEmpty();

            scratchTags = List.of("lab");
            sync(t, "registry");
            assertThat(ownerNames(t, SCRATCH)).containsExactly("research");

            writeRules(t, "# moved down a line\ntag:lab team:analytics\n");
            var outcome = t.ownership().applyRules();
            assertThat(outcome.applied()).isTrue();
            assertThat(outcome.result().changed()).isEqualTo(1);
            assertThat(ownerNames(t, SCRATCH)).containsExactly("analytics");
            assertThat(owners(t, SCRATCH).get(0).origin()).isEqualTo("owners.rules:2");
            assertThat(t.inventory().search("research", 10).total()).isZero();
            assertThat(t.inventory().search("analytics", 10).total()).isEqualTo(1);
            assertThat(t.audit().entries(new AuditQuery(null, "owners.rules_apply", null, null, null, 0, 5)))
                    .singleElement().satisfies(e -> assertThat(e.event().details()).containsEntry("changed", "1"));
        }
    }

    @Test
    void aRulesFileWithAnErrorNamesFileAndLineAndAppliesNothing() throws Exception {
        try (Tightrope t = withRegistry(open())) {
            writeRules(t, "tr:deployment:* team:serving\n");
            sync(t, "registry");
            writeRules(t, """
                    tr:deployment:* team:platform
                    sorce:registry team:x
                    tag:pii ana role=boss
                    """);

            var outcome = t.ownership().applyRules();
            assertThat(outcome.applied()).isFalse();
            assertThat(outcome.errors()).containsExactly(
                    "owners.rules:2: 'sorce:registry' is not a pattern: write a URN glob (tr:…), source:NAME, tag:TAG or property:KEY=GLOB",
                    "owners.rules:3: unknown role 'boss' (technical_owner, business_owner or steward)");
            assertThat(ownerNames(t, ENDPOINT)).containsExactly("serving");
            sync(t, "registry");
            assertThat(ownerNames(t, ENDPOINT)).containsExactly("serving");
        }
    }

    @Test
    void inheritanceIsOffUntilTurnedOnThenFollowsLineageToTheNearestOwnerAndShowsItAsInherited() {
        try (Tightrope t = withRegistry(open())) {
            sync(t, "registry");
            assertThat(t.ownership().inheritanceOn()).isFalse();
            assertThat(owners(t, ENDPOINT)).isEmpty();

            t.ownership().setInheritance(true);
            OwnerAssignment inherited = owners(t, ENDPOINT).get(0);
            assertThat(inherited.owner()).isEqualTo("ana@acme.example");
            assertThat(inherited.provenance()).isEqualTo(Provenance.INHERITED);
            assertThat(inherited.origin()).isEqualTo("lineage, inherited via " + FRAUD);
            // two edges up, through the unowned endpoint
            assertThat(owners(t, MONITOR)).extracting(OwnerAssignment::claimedBy).containsExactly(FRAUD.toString());
            // upstream only: the dataset the model was trained on does not inherit from it
            assertThat(owners(t, TXNS)).isEmpty();
            OwnershipCoverage.KindCoverage deployments = t.ownership().coverage().kinds().stream()
                    .filter(k -> k.kind() == AssetKind.DEPLOYMENT).findFirst().orElseThrow();
            assertThat(deployments.owned()).isZero();
            assertThat(deployments.inheritedOnly()).isEqualTo(2);

            // the endpoint gets an owner of its own: the monitor now inherits from the nearer one
            t.inventory().assignOwner(ENDPOINT, "team-serving", OwnerType.TEAM, OwnerRole.TECHNICAL_OWNER, "dana");
            assertThat(owners(t, MONITOR)).extracting(OwnerAssignment::owner).containsExactly("team-serving");
            assertThat(ownerNames(t, ENDPOINT)).containsExactly("team-serving");

            assertThat(t.inventory().count(AssetFilter.all().withUnowned(true))).isEqualTo(3);
            t.ownership().setInheritance(false);
            assertThat(owners(t, MONITOR)).isEmpty();
            assertThat(t.inventory().search("ana", 10).total()).isEqualTo(1);
        }
    }

    @Test
    void conflictingClaimsFromTwoSourcesAreListedKeptAndResolvedByTheUsersChoice() {
        try (Tightrope t = withRegistry(open())) {
            t.sources().add(new SourceConfig("catalog", "fixture", Map.of("variant", "catalog")));
            sync(t, "registry");
            sync(t, "catalog");

            List<OwnerConflict> conflicts = t.ownership().conflicts(10);
            assertThat(conflicts).singleElement().satisfies(c -> {
                assertThat(c.urn()).isEqualTo(FRAUD.toString());
                assertThat(c.role()).isEqualTo(OwnerRole.TECHNICAL_OWNER);
                assertThat(c.claims()).extracting(OwnerAssignment::origin)
                        .containsExactlyInAnyOrder("source metadata (registry)", "source metadata (catalog)");
            });
            assertThat(t.ownership().conflictCount()).isEqualTo(1);
            assertThat(ownerNames(t, FRAUD)).containsExactly("ana@acme.example", "bob@acme.example");
            assertThatThrownBy(() -> t.ownership().resolveConflict(FRAUD, OwnerRole.TECHNICAL_OWNER, "carol", "dana"))
                    .hasMessageContaining("not one of the conflicting claims");

            assertThat(t.ownership().resolveConflict(FRAUD, OwnerRole.TECHNICAL_OWNER, "bob@acme.example", "dana")).isTrue();
            assertThat(t.ownership().conflicts(10)).isEmpty();
            assertThat(owners(t, FRAUD)).filteredOn(o -> o.provenance() == Provenance.MANUAL)
                    .extracting(OwnerAssignment::owner).containsExactly("bob@acme.example");
            var resolved = t.audit().entries(new AuditQuery(null, "owner.resolve", null, null, null, 0, 5));
            assertThat(resolved).singleElement().satisfies(e -> {
                assertThat(e.event().actor()).isEqualTo("dana");
                assertThat(e.event().details()).containsEntry("owner", "bob@acme.example")
                        .containsEntry("rejected", "ana@acme.example (source metadata (registry))");
            });
            sync(t, "registry");
            sync(t, "catalog");
            assertThat(t.ownership().conflicts(10)).isEmpty();
        }
    }

    @Test
    void aRuleNamingAnotherOwnerThanTheSourceIsAConflictToo() throws Exception {
        try (Tightrope t = withRegistry(open())) {
            writeRules(t, "property:team=fraud-ml team:fraud-ml\n");
            sync(t, "registry");
            assertThat(t.ownership().conflicts(10)).singleElement().satisfies(c -> assertThat(c.claims())
                    .extracting(OwnerAssignment::origin).containsExactlyInAnyOrder("source metadata (registry)", "owners.rules:1"));
        }
    }

    @Test
    void bulkAssignmentCoversEveryAssetTheFilterMatchesAndIsAuditedOnce() {
        try (Tightrope t = withRegistry(open())) {
            sync(t, "registry");
            AssetFilter unowned = AssetFilter.all().withUnowned(true);
            assertThat(t.ownership().count(unowned)).isEqualTo(4);
            List<Long> progress = new ArrayList<>();

            long added = t.ownership().assign(unowned, "ml-platform", OwnerType.TEAM, OwnerRole.STEWARD, "dana", progress::add);

            assertThat(added).isEqualTo(4);
            assertThat(progress).containsExactly(4L);
            assertThat(t.ownership().count(unowned)).isZero();
            assertThat(owners(t, SCRATCH)).singleElement().satisfies(o -> {
                assertThat(o.provenance()).isEqualTo(Provenance.MANUAL);
                assertThat(o.claimedBy()).isEqualTo("dana");
            });
            var entries = t.audit().entries(new AuditQuery(null, "owners.assign", null, null, null, 0, 5));
            assertThat(entries).singleElement().satisfies(e -> assertThat(e.event().details())
                    .containsEntry("assigned", "4").containsEntry("filter", "unowned").containsEntry("owner", "ml-platform"));
            assertThat(t.audit().entries(new AuditQuery(null, "owner.assign", null, null, null, 0, 5))).isEmpty();
        }
    }

    @Test
    void coverageCountsDirectOwnersByKindAndByOwner() throws Exception {
        try (Tightrope t = withRegistry(open())) {
            writeRules(t, "tr:deployment:* team:serving\n");
            sync(t, "registry");

            OwnershipCoverage cov = t.ownership().coverage();
            assertThat(cov.total()).isEqualTo(5);
            assertThat(cov.owned()).isEqualTo(3);
            assertThat(cov.kinds()).extracting(k -> k.kind().token() + " " + k.owned() + "/" + k.total())
                    .containsExactly("dataset 0/1", "deployment 2/2", "model 1/1", "notebook 0/1");
            assertThat(cov.owners()).extracting(o -> o.owner() + " " + o.assets())
                    .containsExactly("serving 2", "ana@acme.example 1");
        }
    }
}
