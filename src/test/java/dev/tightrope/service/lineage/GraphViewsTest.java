package dev.tightrope.service.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.LineageGraph;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What the lineage view shows of generated graphs: depth, grouping, filters, cycles, determinism. Seeded and replayable. */
class GraphViewsTest {
    private static final AssetKind[] KINDS = {AssetKind.DATASET, AssetKind.TRAINING_RUN, AssetKind.MODEL_VERSION, AssetKind.DEPLOYMENT};

    static LineageGraph random(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        List<LineageGraph.Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(new LineageGraph.Node("tr:x:test:n" + i, KINDS[r.nextInt(KINDS.length)], "n" + i, r.nextBoolean() ? "a" : "b", false, 0));
        }
        List<LineageGraph.Link> links = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            // mostly forward edges, some back: cycles happen
            int other = r.nextInt(i);
            links.add(r.nextInt(10) == 0
                    ? new LineageGraph.Link("tr:x:test:n" + i, "tr:x:test:n" + other, EdgeType.READS, "a", false)
                    : new LineageGraph.Link("tr:x:test:n" + other, "tr:x:test:n" + i, EdgeType.DERIVED_FROM, "a", false));
            if (r.nextInt(3) == 0) {
                links.add(new LineageGraph.Link("tr:x:test:n" + r.nextInt(i), "tr:x:test:n" + i, EdgeType.TRAINED_ON, "b", false));
            }
        }
        return new LineageGraph("tr:x:test:n0", nodes, links, false);
    }

    static ViewOptions options(int depth, int groupOver) {
        return new ViewOptions(depth, groupOver, Set.of(), Set.of(), "", null, Set.of(), Set.of(), Set.of(), Set.of());
    }

    @Test
    void everyViewKeepsItsDepthItsGroupsAndItsEdgesConsistent() {
        for (long seed = 1; seed <= 40; seed++) {
            LineageGraph g = random(seed, 50 + (int) (seed * 37 % 400));
            int depth = 1 + (int) (seed % 5);
            int groupOver = 1 + (int) (seed % 6);
            GraphView v = GraphViews.build(g, Map.of(), options(depth, groupOver));
            Set<String> ids = new HashSet<>();
            for (GraphView.Node n : v.nodes()) {
                assertThat(ids.add(n.id())).as("seed %d: %s shown once", seed, n.id()).isTrue();
                assertThat(Math.abs(n.depth())).as("seed %d: %s", seed, n.id()).isLessThanOrEqualTo(depth);
            }
            for (GraphView.Edge e : v.edges()) {
                assertThat(ids).as("seed %d: both ends of an edge are shown", seed).contains(e.from(), e.to());
            }
            assertThat(v.nodes()).filteredOn(GraphView.Node::isGroup).allSatisfy(n -> assertThat(n.name()).startsWith("+" + n.groupSize() + " "));
            assertThat(GraphViews.build(g, Map.of(), options(depth, groupOver))).as("seed %d: deterministic", seed).isEqualTo(v);
        }
    }

    @Test
    void withoutGroupingEverythingWithinTheDepthIsShownEvenThroughCycles() {
        LineageGraph cycle = new LineageGraph("tr:x:test:a", List.of(
                new LineageGraph.Node("tr:x:test:a", AssetKind.DATASET, "a", "s", false, 0),
                new LineageGraph.Node("tr:x:test:b", AssetKind.TRAINING_RUN, "b", "s", false, 0),
                new LineageGraph.Node("tr:x:test:c", AssetKind.MODEL_VERSION, "c", "s", false, 0)), List.of(
                new LineageGraph.Link("tr:x:test:a", "tr:x:test:b", EdgeType.READS, "s", false),
                new LineageGraph.Link("tr:x:test:b", "tr:x:test:c", EdgeType.PRODUCED_BY, "s", false),
                new LineageGraph.Link("tr:x:test:c", "tr:x:test:a", EdgeType.DERIVED_FROM, "s", false)), false);
        GraphView v = GraphViews.build(cycle, Map.of(), options(10, Integer.MAX_VALUE));
        assertThat(v.nodes()).extracting(GraphView.Node::id).containsExactlyInAnyOrder("tr:x:test:a", "tr:x:test:b", "tr:x:test:c");
        assertThat(v.edges()).hasSize(3);
    }

    @Test
    void aHubsChildrenFoldIntoOneGroupPerKindAndOpenWhenAsked() {
        List<LineageGraph.Node> nodes = new ArrayList<>();
        List<LineageGraph.Link> links = new ArrayList<>();
        nodes.add(new LineageGraph.Node("tr:x:test:hub", AssetKind.DATASET, "hub", "s", false, 0));
        for (int i = 0; i < 30; i++) {
            nodes.add(new LineageGraph.Node("tr:x:test:m" + i, AssetKind.TRAINING_RUN, String.format("run %02d", i), "s", false, 1));
            links.add(new LineageGraph.Link("tr:x:test:hub", "tr:x:test:m" + i, EdgeType.READS, "s", false));
        }
        LineageGraph g = new LineageGraph("tr:x:test:hub", nodes, links, false);
        GraphView v = GraphViews.build(g, Map.of(), options(2, 12));
        assertThat(v.nodes()).hasSize(1 + 12 + 1);
        GraphView.Node group = v.nodes().stream().filter(GraphView.Node::isGroup).findFirst().orElseThrow();
        assertThat(group.name()).isEqualTo("+18 training runs");
        assertThat(group.groupSize()).isEqualTo(18);
        // the first twelve by name are the ones shown
        assertThat(v.nodes()).extracting(GraphView.Node::name).contains("run 00", "run 11").doesNotContain("run 12");

        GraphView opened = GraphViews.build(g, Map.of(), new ViewOptions(2, 12, Set.of(), Set.of(), "", null, Set.of(), Set.of(),
                Set.of(group.id()), Set.of()));
        assertThat(opened.nodes()).hasSize(31).noneMatch(GraphView.Node::isGroup);
    }

    @Test
    void filtersHideAssetsButKeepTheChainThroughThem() {
        LineageGraph g = new LineageGraph("tr:x:test:d", List.of(
                new LineageGraph.Node("tr:x:test:d", AssetKind.DATASET, "d", "s", false, 0),
                new LineageGraph.Node("tr:x:test:r", AssetKind.TRAINING_RUN, "r", "s", false, 1),
                new LineageGraph.Node("tr:x:test:m", AssetKind.MODEL_VERSION, "m", "s", false, 2),
                new LineageGraph.Node("tr:x:test:p", AssetKind.DEPLOYMENT, "p", "s", false, 3)), List.of(
                new LineageGraph.Link("tr:x:test:d", "tr:x:test:r", EdgeType.READS, "s", false),
                new LineageGraph.Link("tr:x:test:r", "tr:x:test:m", EdgeType.PRODUCED_BY, "s", false),
                new LineageGraph.Link("tr:x:test:m", "tr:x:test:p", EdgeType.DEPLOYED_AS, "s", false)), false);
        GraphView v = GraphViews.build(g, Map.of(), new ViewOptions(5, 12, Set.of(AssetKind.DEPLOYMENT), Set.of(), "", null, Set.of(),
                Set.of(), Set.of(), Set.of()));
        assertThat(v.nodes()).extracting(GraphView.Node::id).containsExactly("tr:x:test:d", "tr:x:test:p");
        assertThat(v.hiddenNodes()).isEqualTo(2);
        assertThat(v.edges()).singleElement().satisfies(e -> {
            assertThat(e.type()).isNull();
            assertThat(e.skipped()).isEqualTo(2);
            assertThat(e.describe()).isEqualTo("via 2 hidden assets");
        });
        // an owner filter reads the facts
        GraphView owned = GraphViews.build(g, Map.of("tr:x:test:m", new NodeFacts("fraud-ml", null, 0, GraphView.Approval.NONE)),
                new ViewOptions(5, 12, Set.of(), Set.of(), "FRAUD", null, Set.of(), Set.of(), Set.of(), Set.of()));
        assertThat(owned.nodes()).extracting(GraphView.Node::id).containsExactly("tr:x:test:d", "tr:x:test:m");
    }

    @Test
    void boxesWithTheSameNameSayWhereTheyRun() {
        LineageGraph g = new LineageGraph("tr:container_image:test:oci://r/img", List.of(
                new LineageGraph.Node("tr:container_image:test:oci://r/img", AssetKind.CONTAINER_IMAGE, "img", "s", false, 0),
                new LineageGraph.Node("tr:deployment:test:k8s://prod-eu-1/fraud/scoring", AssetKind.DEPLOYMENT, "fraud/scoring", "s", false, 1),
                new LineageGraph.Node("tr:deployment:test:k8s://prod-eu-2/fraud/scoring", AssetKind.DEPLOYMENT, "fraud/scoring", "s", false, 1)),
                List.of(new LineageGraph.Link("tr:container_image:test:oci://r/img", "tr:deployment:test:k8s://prod-eu-1/fraud/scoring",
                                EdgeType.DEPLOYED_AS, "s", false),
                        new LineageGraph.Link("tr:container_image:test:oci://r/img", "tr:deployment:test:k8s://prod-eu-2/fraud/scoring",
                                EdgeType.DEPLOYED_AS, "s", false)), false);
        GraphView v = GraphViews.build(g, Map.of(), options(2, 12));
        assertThat(v.nodes()).extracting(GraphView.Node::name).containsExactlyInAnyOrder("img", "fraud/scoring · prod-eu-1",
                "fraud/scoring · prod-eu-2");
    }
}
