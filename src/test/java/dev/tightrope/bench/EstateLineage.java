package dev.tightrope.bench;

import dev.tightrope.domain.Asset;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.Finding;
import dev.tightrope.domain.OwnerClaim;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.RecordSink;
import dev.tightrope.sync.SyncContext;
import java.util.Arrays;

/**
 * The lineage of a {@link SyntheticEstate}, regenerated from its settings and held as plain
 * arrays (asset {@code i} is the estate's {@code i}th asset): the reference answers the lineage
 * queries of the cache it was synced into are checked against. It never reads the cache.
 */
final class EstateLineage {

    private final int assets;
    /** Downstream neighbours of asset i: {@code down[downStart[i] .. downStart[i + 1])}; the same for upstream. */
    private final int[] downStart;
    private final int[] down;
    private final int[] upStart;
    private final int[] up;

    private EstateLineage(int assets, int[] ups, int[] downs, int edges) {
        this.assets = assets;
        this.downStart = new int[assets + 1];
        this.upStart = new int[assets + 1];
        for (int e = 0; e < edges; e++) {
            downStart[ups[e] + 1]++;
            upStart[downs[e] + 1]++;
        }
        Arrays.parallelPrefix(downStart, Integer::sum);
        Arrays.parallelPrefix(upStart, Integer::sum);
        this.down = new int[edges];
        this.up = new int[edges];
        int[] downFill = Arrays.copyOf(downStart, assets);
        int[] upFill = Arrays.copyOf(upStart, assets);
        for (int e = 0; e < edges; e++) {
            down[downFill[ups[e]]++] = downs[e];
            up[upFill[downs[e]]++] = ups[e];
        }
    }

    /** Runs the estate's connector for {@code source} (a {@link SyntheticEstate#TYPE} source) and keeps only its edges. */
    static EstateLineage of(SourceConfig source) throws Exception {
        int assets = Integer.parseInt(source.requireSetting("assets"));
        EdgeCollector edges = new EdgeCollector();
        SyntheticEstate.factory().create(source).sync(SyncContext.interruptible(), edges);
        return new EstateLineage(assets, edges.ups, edges.downs, edges.count);
    }

    int assets() {
        return assets;
    }

    long edges() {
        return down.length;
    }

    /** The estate index of an asset of the estate. */
    static int index(String urn) {
        return Integer.parseInt(urn.substring(urn.lastIndexOf('/') + 1));
    }

    static int index(Urn urn) {
        return index(urn.toString());
    }

    /**
     * Breadth-first distances from {@code root} downstream (or upstream), at most {@code maxDepth}
     * hops, stopping once more than {@code maxReached} assets are reached: {@code distance[i]} is
     * -1 for an asset not reached, and {@code root} is at 0.
     */
    Reach reach(int root, boolean downstream, int maxDepth, int maxReached) {
        int[] start = downstream ? downStart : upStart;
        int[] next = downstream ? down : up;
        int[] distance = new int[assets];
        Arrays.fill(distance, -1);
        int[] queue = new int[assets];
        int head = 0;
        int tail = 0;
        queue[tail++] = root;
        distance[root] = 0;
        long edgesExpanded = 0;
        while (head < tail && tail - 1 <= maxReached) {
            int x = queue[head++];
            if (distance[x] >= maxDepth) {
                continue;
            }
            edgesExpanded += start[x + 1] - start[x];
            for (int k = start[x]; k < start[x + 1]; k++) {
                int y = next[k];
                if (distance[y] < 0) {
                    distance[y] = distance[x] + 1;
                    queue[tail++] = y;
                }
            }
        }
        return new Reach(distance, tail - 1, edgesExpanded);
    }

    /** Whether the estate has an edge from {@code upstream} to {@code downstream}. */
    boolean hasEdge(int upstream, int downstream) {
        for (int k = downStart[upstream]; k < downStart[upstream + 1]; k++) {
            if (down[k] == downstream) {
                return true;
            }
        }
        return false;
    }

    /**
     * What a breadth-first walk reached: each asset's distance (-1 when not reached), how many
     * were reached besides the root, and how many edges the walk followed out of the assets it
     * expanded (those short of the depth limit): the edges a complete walk reports.
     */
    record Reach(int[] distance, int reached, long edgesExpanded) {
    }

    /** A sink that keeps the estate's edges as index pairs and drops everything else. */
    private static final class EdgeCollector implements RecordSink {
        int[] ups = new int[1 << 16];
        int[] downs = new int[1 << 16];
        int count;

        @Override
        public void edge(Edge edge) {
            if (count == ups.length) {
                ups = Arrays.copyOf(ups, count * 2);
                downs = Arrays.copyOf(downs, count * 2);
            }
            ups[count] = index(edge.upstream());
            downs[count] = index(edge.downstream());
            count++;
        }

        @Override
        public void asset(Asset asset) {
        }

        @Override
        public void owner(OwnerClaim claim) {
        }

        @Override
        public void finding(Finding finding) {
        }

        @Override
        public void problem(Problem problem) {
        }
    }
}
