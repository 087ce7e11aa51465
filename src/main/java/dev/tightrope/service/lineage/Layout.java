package dev.tightrope.service.lineage;

/**
 * Where each box and edge of a {@link GraphView} goes: node {@code i} of the view has its top
 * left corner at ({@code x[i]}, {@code y[i]}) and is {@link #NODE_WIDTH} by {@link #NODE_HEIGHT};
 * edge {@code j} runs along {@code edgePoints[j]} (x0, y0, x1, y1, …) from the upstream box's right
 * side to the downstream box's left side. {@code fast} says the big-graph settings were used.
 */
public record Layout(GraphView view, double[] x, double[] y, double[][] edgePoints, double width, double height, boolean fast,
                     long millis) {

    public static final double NODE_WIDTH = 272;
    public static final double NODE_HEIGHT = 58;

    public int indexOf(String nodeId) {
        for (int i = 0; i < view.nodes().size(); i++) {
            if (view.nodes().get(i).id().equals(nodeId)) {
                return i;
            }
        }
        return -1;
    }
}
