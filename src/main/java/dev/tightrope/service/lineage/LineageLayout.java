package dev.tightrope.service.lineage;

import dev.tightrope.base.Threads;
import dev.tightrope.domain.Cancellation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.elk.alg.layered.options.GreedySwitchType;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.alg.layered.options.NodePlacementStrategy;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.KVector;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * Lays lineage out left to right in layers (Eclipse ELK layered): data flows from the left,
 * deployments end on the right. Graphs over {@link #FAST_ABOVE} boxes get ELK's fast settings
 * (simple node placement, straight polyline edges, one sweep) so 10,000 boxes lay out in seconds;
 * smaller ones get orthogonal edges and the full crossing minimisation.
 *
 * <p>ELK recurses deeply on big graphs, so layouts run on one thread of this class with a large
 * stack; callers wait on it from their own background thread. Layouts are cached by the graph's
 * shape (its boxes and edges, not their facts), so re-colouring for a filter or a finding, or
 * going back to a view, does not lay out again.
 */
public final class LineageLayout implements AutoCloseable {

    /** Above this many boxes the fast settings are used. */
    public static final int FAST_ABOVE = 1_500;
    private static final int CACHED = 6;
    private static final long LAYOUT_STACK = 512L << 20;

    static {
        LayoutMetaDataService.getInstance().registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
    }

    private final ExecutorService thread = Executors.newSingleThreadExecutor(Threads.daemon("tightrope-layout", LAYOUT_STACK));
    private final Map<Shape, Layout> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Shape, Layout> eldest) {
            return size() > CACHED;
        }
    };

    /** The layout of {@code view}, from the cache when the same shape was laid out before. */
    public Layout layout(GraphView view, Cancellation cancellation) {
        Shape shape = Shape.of(view);
        synchronized (cache) {
            Layout cached = cache.get(shape);
            if (cached != null) {
                return new Layout(view, cached.x(), cached.y(), cached.edgePoints(), cached.width(), cached.height(), cached.fast(), 0);
            }
        }
        Future<Layout> job = thread.submit(() -> compute(view, cancellation));
        Layout layout;
        try {
            layout = job.get();
        } catch (InterruptedException e) {
            job.cancel(true);
            cancellation.cancel();
            Thread.currentThread().interrupt();
            throw new CancellationException("layout interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof StackOverflowError) {
                throw new IllegalStateException("the lineage graph is too deep to lay out (" + view.nodes().size() + " boxes)", e.getCause());
            }
            throw new IllegalStateException("lineage layout failed: " + e.getCause(), e.getCause());
        }
        synchronized (cache) {
            cache.put(shape, layout);
        }
        return layout;
    }

    private static Layout compute(GraphView view, Cancellation cancellation) {
        long start = System.nanoTime();
        int n = view.nodes().size();
        boolean fast = n > FAST_ABOVE;
        ElkNode root = ElkGraphUtil.createGraph();
        root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        root.setProperty(CoreOptions.DIRECTION, Direction.RIGHT);
        root.setProperty(LayeredOptions.SPACING_NODE_NODE, 18.0);
        root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 72.0);
        root.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 18.0);
        root.setProperty(LayeredOptions.SPACING_EDGE_EDGE, 6.0);
        root.setProperty(LayeredOptions.SEPARATE_CONNECTED_COMPONENTS, Boolean.TRUE);
        if (fast) {
            root.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.POLYLINE);
            root.setProperty(LayeredOptions.NODE_PLACEMENT_STRATEGY, NodePlacementStrategy.SIMPLE);
            root.setProperty(LayeredOptions.CROSSING_MINIMIZATION_GREEDY_SWITCH_TYPE, GreedySwitchType.OFF);
            root.setProperty(LayeredOptions.THOROUGHNESS, 1);
            root.setProperty(LayeredOptions.LAYERING_STRATEGY, org.eclipse.elk.alg.layered.options.LayeringStrategy.LONGEST_PATH);
        } else {
            root.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
        }
        ElkNode[] boxes = new ElkNode[n];
        Map<String, Integer> index = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            ElkNode box = ElkGraphUtil.createNode(root);
            box.setDimensions(Layout.NODE_WIDTH, Layout.NODE_HEIGHT);
            boxes[i] = box;
            index.put(view.nodes().get(i).id(), i);
        }
        List<GraphView.Edge> edges = view.edges();
        ElkEdge[] elkEdges = new ElkEdge[edges.size()];
        for (int j = 0; j < edges.size(); j++) {
            Integer from = index.get(edges.get(j).from());
            Integer to = index.get(edges.get(j).to());
            if (from != null && to != null && !from.equals(to)) {
                elkEdges[j] = ElkGraphUtil.createSimpleEdge(boxes[from], boxes[to]);
            }
        }
        new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor() {
            @Override
            public boolean isCanceled() {
                return cancellation.isCancelled() || Thread.currentThread().isInterrupted();
            }
        });
        if (cancellation.isCancelled()) {
            throw new CancellationException("layout cancelled");
        }
        double[] x = new double[n];
        double[] y = new double[n];
        double width = 0;
        double height = 0;
        for (int i = 0; i < n; i++) {
            x[i] = boxes[i].getX();
            y[i] = boxes[i].getY();
            width = Math.max(width, x[i] + Layout.NODE_WIDTH);
            height = Math.max(height, y[i] + Layout.NODE_HEIGHT);
        }
        double[][] points = new double[edges.size()][];
        for (int j = 0; j < edges.size(); j++) {
            points[j] = route(elkEdges[j], index, edges.get(j), x, y);
            if (fast) {
                points[j] = stepped(points[j]);
            }
        }
        return new Layout(view, x, y, points, width, height, fast, (System.nanoTime() - start) / 1_000_000);
    }

    /** ELK's section as a flat point list; a straight line between the boxes when ELK gave none (a self loop). */
    private static double[] route(ElkEdge edge, Map<String, Integer> index, GraphView.Edge e, double[] x, double[] y) {
        if (edge != null && !edge.getSections().isEmpty()) {
            ElkEdgeSection s = edge.getSections().get(0);
            List<KVector> pts = new ArrayList<>();
            pts.add(new KVector(s.getStartX(), s.getStartY()));
            for (ElkBendPoint b : s.getBendPoints()) {
                pts.add(new KVector(b.getX(), b.getY()));
            }
            pts.add(new KVector(s.getEndX(), s.getEndY()));
            double[] out = new double[pts.size() * 2];
            for (int k = 0; k < pts.size(); k++) {
                out[2 * k] = pts.get(k).x;
                out[2 * k + 1] = pts.get(k).y;
            }
            return out;
        }
        int from = index.getOrDefault(e.from(), 0);
        int to = index.getOrDefault(e.to(), 0);
        return new double[] {x[from] + Layout.NODE_WIDTH, y[from] + Layout.NODE_HEIGHT / 2, x[to], y[to] + Layout.NODE_HEIGHT / 2};
    }

    /**
     * A polyline route made of horizontal and vertical runs, turning halfway between its points:
     * the look of the orthogonal routing without its cost, and axis-aligned lines are far cheaper
     * to draw than long diagonals when thousands of edges are on screen.
     */
    static double[] stepped(double[] pts) {
        if (pts.length < 4) {
            return pts;
        }
        double[] out = new double[pts.length * 3];
        int n = 0;
        out[n++] = pts[0];
        out[n++] = pts[1];
        for (int k = 2; k + 1 < pts.length; k += 2) {
            double ax = pts[k - 2];
            double ay = pts[k - 1];
            double bx = pts[k];
            double by = pts[k + 1];
            if (ay != by && ax != bx) {
                double mx = (ax + bx) / 2;
                out[n++] = mx;
                out[n++] = ay;
                out[n++] = mx;
                out[n++] = by;
            }
            out[n++] = bx;
            out[n++] = by;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    /** A view's shape: its boxes and edges in order, which is all a layout depends on. */
    private record Shape(List<String> nodes, List<String> edges) {
        static Shape of(GraphView view) {
            List<String> nodes = new ArrayList<>(view.nodes().size());
            for (GraphView.Node node : view.nodes()) {
                nodes.add(node.id());
            }
            List<String> edges = new ArrayList<>(view.edges().size());
            for (GraphView.Edge edge : view.edges()) {
                edges.add(edge.from() + "\u0000" + edge.to());
            }
            return new Shape(nodes, edges);
        }
    }
}
