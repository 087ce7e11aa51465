package dev.tightrope.bench;

import dev.tightrope.domain.Finding;
import dev.tightrope.domain.Severity;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.port.RecordSink;
import dev.tightrope.sync.Connector;
import dev.tightrope.sync.ConnectorFactory;
import dev.tightrope.sync.SyncContext;
import dev.tightrope.sync.SyncResult;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Findings on a synthetic estate's assets, as a scanner would report them: one asset in
 * {@code every} gets one or two open findings, their worst critical for 5% of them, high 15%,
 * medium 30%, low 30%, info 20%. Settings: {@code assets} (the estate's size), {@code every},
 * {@code seed}.
 */
public final class SyntheticFindings implements Connector {

    public static final String TYPE = "synthetic-findings";
    private static final Severity[] WORST = new Severity[100];

    static {
        for (int i = 0; i < 100; i++) {
            WORST[i] = i < 5 ? Severity.CRITICAL : i < 20 ? Severity.HIGH : i < 50 ? Severity.MEDIUM : i < 80 ? Severity.LOW : Severity.INFO;
        }
    }

    private final int assets;
    private final int every;
    private final long seed;

    public SyntheticFindings(int assets, int every, long seed) {
        this.assets = assets;
        this.every = every;
        this.seed = seed;
    }

    public static ConnectorFactory factory() {
        return new ConnectorFactory() {
            @Override
            public String type() {
                return TYPE;
            }

            @Override
            public String description() {
                return "findings on a synthetic estate, for benchmarks";
            }

            @Override
            public List<SettingSpec> settings() {
                return List.of(new SettingSpec("assets", "the estate's size", true, false),
                        new SettingSpec("every", "one asset in this many has findings", false, false),
                        new SettingSpec("seed", "random seed", false, false));
            }

            @Override
            public Connector create(SourceConfig c) {
                return new SyntheticFindings(Integer.parseInt(c.requireSetting("assets")),
                        Integer.parseInt(c.settings().getOrDefault("every", "50")),
                        Long.parseLong(c.settings().getOrDefault("seed", "11")));
            }
        };
    }

    @Override
    public SyncResult sync(SyncContext context, RecordSink sink) throws InterruptedException {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = r.nextInt(every); i < assets; i += every) {
            Severity worst = WORST[r.nextInt(100)];
            var urn = SyntheticEstate.urn(i);
            sink.finding(new Finding(urn, "synthetic." + worst.token(), worst, "A " + worst.token() + " finding", null, null,
                    "synthetic-scanner", null));
            if (worst != Severity.INFO && r.nextBoolean()) {
                sink.finding(new Finding(urn, "synthetic.info", Severity.INFO, "An informational finding", null, null,
                        "synthetic-scanner", null));
            }
            if ((i & 0xffff) < every) {
                context.checkCancelled();
                context.progress(i, assets, "generating findings");
            }
        }
        return SyncResult.full(null);
    }
}
