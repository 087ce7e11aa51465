package dev.tightrope.service.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.Severity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the painter draws of a laid-out graph: only what meets the window, and detail by zoom. */
class LineagePainterTest {

    /** Records what was drawn. */
    static final class Recording implements Surface {
        final List<String> texts = new ArrayList<>();
        int rects;
        int lines;
        int polygons;

        @Override
        public void rect(double x, double y, double w, double h, double arc, int fill, int stroke, double strokeWidth, boolean dashed) {
            rects++;
        }

        @Override
        public void ellipse(double cx, double cy, double rx, double ry, int fill, int stroke, double strokeWidth) {
        }

        @Override
        public void polyline(double[] points, int stroke, double strokeWidth, boolean dashed) {
            lines++;
        }

        @Override
        public void polygon(double[] points, int fill) {
            polygons++;
        }

        @Override
        public void text(String text, double x, double y, double size, boolean bold, int fill) {
            texts.add(text);
        }
    }

    /** A row of boxes 400 units apart, each linked to the next. */
    static SceneIndex row(int n) {
        List<GraphView.Node> nodes = new ArrayList<>();
        List<GraphView.Edge> edges = new ArrayList<>();
        double[] x = new double[n];
        double[] y = new double[n];
        double[][] pts = new double[Math.max(0, n - 1)][];
        for (int i = 0; i < n; i++) {
            nodes.add(new GraphView.Node("n" + i, AssetKind.DATASET, "box " + i, "s", i % 2 == 0 ? "team" : "", i == 3 ? Severity.HIGH : null,
                    i == 3 ? 2 : 0, GraphView.Approval.NONE, false, i, 0));
            x[i] = i * 400;
            if (i > 0) {
                edges.add(new GraphView.Edge("n" + (i - 1), "n" + i, EdgeType.DERIVED_FROM, "s", false, 0));
                pts[i - 1] = new double[] {x[i - 1] + Layout.NODE_WIDTH, Layout.NODE_HEIGHT / 2, x[i], Layout.NODE_HEIGHT / 2};
            }
        }
        GraphView view = new GraphView("n0", nodes, edges, false, 0);
        return new SceneIndex(new Layout(view, x, y, pts, x[n - 1] + Layout.NODE_WIDTH, Layout.NODE_HEIGHT, false, 0));
    }

    @Test
    void onlyWhatMeetsTheWindowIsDrawn() {
        SceneIndex scene = row(1_000);
        Recording all = new Recording();
        assertThat(LineagePainter.paint(all, scene, Palette.LIGHT, Marks.NONE, -1, -1, 400_000, 100, 1)).isEqualTo(1_000);
        Recording window = new Recording();
        int drawn = LineagePainter.paint(window, scene, Palette.LIGHT, Marks.NONE, 1_000, -10, 2_600, 100, 1);
        assertThat(drawn).isEqualTo(5);
        assertThat(window.texts).contains("box 3", "box 6").doesNotContain("box 1", "box 8");
        assertThat(window.lines).isLessThan(all.lines / 100);
    }

    @Test
    void detailFollowsTheZoom() {
        SceneIndex scene = row(5);
        Recording far = new Recording();
        LineagePainter.paint(far, scene, Palette.DARK, Marks.NONE, -1, -1, 3_000, 100, 0.1);
        assertThat(far.texts).isEmpty();
        assertThat(far.polygons).as("no arrowheads far out").isZero();
        Recording mid = new Recording();
        LineagePainter.paint(mid, scene, Palette.DARK, Marks.NONE, -1, -1, 3_000, 100, 0.4);
        assertThat(mid.texts).containsExactly("box 0", "box 1", "box 2", "box 3", "box 4");
        Recording near = new Recording();
        LineagePainter.paint(near, scene, Palette.DARK, Marks.NONE, -1, -1, 3_000, 100, 1);
        assertThat(near.texts).contains("Dataset · team", "Dataset · no owner", "2");
        assertThat(near.polygons).as("arrowheads up close").isEqualTo(4);
    }

    @Test
    void routesAreClippedToTheWindowAndADiagonalBesideItIsNotDrawn() {
        double[] inside = {10, 10, 50, 50};
        assertThat(LineagePainter.visibleRuns(inside, 0, 0, 100, 100)).singleElement().isSameAs(inside);
        // crosses the window: only the part inside is kept
        assertThat(LineagePainter.visibleRuns(new double[] {-100, 50, 200, 50}, 0, 0, 100, 100))
                .singleElement().satisfies(r -> assertThat(r).containsExactly(0, 50, 100, 50));
        // its bounding box covers the window, the line itself misses it
        assertThat(LineagePainter.visibleRuns(new double[] {-100, 150, 150, -100}, 0, 0, 100, 100)).isNotEmpty();
        assertThat(LineagePainter.visibleRuns(new double[] {-100, 130, 130, -100}, 0, 0, 10, 10)).isEmpty();
        // out, in, out, in again: two runs
        assertThat(LineagePainter.visibleRuns(new double[] {-50, 10, 50, 10, 50, 300, 60, 300, 60, 50}, 0, 0, 100, 100)).hasSize(2);
    }
}
