package dev.tightrope.store;

import static dev.tightrope.store.StoreFixture.asset;
import static dev.tightrope.store.StoreFixture.dataset;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.ImpactSet;
import dev.tightrope.domain.LineageGraph;
import dev.tightrope.domain.OwnerClaim;
import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.SyncMode;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.IngestStore.IngestSession;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Impact sets and paths over a real cache: against a reference walk on generated graphs, with cycles and caps. */
class LineageQueriesTest {

    @TempDir
    Path dir;

    private static void sync(StoreFixture f, Consumer<IngestSession> records) {
        try (IngestSession s = f.ingest.begin(f.source)) {
            records.accept(s);
            s.commit(SyncMode.FULL, null);
        }
    }

    private static Urn n(int i) {
        return dataset("n" + i);
    }

    @Test
    void theImpactSetIsEverythingDownstreamOnceEachOnGeneratedGraphs() {
        int cyclesSeen = 0;
        for (long seed = 1; seed <= 8; seed++) { // seeded, replayable graphs, cycles included
            Random random = new Random(seed);
            int size = 60 + random.nextInt(60);
            List<int[]> edges = new ArrayList<>();
            for (int i = 0; i < size * 2; i++) {
                int a = random.nextInt(size);
                int b = random.nextInt(size);
                if (a != b) {
                    edges.add(new int[] {a, b});
                }
            }
            try (StoreFixture f = new StoreFixture(dir.resolve("s" + seed))) {
                sync(f, s -> {
                    for (int i = 0; i < size; i++) {
                        s.asset(asset(n(i), null));
                    }
                    for (int[] e : edges) {
                        s.edge(new Edge(n(e[0]), n(e[1]), EdgeType.READS));
                    }
                });
                LineageRepository lineage = new LineageRepository(f.db);
                for (int root = 0; root < size; root += 7) {
                    Map<Integer, Integer> expected = reference(edges, root);
                    ImpactSet impact = lineage.impact(n(root), 10_000).orElseThrow();
                    Map<String, Integer> got = new HashMap<>();
                    impact.items().forEach(i -> got.put(i.urn(), i.depth()));
                    Map<String, Integer> want = new HashMap<>();
                    expected.forEach((k, d) -> want.put(n(k).toString(), d));
                    assertThat(got).as("seed %d root %d", seed, root).isEqualTo(want);
                    assertThat(impact.truncated()).isFalse();
                    // a cycle edge goes back into the walk's own ancestry
                    // a cycle edge goes back to an asset nearer the root (an ancestor), never sideways or on
                    String rootUrn = n(root).toString();
                    for (var c : impact.cycleEdges()) {
                        int to = c.downstream().equals(rootUrn) ? 0 : got.get(c.downstream());
                        assertThat(to).as("seed %d root %d: %s", seed, root, c).isLessThanOrEqualTo(got.get(c.upstream()));
                    }
                    cyclesSeen += impact.cycleEdges().size();
                }
            }
        }
        assertThat(cyclesSeen).as("random graphs this dense have cycles; some were found").isPositive();
    }

    /** Breadth-first distances from root, excluding root: the answer the store must give. */
    private static Map<Integer, Integer> reference(List<int[]> edges, int root) {
        Map<Integer, List<Integer>> out = new HashMap<>();
        edges.forEach(e -> out.computeIfAbsent(e[0], k -> new ArrayList<>()).add(e[1]));
        Map<Integer, Integer> depth = new HashMap<>();
        depth.put(root, 0);
        Deque<Integer> queue = new ArrayDeque<>(List.of(root));
        while (!queue.isEmpty()) {
            int x = queue.poll();
            for (int y : out.getOrDefault(x, List.of())) {
                if (!depth.containsKey(y)) {
                    depth.put(y, depth.get(x) + 1);
                    queue.add(y);
                }
            }
        }
        depth.remove(root);
        return depth;
    }

    @Test
    void aCycleIsReportedNotFollowedAndOwnersAndDeploymentsAreListed() {
        try (StoreFixture f = new StoreFixture(dir)) {
            Urn deployment = Urn.of(AssetKind.DEPLOYMENT, "openlineage", "k8s://prod/fraud");
            sync(f, s -> {
                for (int i = 0; i < 4; i++) {
                    s.asset(asset(n(i), null));
                }
                s.asset(asset(deployment, null));
                s.edge(new Edge(n(0), n(1), EdgeType.READS));
                s.edge(new Edge(n(1), n(2), EdgeType.READS));
                s.edge(new Edge(n(2), n(0), EdgeType.READS)); // back to the root
                s.edge(new Edge(n(2), n(3), EdgeType.READS));
                s.edge(new Edge(n(1), n(3), EdgeType.READS)); // a diamond, not a cycle
                s.edge(new Edge(n(3), deployment, EdgeType.DEPLOYED_AS));
                s.owner(OwnerClaim.fromSource(n(3), "team:fraud-ml", null, OwnerRole.TECHNICAL_OWNER));
                s.owner(OwnerClaim.fromSource(n(3), "ana@kestrel.example", null, OwnerRole.TECHNICAL_OWNER));
            });
            ImpactSet impact = new LineageRepository(f.db).impact(n(0), 100).orElseThrow();
            assertThat(impact.items()).extracting(i -> i.urn() + " @" + i.depth())
                    .containsExactlyInAnyOrder(n(1) + " @1", n(2) + " @2", n(3) + " @2", deployment + " @3");
            assertThat(impact.cycleEdges()).singleElement().satisfies(c -> {
                assertThat(c.upstream()).isEqualTo(n(2).toString());
                assertThat(c.downstream()).isEqualTo(n(0).toString());
            });
            assertThat(impact.deployments()).extracting(ImpactSet.Item::urn).containsExactly(deployment.toString());
            assertThat(impact.items()).filteredOn(i -> i.urn().equals(n(3).toString())).singleElement()
                    .satisfies(i -> assertThat(i.owners()).isEqualTo("ana@kestrel.example, fraud-ml"));
            assertThat(impact.unowned()).extracting(ImpactSet.Item::urn).contains(n(1).toString(), deployment.toString());
            assertThat(impact.byKind()).containsOnlyKeys(AssetKind.DATASET, AssetKind.DEPLOYMENT);

            // the cap stops the walk and says so
            ImpactSet capped = new LineageRepository(f.db).impact(n(0), 2).orElseThrow();
            assertThat(capped.truncated()).isTrue();
            assertThat(capped.items()).hasSizeLessThanOrEqualTo(2);
            assertThat(new LineageRepository(f.db).impact(dataset("unknown"), 10)).isEmpty();
        }
    }

    @Test
    void aLevelWiderThanOneBatchedQueryIsWalkedWhole() {
        // 2,500 children of one root, each two of them feeding a grandchild; the first grandchild feeds the root
        int children = 2_500;
        try (StoreFixture f = new StoreFixture(dir)) {
            sync(f, s -> {
                s.asset(asset(n(0), null));
                for (int i = 0; i < children; i++) {
                    s.asset(asset(dataset("c" + i), null));
                    s.edge(new Edge(n(0), dataset("c" + i), EdgeType.READS));
                }
                for (int i = 0; i < children / 2; i++) {
                    s.asset(asset(dataset("g" + i), null));
                    s.edge(new Edge(dataset("c" + 2 * i), dataset("g" + i), EdgeType.READS));
                    s.edge(new Edge(dataset("c" + (2 * i + 1)), dataset("g" + i), EdgeType.READS));
                }
                s.edge(new Edge(dataset("g0"), n(0), EdgeType.READS));
            });
            LineageRepository lineage = new LineageRepository(f.db);

            ImpactSet impact = lineage.impact(n(0), 10_000).orElseThrow();
            assertThat(impact.items()).hasSize(children + children / 2);
            assertThat(impact.items()).filteredOn(i -> i.depth() == 1).hasSize(children);
            assertThat(impact.items()).filteredOn(i -> i.depth() == 2).hasSize(children / 2);
            assertThat(impact.cycleEdges()).extracting(l -> l.upstream() + ">" + l.downstream())
                    .containsExactly(dataset("g0") + ">" + n(0));
            ImpactSet capped = lineage.impact(n(0), 3_000).orElseThrow();
            assertThat(capped.truncated()).isTrue();
            assertThat(capped.items()).hasSize(3_000).filteredOn(i -> i.depth() == 1).hasSize(children);

            LineageGraph walk = lineage.walk(n(0), LineageGraph.Direction.DOWNSTREAM, 2, 10_000).orElseThrow();
            assertThat(walk.truncated()).isFalse();
            assertThat(walk.nodes()).hasSize(1 + children + children / 2);
            assertThat(walk.edges()).as("the grandchildren are at the depth limit: their edge back is not followed")
                    .hasSize(2 * children);
            LineageGraph cappedWalk = lineage.walk(n(0), LineageGraph.Direction.DOWNSTREAM, 2, 1_000).orElseThrow();
            assertThat(cappedWalk.truncated()).isTrue();
            assertThat(cappedWalk.nodes()).hasSize(1_000);

            assertThat(lineage.path(n(0), dataset("g" + (children / 2 - 1)), 100).orElseThrow().edges()).hasSize(2);
        }
    }

    @Test
    void aPathIsTheShortestChainInWhicheverDirectionConnects() {
        try (StoreFixture f = new StoreFixture(dir)) {
            sync(f, s -> {
                for (int i = 0; i < 8; i++) {
                    s.asset(asset(n(i), null));
                }
                // long way 0-1-2-3-4, short cut 0-5-4, 6 unconnected, 7 only upstream of 0
                for (int[] e : new int[][] {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {0, 5}, {5, 4}, {7, 0}}) {
                    s.edge(new Edge(n(e[0]), n(e[1]), EdgeType.READS));
                }
            });
            LineageRepository lineage = new LineageRepository(f.db);
            LineageGraph forward = lineage.path(n(0), n(4), 100).orElseThrow();
            assertThat(forward.edges()).extracting(l -> l.upstream() + ">" + l.downstream())
                    .containsExactly(n(0) + ">" + n(5), n(5) + ">" + n(4));
            assertThat(forward.nodes()).extracting(LineageGraph.Node::urn).containsExactly(n(0).toString(), n(5).toString(), n(4).toString());
            // asked the other way round: the chain still runs upstream to downstream
            LineageGraph backward = lineage.path(n(4), n(7), 100).orElseThrow();
            assertThat(backward.edges()).extracting(l -> l.upstream() + ">" + l.downstream())
                    .containsExactly(n(7) + ">" + n(0), n(0) + ">" + n(5), n(5) + ">" + n(4));
            assertThat(lineage.path(n(0), n(6), 100).orElseThrow().edges()).isEmpty();
            assertThat(lineage.path(n(0), n(3), 2).orElseThrow().edges()).as("beyond the hop limit").isEmpty();
            assertThat(lineage.path(n(0), dataset("unknown"), 100)).isEmpty();
            Set<String> all = new HashSet<>();
            forward.nodes().forEach(x -> all.add(x.urn()));
            assertThat(all).hasSize(3);
        }
    }
}
