package dev.tightrope.service.lineage;

import dev.tightrope.domain.AssetKind;

/**
 * A small line icon per asset kind, drawn from primitives every {@link Surface} has (so the
 * canvas, SVG and PNG show the same icon): a cylinder for a dataset, a stacked server for a
 * deployment, a cube for a model, and so on.
 */
final class KindIcons {
    private KindIcons() {
    }

    /** Draws the icon of {@code kind} in the square at ({@code x}, {@code y}) of side {@code size}. */
    static void draw(Surface s, AssetKind kind, double x, double y, double size, int colour) {
        double u = size / 16;
        double w = 1.6 * u;
        switch (kind) {
            case MODEL, MODEL_VERSION -> {
                // a cube: hexagon outline and the three inner edges
                s.polyline(pts(x, y, u, 8, 1, 15, 4.5, 15, 11.5, 8, 15, 1, 11.5, 1, 4.5, 8, 1), colour, w, false);
                s.polyline(pts(x, y, u, 1, 4.5, 8, 8, 15, 4.5), colour, w, false);
                s.polyline(pts(x, y, u, 8, 8, 8, 15), colour, w, false);
                if (kind == AssetKind.MODEL_VERSION) {
                    s.ellipse(x + 13.5 * u, y + 13.5 * u, 2.5 * u, 2.5 * u, colour, 0, 0);
                }
            }
            case MODEL_ARTIFACT, BUILD_ARTIFACT -> {
                // a file with a folded corner
                s.polyline(pts(x, y, u, 3, 1, 10, 1, 13, 4, 13, 15, 3, 15, 3, 1), colour, w, false);
                s.polyline(pts(x, y, u, 10, 1, 10, 4, 13, 4), colour, w, false);
                if (kind == AssetKind.BUILD_ARTIFACT) {
                    s.polyline(pts(x, y, u, 5.5, 9, 8, 11.5, 10.5, 9), colour, w, false);
                }
            }
            case DATASET -> {
                // a cylinder
                s.ellipse(x + 8 * u, y + 3.5 * u, 6 * u, 2.5 * u, 0, colour, w);
                s.polyline(pts(x, y, u, 2, 3.5, 2, 12.5), colour, w, false);
                s.polyline(pts(x, y, u, 14, 3.5, 14, 12.5), colour, w, false);
                s.polyline(pts(x, y, u, 2, 12.5, 3.5, 14.2, 8, 15, 12.5, 14.2, 14, 12.5), colour, w, false);
                s.polyline(pts(x, y, u, 2, 8, 3.5, 9.7, 8, 10.5, 12.5, 9.7, 14, 8), colour, w, false);
            }
            case NOTEBOOK -> {
                s.rect(x + 3 * u, y + u, 11 * u, 14 * u, 1.5 * u, 0, colour, w, false);
                s.polyline(pts(x, y, u, 6, 1, 6, 15), colour, w, false);
                s.polyline(pts(x, y, u, 8.5, 5, 11.5, 5), colour, w, false);
            }
            case TRAINING_RUN, PIPELINE_RUN -> {
                s.ellipse(x + 8 * u, y + 8 * u, 7 * u, 7 * u, 0, colour, w);
                s.polygon(pts(x, y, u, 6.5, 5, 11.5, 8, 6.5, 11), colour);
            }
            case PIPELINE -> {
                s.ellipse(x + 3 * u, y + 8 * u, 2 * u, 2 * u, 0, colour, w);
                s.ellipse(x + 13 * u, y + 3 * u, 2 * u, 2 * u, 0, colour, w);
                s.ellipse(x + 13 * u, y + 13 * u, 2 * u, 2 * u, 0, colour, w);
                s.polyline(pts(x, y, u, 5, 8, 8, 8, 8, 3, 11, 3), colour, w, false);
                s.polyline(pts(x, y, u, 8, 8, 8, 13, 11, 13), colour, w, false);
            }
            case CONTAINER_IMAGE -> {
                s.rect(x + u, y + 4 * u, 14 * u, 10 * u, u, 0, colour, w, false);
                s.polyline(pts(x, y, u, 5, 4, 5, 14), colour, w, false);
                s.polyline(pts(x, y, u, 8, 4, 8, 14), colour, w, false);
                s.polyline(pts(x, y, u, 11, 4, 11, 14), colour, w, false);
                s.polyline(pts(x, y, u, 4, 1.5, 12, 1.5), colour, w, false);
            }
            case DEPLOYMENT -> {
                s.rect(x + u, y + 1.5 * u, 14 * u, 5.5 * u, 1.2 * u, 0, colour, w, false);
                s.rect(x + u, y + 9 * u, 14 * u, 5.5 * u, 1.2 * u, 0, colour, w, false);
                s.ellipse(x + 4 * u, y + 4.25 * u, 0.9 * u, 0.9 * u, colour, 0, 0);
                s.ellipse(x + 4 * u, y + 11.75 * u, 0.9 * u, 0.9 * u, colour, 0, 0);
            }
            case MCP_SERVER -> {
                s.rect(x + 3 * u, y + 5 * u, 10 * u, 6 * u, 2 * u, 0, colour, w, false);
                s.polyline(pts(x, y, u, 6, 5, 6, 1.5), colour, w, false);
                s.polyline(pts(x, y, u, 10, 5, 10, 1.5), colour, w, false);
                s.polyline(pts(x, y, u, 8, 11, 8, 15), colour, w, false);
            }
            case MACHINE -> {
                s.rect(x + 2.5 * u, y + 3 * u, 11 * u, 8 * u, 1 * u, 0, colour, w, false);
                s.polyline(pts(x, y, u, 1, 13.5, 15, 13.5), colour, w, false);
            }
            case AGENT -> {
                s.rect(x + 2 * u, y + 4 * u, 12 * u, 10 * u, 2.5 * u, 0, colour, w, false);
                s.ellipse(x + 5.5 * u, y + 9 * u, 1.2 * u, 1.2 * u, colour, 0, 0);
                s.ellipse(x + 10.5 * u, y + 9 * u, 1.2 * u, 1.2 * u, colour, 0, 0);
                s.polyline(pts(x, y, u, 8, 4, 8, 1), colour, w, false);
            }
            case AGENT_SKILL -> {
                // a page with a folded corner and a lightning stroke: instructions that act
                s.polyline(pts(x, y, u, 3, 1.5, 10, 1.5, 13, 4.5, 13, 14.5, 3, 14.5, 3, 1.5), colour, w, false);
                s.polyline(pts(x, y, u, 9, 5, 6.5, 9, 9.5, 9, 7, 13), colour, w, false);
            }
            case AI_SDK -> {
                s.polyline(pts(x, y, u, 6, 1.5, 4, 2.5, 4, 7, 2, 8, 4, 9, 4, 13.5, 6, 14.5), colour, w, false);
                s.polyline(pts(x, y, u, 10, 1.5, 12, 2.5, 12, 7, 14, 8, 12, 9, 12, 13.5, 10, 14.5), colour, w, false);
            }
        }
    }

    /** Icon-grid coordinates (0..16) to graph coordinates. */
    private static double[] pts(double x, double y, double u, double... grid) {
        double[] out = new double[grid.length];
        for (int i = 0; i < grid.length; i += 2) {
            out[i] = x + grid[i] * u;
            out[i + 1] = y + grid[i + 1] * u;
        }
        return out;
    }
}
