package dev.tightrope.service.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.Cancellation;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** ELK lays lineage out left to right without overlaps, caches by shape, stops when cancelled. */
class LineageLayoutTest {

    @Test
    void boxesDoNotOverlapAndDataFlowsLeftToRight() {
        try (LineageLayout layouts = new LineageLayout()) {
            GraphView view = GraphViews.build(GraphViewsTest.random(7, 300), Map.of(), GraphViewsTest.options(4, 1_000));
            Layout l = layouts.layout(view, new Cancellation());
            int n = view.nodes().size();
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    boolean apart = l.x()[i] + Layout.NODE_WIDTH <= l.x()[j] || l.x()[j] + Layout.NODE_WIDTH <= l.x()[i]
                            || l.y()[i] + Layout.NODE_HEIGHT <= l.y()[j] || l.y()[j] + Layout.NODE_HEIGHT <= l.y()[i];
                    assertThat(apart).as("%s and %s", view.nodes().get(i).id(), view.nodes().get(j).id()).isTrue();
                }
            }
            long forward = view.edges().stream().filter(e -> l.x()[l.indexOf(e.from())] < l.x()[l.indexOf(e.to())]).count();
            // a cycle's closing edge must run backwards; nearly everything else runs left to right
            assertThat(forward).isGreaterThanOrEqualTo(view.edges().size() * 9 / 10);
            assertThat(l.edgePoints().length).isEqualTo(view.edges().size());
            for (double[] route : l.edgePoints()) {
                assertThat(route.length).isGreaterThanOrEqualTo(4);
            }

            Layout again = layouts.layout(view, new Cancellation());
            assertThat(again.x()).isSameAs(l.x());
            assertThat(again.millis()).isZero();
        }
    }

    @Test
    void aCancelledLayoutStops() {
        try (LineageLayout layouts = new LineageLayout()) {
            Cancellation cancelled = new Cancellation();
            cancelled.cancel();
            GraphView view = GraphViews.build(GraphViewsTest.random(9, 200), Map.of(), GraphViewsTest.options(4, 1_000));
            Assertions.assertThatThrownBy(() -> layouts.layout(view, cancelled)).isInstanceOf(CancellationException.class);
        }
    }

    @Test
    void steppedRoutesTurnOnlyAtRightAngles() {
        double[] stepped = LineageLayout.stepped(new double[] {0, 0, 100, 50, 200, 50, 300, 10});
        for (int k = 0; k + 3 < stepped.length; k += 2) {
            assertThat(stepped[k] == stepped[k + 2] || stepped[k + 1] == stepped[k + 3]).as("segment %d", k / 2).isTrue();
        }
        assertThat(stepped).startsWith(0, 0).endsWith(300, 10);
    }
}
