package dev.tightrope.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.store.LineageRepository;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lineage query benchmark on a 20,000-asset estate: every answer as the reference's, at every kind of root. */
class LineageQueryBenchmarkSmokeTest {

    @TempDir
    Path dir;

    @Test
    void walksImpactSetsAndPathsAnswerAsTheReferenceLineage() throws Exception {
        IngestBenchmark.run(20_000, 3, dir);

        LineageQueryBenchmark.Result r = LineageQueryBenchmark.run(dir, new LineageQueryBenchmark.Settings(5, 3, 1_000, 6, 2));

        assertThat(r.assets()).isEqualTo(20_000);
        assertThat(r.edges()).isEqualTo(3 * 19_999);
        assertThat(r.figures()).as("walks three ways from two kinds of root, two ways from the first dataset; impact; path")
                .hasSize(3 * 2 + 2 + 2);
        for (LineageQueryBenchmark.Figure f : r.figures()) {
            assertThat(f.sizes()).as(f.label()).isEqualTo(f.referenceSizes());
            assertThat(f.nanos()).as(f.label()).hasSize(2 * f.sizes().size());
        }
        assertThat(figure(r, "walk depth 5 downstream from the first dataset").sizes()).as("the node cap stops it")
                .containsExactly((long) LineageRepository.DEFAULT_NODE_CAP);
        assertThat(figure(r, "impact set of the 3 datasets").sizes()).hasSize(3)
                .allSatisfy(size -> assertThat(size).isBetween(950L, 1_050L));
        assertThat(figure(r, "path over 6 hops").sizes()).containsExactly(6L, 6L, 6L);
        LineageQueryBenchmark.print(r);
    }

    private static LineageQueryBenchmark.Figure figure(LineageQueryBenchmark.Result r, String label) {
        return r.figures().stream().filter(f -> f.label().startsWith(label)).findFirst().orElseThrow();
    }
}
