package dev.tightrope.ui.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.service.lineage.GraphView;
import dev.tightrope.service.lineage.GraphViews;
import dev.tightrope.service.lineage.ViewOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lineage-view benchmark end to end at a small size, and its generated graphs are what it says. */
class LineageViewBenchmarkSmokeTest {

    @Test
    void layoutFramesAndFirstPaintRun() throws Exception {
        // the toolkit the TestFX tests share, started the way they start it
        org.testfx.api.FxToolkit.registerPrimaryStage();
        LineageViewBenchmark.Result r = LineageViewBenchmark.run(150, 600, 5_000, 5);
        assertThat(r.layout1kSeconds()).isPositive();
        assertThat(r.layout10kSeconds()).isPositive();
        assertThat(r.meanFrameMillis()).isPositive();
        assertThat(r.boxesDrawn()).isPositive();
        // grouping folds a 5,000-asset lineage into what fits a screen
        assertThat(r.shownOf100k()).isBetween(10, 1_000);
    }

    @Test
    void theGeneratedLineageIsOneConnectedDagFromOneDataset() {
        var g = LineageViewBenchmark.graph(2_000, 3);
        assertThat(g.nodes()).hasSize(2_000);
        assertThat(g.edges().size()).isBetween(2_000, 3_200);
        GraphView all = GraphViews.build(g, Map.of(), new ViewOptions(LineageViewModel.MAX_DEPTH, Integer.MAX_VALUE,
                java.util.Set.of(), java.util.Set.of(), "", null, java.util.Set.of(), java.util.Set.of(), java.util.Set.of(), java.util.Set.of()));
        assertThat(all.nodes()).hasSize(2_000);
    }
}
