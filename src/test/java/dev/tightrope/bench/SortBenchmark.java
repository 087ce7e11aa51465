package dev.tightrope.bench;

import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetSort;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SourceStatus;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.Tightrope;
import dev.tightrope.sync.ConnectorRegistry;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sorting the inventory of an existing cache (the ingest benchmark's 1M assets): the ordered id
 * list the inventory pages through, by name and by risk both ways, and by risk with a kind filter.
 * The first run adds findings on one asset in 50 ({@link SyntheticFindings}) as a source of their
 * own, so risk has something to order. Target: by risk about as fast as by name (both walk an
 * index; nothing sorts a million rows).
 *
 * <p>Arguments: {@code <workspaceDir> [runs]} (default 7 timed runs per order after one warm-up).
 */
public final class SortBenchmark {

    /** One order's figures. */
    public record Timing(String label, long rows, double bestMillis, double medianMillis) {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        print(run(dir, runs));
    }

    static void print(List<Timing> timings) {
        double byName = timings.get(0).medianMillis();
        for (Timing t : timings) {
            System.out.printf("sort: %-32s %,9d ids, median %7.1f ms, best %7.1f ms (%.2fx by name)%n", t.label(), t.rows(),
                    t.medianMillis(), t.bestMillis(), t.medianMillis() / byName);
        }
    }

    public static List<Timing> run(Path dir, int runs) {
        ConnectorRegistry registry = new ConnectorRegistry(List.of(SyntheticEstate.factory(), SyntheticFindings.factory()));
        try (Tightrope t = Tightrope.open(dir, registry)) {
            addFindings(t);
            AssetFilter all = AssetFilter.all();
            return List.of(
                    time(t, "by name, A to Z", all, AssetSort.byName(), runs),
                    time(t, "by risk, worst first", all, new AssetSort(AssetSort.Column.RISK, false), runs),
                    time(t, "by risk, least first", all, new AssetSort(AssetSort.Column.RISK, true), runs),
                    time(t, "models by risk, worst first", all.withKinds(Set.of(AssetKind.MODEL)),
                            new AssetSort(AssetSort.Column.RISK, false), runs));
        }
    }

    /** The findings source, once: one asset in 50 of the estate's. */
    private static void addFindings(Tightrope t) {
        if (t.sources().find("findings").isPresent()) {
            return;
        }
        long estate = t.sources().list().stream().filter(s -> s.config().type().equals(SyntheticEstate.TYPE))
                .mapToLong(SourceStatus::assets).sum();
        t.sources().add(new SourceConfig("findings", SyntheticFindings.TYPE, Map.of("assets", String.valueOf(estate))));
        long start = System.nanoTime();
        List<SyncRun> runs = t.sources().sync("findings", true, SyncListener.NONE, new Cancellation());
        if (!runs.get(0).status().name().startsWith("SUCCEEDED")) {
            throw new IllegalStateException("adding the findings failed: " + runs.get(0).message());
        }
        System.out.printf("sort: added findings to one asset in 50 of %,d in %.1f s (a sync of its own)%n", estate,
                (System.nanoTime() - start) / 1e9);
    }

    private static Timing time(Tightrope t, String label, AssetFilter filter, AssetSort sort, int runs) {
        t.inventory().ids(filter, sort);
        long[] nanos = new long[runs];
        long rows = 0;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            rows = t.inventory().ids(filter, sort).length;
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return new Timing(label, rows, nanos[0] / 1e6, nanos[runs / 2] / 1e6);
    }
}
