package dev.tightrope.bench;

import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.OwnershipService;
import dev.tightrope.service.Tightrope;
import dev.tightrope.sync.ConnectorRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The owner rules applied to every asset of a synthetic estate (one rule of each pattern type,
 * plus a catch-all), the inherited claims computed along its lineage, and coverage. Prints seconds
 * per phase. Run: {@code Benchmarks ownership [assets]} (default 100,000).
 */
public final class OwnershipBenchmark {

    static final String RULES = """
            tr:*                               team:catch-all
            tr:model:synthetic:*               team:model-owners
            source:estate                      team:estate-stewards role=steward
            tag:fraud                          team:fraud-ml
            property:region=eu-*               team:eu-data role=business_owner
            """;

    static final String PARTIAL_RULES = """
            tr:model:synthetic:*               team:model-owners
            tag:fraud                          team:fraud-ml
            """;

    public record Result(long assets, double applySeconds, double reapplySeconds, double inheritSeconds,
                         double coverageSeconds, long ruleClaims, long inheritedClaims) {
    }

    public static Result run(int assets, Path dir) throws Exception {
        try (Tightrope t = Tightrope.open(dir.resolve("ws"), ConnectorRegistry.defaults().with(SyntheticEstate.factory()))) {
            t.sources().add(new SourceConfig("estate", SyntheticEstate.TYPE, Map.of("assets", String.valueOf(assets),
                    "edgesPerAsset", "2")));
            t.sources().sync("estate", true, SyncListener.NONE, new Cancellation());
            OwnershipService ownership = t.ownership();
            Files.writeString(ownership.rulesFile(), RULES);
            long start = System.nanoTime();
            var first = ownership.applyRules();
            double apply = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            ownership.applyRules();
            double reapply = (System.nanoTime() - start) / 1e9;
            // inheritance needs unowned assets: rules that match only some of them leave the rest
            Files.writeString(ownership.rulesFile(), PARTIAL_RULES);
            ownership.applyRules();
            start = System.nanoTime();
            long inherited = ownership.setInheritance(true);
            double inherit = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            ownership.coverage();
            double coverage = (System.nanoTime() - start) / 1e9;
            return new Result(assets, apply, reapply, inherit, coverage, first.result().claims(), inherited);
        }
    }

    public static void main(String[] args) throws Exception {
        int assets = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("tightrope-ownership-bench-");
        Result r = run(assets, dir);
        System.out.printf("ownership on %,d assets: rules applied %.2fs (%,d rule claims), re-applied unchanged %.2fs, "
                + "inheritance on %.2fs (%,d inherited claims), coverage %.3fs%n", r.assets(), r.applySeconds(), r.ruleClaims(),
                r.reapplySeconds(), r.inheritSeconds(), r.inheritedClaims(), r.coverageSeconds());
    }

    private OwnershipBenchmark() {
    }
}
