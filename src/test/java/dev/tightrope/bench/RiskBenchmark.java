package dev.tightrope.bench;

import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.OwnerType;
import dev.tightrope.domain.RiskDashboard;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.RiskService;
import dev.tightrope.service.Tightrope;
import dev.tightrope.sync.ConnectorRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The risk model on a synthetic estate with findings: the first sync computes every asset's risk;
 * an incremental sync that moves the findings of about {@code changed} assets refreshes only what
 * it touched; then the dashboard's figures are read: opened after the sync (which read them), after a
 * user's edit (read again), and again with nothing changed (median of five). Targets (2 cores):
 * refresh after 10,000 changed assets under 2 s, dashboard on 1,000,000 assets under 1 s.
 * Run: {@code Benchmarks risk [assets] [changed]} (defaults 1,000,000 and 10,000).
 */
public final class RiskBenchmark {

    public record Result(long assets, double firstSyncSeconds, RiskService.Refresh first, RiskService.Refresh incremental,
                         double dashboardAfterSyncSeconds, double dashboardAfterEditSeconds, double dashboardMedianSeconds,
                         RiskDashboard dashboard) {
    }

    public static Result run(int assets, int changed, Path dir) throws Exception {
        // half the changed assets lose their findings and about as many gain some: one asset in `every` has findings
        int every = Math.max(2, assets / Math.max(1, changed / 2));
        ConnectorRegistry registry = new ConnectorRegistry(List.of(SyntheticEstate.factory(), SyntheticFindings.factory()));
        try (Tightrope t = Tightrope.open(dir.resolve("ws"), registry)) {
            t.sources().add(new SourceConfig("estate", SyntheticEstate.TYPE, Map.of("assets", String.valueOf(assets), "edgesPerAsset", "2")));
            t.sources().add(findings(assets, every, 11));
            long start = System.nanoTime();
            t.sources().sync(null, true, SyncListener.NONE, new Cancellation());
            double firstSync = (System.nanoTime() - start) / 1e9;
            RiskService.Refresh first = t.risk().lastRefresh();
            t.sources().update(findings(assets, every, 12));
            t.sources().sync("findings", false, SyncListener.NONE, new Cancellation());
            RiskService.Refresh incremental = t.risk().lastRefresh();
            // the sync read the figures already: the dashboard opened now shows them
            start = System.nanoTime();
            RiskDashboard d = t.risk().dashboard();
            double afterSync = (System.nanoTime() - start) / 1e9;
            // a user's edit (an owner assigned by hand) changes the cache: every figure is read again
            t.inventory().assignOwner(SyntheticEstate.urn(7), "benchmark-team", OwnerType.TEAM, OwnerRole.TECHNICAL_OWNER, "bench");
            start = System.nanoTime();
            t.risk().dashboard();
            double afterEdit = (System.nanoTime() - start) / 1e9;
            double[] warm = new double[5];
            for (int i = 0; i < warm.length; i++) {
                start = System.nanoTime();
                d = t.risk().dashboard();
                warm[i] = (System.nanoTime() - start) / 1e9;
            }
            Arrays.sort(warm);
            return new Result(d.assets(), firstSync, first, incremental, afterSync, afterEdit, warm[warm.length / 2], d);
        }
    }

    private static SourceConfig findings(int assets, int every, long seed) {
        return new SourceConfig("findings", SyntheticFindings.TYPE, Map.of("assets", String.valueOf(assets), "every", String.valueOf(every),
                "seed", String.valueOf(seed)));
    }

    public static void main(String[] args) throws Exception {
        int assets = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int changed = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Result r = run(assets, changed, Files.createTempDirectory("tightrope-risk-bench-"));
        System.out.printf("risk: first sync of %,d assets with findings %.2f s, of which the risk of %,d assets %.2f s%n", r.assets(),
                r.firstSyncSeconds(), r.first().counts().computed(), r.first().took().toNanos() / 1e9);
        System.out.printf("risk: refresh after an incremental sync that changed %,d assets (%,d computed with what they touch): %.3f s"
                + " (target < 2 s at 10,000)%n", r.incremental().counts().dirty(), r.incremental().counts().computed(),
                r.incremental().took().toNanos() / 1e9);
        System.out.printf("risk: dashboard figures on %,d assets: opened after the sync %.3f s, after a user's edit (all read again)"
                + " %.3f s, again with nothing changed (median of 5) %.3f s (target < 1 s at 1M)%n", r.assets(),
                r.dashboardAfterSyncSeconds(), r.dashboardAfterEditSeconds(), r.dashboardMedianSeconds());
    }

    private RiskBenchmark() {
    }
}
