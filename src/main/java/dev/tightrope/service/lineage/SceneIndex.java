package dev.tightrope.service.lineage;

/**
 * A laid-out graph ready to draw and to point at: each edge's bounding box for viewport culling
 * and a uniform grid of boxes, so finding what is under the mouse costs a few comparisons at
 * 100,000 boxes instead of a scan.
 */
public final class SceneIndex {
    private static final double CELL = 512;

    private final Layout layout;
    private final double[] edgeBounds;
    private final int columns;
    private final int rows;
    private final int[][] cells;
    private final int[] edgeFrom;
    private final int[] edgeTo;

    public SceneIndex(Layout layout) {
        this.layout = layout;
        double[][] pts = layout.edgePoints();
        edgeBounds = new double[pts.length * 4];
        for (int j = 0; j < pts.length; j++) {
            double minX = Double.MAX_VALUE;
            double minY = Double.MAX_VALUE;
            double maxX = -Double.MAX_VALUE;
            double maxY = -Double.MAX_VALUE;
            for (int k = 0; k + 1 < pts[j].length; k += 2) {
                minX = Math.min(minX, pts[j][k]);
                maxX = Math.max(maxX, pts[j][k]);
                minY = Math.min(minY, pts[j][k + 1]);
                maxY = Math.max(maxY, pts[j][k + 1]);
            }
            edgeBounds[4 * j] = minX;
            edgeBounds[4 * j + 1] = minY;
            edgeBounds[4 * j + 2] = maxX;
            edgeBounds[4 * j + 3] = maxY;
        }
        java.util.Map<String, Integer> index = new java.util.HashMap<>(layout.x().length * 2);
        for (int i = 0; i < layout.view().nodes().size(); i++) {
            index.put(layout.view().nodes().get(i).id(), i);
        }
        edgeFrom = new int[pts.length];
        edgeTo = new int[pts.length];
        for (int j = 0; j < pts.length; j++) {
            edgeFrom[j] = index.getOrDefault(layout.view().edges().get(j).from(), -1);
            edgeTo[j] = index.getOrDefault(layout.view().edges().get(j).to(), -1);
        }
        columns = Math.max(1, (int) Math.ceil(layout.width() / CELL));
        rows = Math.max(1, (int) Math.ceil(layout.height() / CELL));
        int[] counts = new int[columns * rows];
        int n = layout.x().length;
        for (int i = 0; i < n; i++) {
            forCells(i, c -> counts[c]++);
        }
        cells = new int[columns * rows][];
        for (int c = 0; c < cells.length; c++) {
            cells[c] = new int[counts[c]];
        }
        int[] fill = new int[cells.length];
        for (int i = 0; i < n; i++) {
            int node = i;
            forCells(i, c -> cells[c][fill[c]++] = node);
        }
    }

    private void forCells(int node, java.util.function.IntConsumer action) {
        int c0 = column(layout.x()[node]);
        int c1 = column(layout.x()[node] + Layout.NODE_WIDTH);
        int r0 = row(layout.y()[node]);
        int r1 = row(layout.y()[node] + Layout.NODE_HEIGHT);
        for (int r = r0; r <= r1; r++) {
            for (int c = c0; c <= c1; c++) {
                action.accept(r * columns + c);
            }
        }
    }

    private int column(double x) {
        return Math.max(0, Math.min(columns - 1, (int) (x / CELL)));
    }

    private int row(double y) {
        return Math.max(0, Math.min(rows - 1, (int) (y / CELL)));
    }

    public Layout layout() {
        return layout;
    }

    /** The box under the point, or -1. */
    public int nodeAt(double px, double py) {
        if (px < 0 || py < 0 || px > layout.width() || py > layout.height()) {
            return -1;
        }
        for (int i : cells[row(py) * columns + column(px)]) {
            if (px >= layout.x()[i] && px <= layout.x()[i] + Layout.NODE_WIDTH && py >= layout.y()[i]
                    && py <= layout.y()[i] + Layout.NODE_HEIGHT) {
                return i;
            }
        }
        return -1;
    }

    /** The edge passing within {@code tolerance} of the point (the nearest), or -1. */
    public int edgeAt(double px, double py, double tolerance) {
        int best = -1;
        double bestDistance = tolerance;
        double[][] pts = layout.edgePoints();
        for (int j = 0; j < pts.length; j++) {
            if (px < edgeBounds[4 * j] - tolerance || px > edgeBounds[4 * j + 2] + tolerance
                    || py < edgeBounds[4 * j + 1] - tolerance || py > edgeBounds[4 * j + 3] + tolerance) {
                continue;
            }
            for (int k = 0; k + 3 < pts[j].length; k += 2) {
                double d = segmentDistance(px, py, pts[j][k], pts[j][k + 1], pts[j][k + 2], pts[j][k + 3]);
                if (d <= bestDistance) {
                    bestDistance = d;
                    best = j;
                }
            }
        }
        return best;
    }

    /** Whether edge {@code j}'s bounding box meets the rectangle. */
    public boolean edgeMeets(int j, double minX, double minY, double maxX, double maxY) {
        return edgeBounds[4 * j] <= maxX && edgeBounds[4 * j + 2] >= minX && edgeBounds[4 * j + 1] <= maxY
                && edgeBounds[4 * j + 3] >= minY;
    }

    /** Whether edge {@code j} starts or ends at a box meeting the rectangle. */
    public boolean edgeEndMeets(int j, double minX, double minY, double maxX, double maxY) {
        return edgeFrom[j] >= 0 && nodeMeets(edgeFrom[j], minX, minY, maxX, maxY)
                || edgeTo[j] >= 0 && nodeMeets(edgeTo[j], minX, minY, maxX, maxY);
    }

    /** Whether box {@code i} meets the rectangle. */
    public boolean nodeMeets(int i, double minX, double minY, double maxX, double maxY) {
        double x = layout.x()[i];
        double y = layout.y()[i];
        return x <= maxX && x + Layout.NODE_WIDTH >= minX && y <= maxY && y + Layout.NODE_HEIGHT >= minY;
    }

    private static double segmentDistance(double px, double py, double x1, double y1, double x2, double y2) {
        double dx = x2 - x1;
        double dy = y2 - y1;
        double len = dx * dx + dy * dy;
        double t = len == 0 ? 0 : Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / len));
        double cx = x1 + t * dx - px;
        double cy = y1 + t * dy - py;
        return Math.sqrt(cx * cx + cy * cy);
    }
}
