package dev.tightrope.bench;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.ImpactSet;
import dev.tightrope.domain.LineageGraph;
import dev.tightrope.domain.LineageGraph.Direction;
import dev.tightrope.domain.LineageGraph.Link;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SourceStatus;
import dev.tightrope.domain.Urn;
import dev.tightrope.service.Tightrope;
import dev.tightrope.store.LineageRepository;
import dev.tightrope.sync.ConnectorRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The lineage queries the console and the CLI run, on an existing cache of a {@link SyntheticEstate}
 * (the ingest benchmark's 1M assets and 3M edges): the k-hop walk at depth 5 upstream, downstream
 * and both ways, the impact set of a dataset with about 50,000 downstream assets, and the shortest
 * path between two assets 10 hops apart, all through {@code Tightrope.lineage()} as the console
 * calls them. Targets (2 cores): a walk under 200 ms, the impact set under 1 s; the path has none.
 *
 * <p>Each asset of the estate has {@code edgesPerAsset} edges from earlier assets drawn uniformly:
 * a random DAG whose early assets reach nearly everything (in the 1M estate the first dataset has
 * 999,995 assets downstream, none more than 8 hops away) and whose late ones reach a handful. The impact roots are the datasets
 * whose downstream count is within 5% of the asked size, found in the reference lineage
 * ({@link EstateLineage}, regenerated from the source's settings, never read from the cache);
 * the walks start from seeded random assets, from those datasets, and from the estate's first
 * dataset, whose walk the console's node cap ({@value LineageRepository#DEFAULT_NODE_CAP} assets)
 * stops. Every answer is checked against the reference once, before the timed rounds.
 *
 * <p>Arguments: {@code [workspaceDir] [rounds]}; without a directory the 1M estate is ingested
 * into a temporary one first. Default 5 timed rounds over every root after one warm-up round.
 */
public final class LineageQueryBenchmark {

    /** The walk depth the target is set for. */
    static final int DEPTH = 5;
    static final double WALK_TARGET_MILLIS = 200;
    static final double IMPACT_TARGET_MILLIS = 1_000;

    /**
     * How big the benchmark is: {@code randomRoots} walk roots drawn at random, {@code impactRoots}
     * datasets with about {@code impactSize} downstream assets, paths of {@code pathHops} hops from
     * each of them, and {@code rounds} timed rounds over all roots.
     */
    public record Settings(int randomRoots, int impactRoots, int impactSize, int pathHops, int rounds) {
        static Settings full(int rounds) {
            return new Settings(20, 5, 50_000, 10, rounds);
        }
    }

    /**
     * One query's figures: every timed call's latency and the CPU time of the thread that ran it
     * (each sorted: the CPU time tells what the query costs when other work shares the cores), and
     * per root the size of the answer and of the reference's (assets in a walk or an impact set,
     * hops in a path).
     */
    public record Figure(String label, double targetMillis, long[] nanos, long[] cpuNanos, List<Long> sizes,
                         List<Long> referenceSizes) {
        double medianMillis() {
            return SearchBenchmark.pct(nanos, 50);
        }

        double medianCpuMillis() {
            return SearchBenchmark.pct(cpuNanos, 50);
        }

        double p95Millis() {
            return SearchBenchmark.pct(nanos, 95);
        }

        double averageSize() {
            return sizes.stream().mapToLong(Long::longValue).average().orElse(0);
        }
    }

    /** {@code firstMillis}: the first query after opening the cache (a walk both ways), before any warm-up. */
    public record Result(long assets, long edges, double referenceSeconds, double firstMillis, List<Figure> figures) {
    }

    public static void main(String[] args) throws Exception {
        Path dir;
        if (args.length > 0) {
            dir = Path.of(args[0]);
        } else {
            IngestBenchmark.Result ingest = IngestBenchmark.run(1_000_000, 3, Files.createTempDirectory("tightrope-bench-"));
            IngestBenchmark.print(ingest);
            dir = ingest.workspace();
        }
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        print(run(dir, Settings.full(rounds)));
    }

    static void print(Result r) {
        System.out.printf("lineage: reference lineage of %,d assets and %,d edges regenerated from the estate's settings in %.1f s%n",
                r.assets(), r.edges(), r.referenceSeconds());
        System.out.printf("lineage: first query after opening the cache (a depth-%d walk both ways): %.1f ms%n", DEPTH, r.firstMillis());
        for (Figure f : r.figures()) {
            String target = Double.isNaN(f.targetMillis()) ? "no target"
                    : f.targetMillis() >= 1_000 ? String.format("target < %.0f s", f.targetMillis() / 1_000)
                    : String.format("target < %.0f ms", f.targetMillis());
            System.out.printf("lineage: %-62s median %7.1f ms, p95 %7.1f ms (%s; CPU median %.1f ms); %,.0f on average%n",
                    f.label() + ":", f.medianMillis(), f.p95Millis(), target, f.medianCpuMillis(), f.averageSize());
        }
    }

    public static Result run(Path dir, Settings settings) throws Exception {
        try (Tightrope t = Tightrope.open(dir, new ConnectorRegistry(List.of(SyntheticEstate.factory())))) {
            SourceConfig estate = t.sources().list().stream().map(SourceStatus::config)
                    .filter(c -> c.type().equals(SyntheticEstate.TYPE)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(dir + " has no synthetic estate; run the ingest benchmark first"));
            int assets = Integer.parseInt(estate.requireSetting("assets"));
            SplittableRandom random = new SplittableRandom(11);
            List<Integer> randomRoots = new ArrayList<>();
            for (int i = 0; i < settings.randomRoots(); i++) {
                randomRoots.add(random.nextInt(assets));
            }

            long start = System.nanoTime();
            t.lineage().walk(SyntheticEstate.urn(randomRoots.get(0)), Direction.BOTH, DEPTH);
            double firstMillis = (System.nanoTime() - start) / 1e6;

            start = System.nanoTime();
            EstateLineage reference = EstateLineage.of(estate);
            double referenceSeconds = (System.nanoTime() - start) / 1e9;
            Queries queries = new Queries(t, reference);
            List<Integer> hubs = datasetsWithDownstream(reference, settings.impactSize(), settings.impactRoots(), random);
            List<int[]> pairs = new ArrayList<>();
            for (int hub : hubs) {
                pairs.add(new int[] {hub, assetAtDistance(reference, hub, settings.pathHops(), random)});
            }

            String hubsLabel = String.format("the %d datasets with ~%,d downstream", hubs.size(), settings.impactSize());
            int first = AssetKind.DATASET.ordinal(); // see datasetsWithDownstream
            String firstLabel = String.format("the first dataset (%,d within %d hops)", reference.reach(first, true, DEPTH,
                    Integer.MAX_VALUE).reached(), DEPTH);
            List<Figure> figures = new ArrayList<>();
            for (Direction d : Direction.values()) {
                String way = d.name().toLowerCase();
                figures.add(time(String.format("walk depth %d %s from %d random assets", DEPTH, way, randomRoots.size()),
                        WALK_TARGET_MILLIS, randomRoots, root -> queries.walk(root, d), settings.rounds()));
                figures.add(time(String.format("walk depth %d %s from %s", DEPTH, way, hubsLabel),
                        WALK_TARGET_MILLIS, hubs, root -> queries.walk(root, d), settings.rounds()));
                if (d != Direction.UPSTREAM) { // it has three assets upstream
                    figures.add(time(String.format("walk depth %d %s from %s", DEPTH, way, firstLabel),
                            WALK_TARGET_MILLIS, List.of(first), root -> queries.walk(root, d), settings.rounds()));
                }
            }
            figures.add(time("impact set of " + hubsLabel, IMPACT_TARGET_MILLIS, hubs, queries::impact, settings.rounds()));
            figures.add(time(String.format("path over %d hops from each of them", settings.pathHops()), Double.NaN, pairs,
                    queries::path, settings.rounds()));
            return new Result(assets, reference.edges(), referenceSeconds, firstMillis, figures);
        }
    }

    /** An answer's size and the reference's; {@link Queries} throws when the answer itself differs. */
    private record Checked(long size, long referenceSize) {
    }

    /** A query ready to run again and again, and to check its answer. */
    private interface Call extends Runnable {
        Checked checked();
    }

    /** One warm-up round (every answer checked), then {@code rounds} timed rounds over all roots. */
    private static <T> Figure time(String label, double target, List<T> roots, Function<T, Call> query, int rounds) {
        List<Long> sizes = new ArrayList<>();
        List<Long> referenceSizes = new ArrayList<>();
        List<Call> calls = new ArrayList<>();
        for (T root : roots) {
            Call call = query.apply(root);
            Checked checked = call.checked();
            sizes.add(checked.size());
            referenceSizes.add(checked.referenceSize());
            calls.add(call);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] nanos = new long[rounds * calls.size()];
        long[] cpuNanos = new long[nanos.length];
        int n = 0;
        for (int round = 0; round < rounds; round++) {
            for (Call call : calls) {
                long cpu = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                call.run();
                nanos[n] = System.nanoTime() - start;
                cpuNanos[n++] = threads.getCurrentThreadCpuTime() - cpu;
            }
        }
        Arrays.sort(nanos);
        Arrays.sort(cpuNanos);
        return new Figure(label, target, nanos, cpuNanos, sizes, referenceSizes);
    }

    /**
     * {@code count} datasets whose downstream is within 5% of {@code size} assets, in a seeded
     * random order of all the estate's datasets.
     */
    static List<Integer> datasetsWithDownstream(EstateLineage reference, int size, int count, SplittableRandom random) {
        int kinds = SyntheticEstate.KINDS.length; // the estate's assets take the kinds in turn
        int[] datasets = new int[(reference.assets() + kinds - 1) / kinds];
        int n = 0;
        for (int i = java.util.Arrays.asList(SyntheticEstate.KINDS).indexOf(AssetKind.DATASET); i < reference.assets(); i += kinds) {
            datasets[n++] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = datasets[i];
            datasets[i] = datasets[j];
            datasets[j] = swap;
        }
        int low = (int) Math.ceil(size * 0.95);
        int high = (int) Math.floor(size * 1.05);
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < n && found.size() < count; i++) {
            int reached = reference.reach(datasets[i], true, LineageRepository.MAX_HOPS, high).reached();
            if (reached >= low && reached <= high) {
                found.add(datasets[i]);
            }
        }
        if (found.size() < count) {
            throw new IllegalStateException("only " + found.size() + " datasets of the estate have " + low + " to " + high
                    + " assets downstream; " + count + " were asked for");
        }
        return found;
    }

    /** A seeded choice among the assets exactly {@code hops} downstream of {@code from}. */
    static int assetAtDistance(EstateLineage reference, int from, int hops, SplittableRandom random) {
        int[] distance = reference.reach(from, true, hops, Integer.MAX_VALUE).distance();
        int[] candidates = new int[distance.length];
        int n = 0;
        for (int i = 0; i < distance.length; i++) {
            if (distance[i] == hops) {
                candidates[n++] = i;
            }
        }
        if (n == 0) {
            throw new IllegalStateException("nothing is " + hops + " hops downstream of asset " + from);
        }
        return candidates[random.nextInt(n)];
    }

    /** The queries as the console runs them, each checked once against the reference. */
    private static final class Queries {
        private final Tightrope t;
        private final EstateLineage reference;

        Queries(Tightrope t, EstateLineage reference) {
            this.t = t;
            this.reference = reference;
        }

        Call walk(int root, Direction direction) {
            Urn urn = SyntheticEstate.urn(root);
            return new Call() {
                @Override
                public void run() {
                    t.lineage().walk(urn, direction, DEPTH).orElseThrow();
                }

                @Override
                public Checked checked() {
                    return checkWalk(root, direction, t.lineage().walk(urn, direction, DEPTH).orElseThrow());
                }
            };
        }

        Call impact(int root) {
            Urn urn = SyntheticEstate.urn(root);
            return new Call() {
                @Override
                public void run() {
                    t.lineage().impact(urn).orElseThrow();
                }

                @Override
                public Checked checked() {
                    return checkImpact(root, t.lineage().impact(urn).orElseThrow());
                }
            };
        }

        Call path(int[] pair) {
            Urn from = SyntheticEstate.urn(pair[0]);
            Urn to = SyntheticEstate.urn(pair[1]);
            return new Call() {
                @Override
                public void run() {
                    t.lineage().path(from, to).orElseThrow();
                }

                @Override
                public Checked checked() {
                    return checkPath(pair[0], pair[1], t.lineage().path(from, to).orElseThrow());
                }
            };
        }

        /**
         * Every node at its breadth-first distance (negative upstream), every edge real; unless the
         * node cap stopped it, every asset within the depth and every edge out of those short of it.
         */
        private Checked checkWalk(int root, Direction direction, LineageGraph g) {
            EstateLineage.Reach upstream = direction == Direction.DOWNSTREAM ? null : reference.reach(root, false, DEPTH, Integer.MAX_VALUE);
            EstateLineage.Reach downstream = direction == Direction.UPSTREAM ? null : reference.reach(root, true, DEPTH, Integer.MAX_VALUE);
            long reached = 1 + (upstream == null ? 0 : upstream.reached()) + (downstream == null ? 0 : downstream.reached());
            long expected = Math.min(reached, LineageRepository.DEFAULT_NODE_CAP);
            String what = "the " + direction.name().toLowerCase() + " walk from asset " + root;
            for (LineageGraph.Node node : g.nodes()) {
                int i = EstateLineage.index(node.urn());
                int d = node.depth();
                EstateLineage.Reach side = d < 0 ? upstream : downstream;
                int want = d == 0 ? (i == root ? 0 : -1) : side == null ? -1 : side.distance()[i];
                require(want == Math.abs(d), what + " has asset " + i + " at depth " + d + " where the reference has " + want);
            }
            require(g.nodes().size() == expected, what + " has " + g.nodes().size() + " assets where the reference has " + expected);
            for (Link l : g.edges()) {
                require(reference.hasEdge(EstateLineage.index(l.upstream()), EstateLineage.index(l.downstream())),
                        what + " has an edge the estate does not: " + l);
            }
            require(g.truncated() == (reached > LineageRepository.DEFAULT_NODE_CAP), what + " says truncated " + g.truncated()
                    + " with " + reached + " assets within reach");
            if (!g.truncated()) {
                long edges = (upstream == null ? 0 : upstream.edgesExpanded()) + (downstream == null ? 0 : downstream.edgesExpanded());
                require(g.edges().size() == edges, what + " has " + g.edges().size() + " edges where the reference has " + edges);
            }
            return new Checked(g.nodes().size(), expected);
        }

        /** Every asset downstream once, at its breadth-first distance; a DAG has no cycle edges. */
        private Checked checkImpact(int root, ImpactSet impact) {
            EstateLineage.Reach downstream = reference.reach(root, true, LineageRepository.MAX_HOPS, Integer.MAX_VALUE);
            String what = "the impact set of asset " + root;
            for (ImpactSet.Item item : impact.items()) {
                int i = EstateLineage.index(item.urn());
                require(downstream.distance()[i] == item.depth(),
                        what + " has asset " + i + " at depth " + item.depth() + " where the reference has " + downstream.distance()[i]);
            }
            require(impact.cycleEdges().isEmpty(), what + " reports cycle edges in a DAG: " + impact.cycleEdges());
            require(!impact.truncated(), what + " is truncated");
            require(impact.items().size() == downstream.reached(),
                    what + " has " + impact.items().size() + " assets where the reference has " + downstream.reached());
            return new Checked(impact.items().size(), downstream.reached());
        }

        /** A chain of real edges from {@code from} to {@code to}, as short as the reference's distance. */
        private Checked checkPath(int from, int to, LineageGraph g) {
            int hops = reference.reach(from, true, LineageRepository.MAX_HOPS, Integer.MAX_VALUE).distance()[to];
            String what = "the path from asset " + from + " to " + to;
            int at = from;
            for (Link l : g.edges()) {
                int up = EstateLineage.index(l.upstream());
                int down = EstateLineage.index(l.downstream());
                require(up == at && reference.hasEdge(up, down), what + " is not a chain of the estate's edges at " + l);
                at = down;
            }
            require(at == to && g.edges().size() == hops, what + " ends at asset " + at + " after " + g.edges().size()
                    + " hops; the reference's shortest is " + hops);
            require(g.nodes().size() == g.edges().size() + 1, what + " has " + g.nodes().size() + " nodes for " + g.edges().size() + " hops");
            return new Checked(g.edges().size(), hops);
        }

        private static void require(boolean holds, String otherwise) {
            if (!holds) {
                throw new IllegalStateException("lineage-queries: " + otherwise);
            }
        }
    }
}
