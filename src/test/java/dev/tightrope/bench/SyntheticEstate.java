package dev.tightrope.bench;

import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.OwnerClaim;
import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.RecordSink;
import dev.tightrope.sync.Connector;
import dev.tightrope.sync.ConnectorFactory;
import dev.tightrope.sync.SyncContext;
import dev.tightrope.sync.SyncResult;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic synthetic AI estate for benchmarks and crash tests: {@code assets} assets of
 * every kind with properties and owners (about 70% owned), and {@code edgesPerAsset} lineage
 * edges from each asset to earlier ones (a DAG). Settings: {@code assets}, {@code edgesPerAsset},
 * {@code seed}, {@code variant} (changes descriptions, to exercise re-indexing).
 */
public final class SyntheticEstate implements Connector {

    public static final String TYPE = "synthetic";

    static final String[] WORDS = {"fraud", "credit", "risk", "support", "chat", "churn", "ranking", "search", "vision",
        "speech", "txns", "cards", "bureau", "claims", "payments", "loans", "marketing", "propensity", "kyc", "aml",
        "forecast", "embedding", "summarise", "classifier", "detector", "features", "labels", "events", "ledger", "scoring"};
    static final String[] TEAMS = {"fraud-ml", "credit-risk", "support-ai", "ml-platform", "data-eng", "search", "vision",
        "marketing-analytics", "payments", "kyc-ops"};
    /**
     * The kinds the estate's assets take in turn: those the estate was first built with, so a kind
     * added later (machine, agent skill) changes neither the estate nor the figures measured on it.
     */
    static final AssetKind[] KINDS = java.util.Arrays.stream(AssetKind.values())
            .filter(k -> k != AssetKind.MACHINE && k != AssetKind.AGENT_SKILL).toArray(AssetKind[]::new);

    private final int assets;
    private final int edgesPerAsset;
    private final long seed;
    private final String variant;

    public SyntheticEstate(int assets, int edgesPerAsset, long seed, String variant) {
        this.assets = assets;
        this.edgesPerAsset = edgesPerAsset;
        this.seed = seed;
        this.variant = variant;
    }

    public static ConnectorFactory factory() {
        return new ConnectorFactory() {
            @Override
            public String type() {
                return TYPE;
            }

            @Override
            public String description() {
                return "synthetic estate for benchmarks and tests";
            }

            @Override
            public List<SettingSpec> settings() {
                return List.of(new SettingSpec("assets", "how many assets", true, false),
                        new SettingSpec("edgesPerAsset", "lineage edges per asset", false, false),
                        new SettingSpec("seed", "random seed", false, false),
                        new SettingSpec("variant", "changes descriptions", false, false));
            }

            @Override
            public Connector create(SourceConfig c) {
                return new SyntheticEstate(Integer.parseInt(c.requireSetting("assets")),
                        Integer.parseInt(c.settings().getOrDefault("edgesPerAsset", "3")),
                        Long.parseLong(c.settings().getOrDefault("seed", "42")),
                        c.settings().getOrDefault("variant", "a"));
            }
        };
    }

    /** The URN of asset {@code i}. */
    public static Urn urn(int i) {
        AssetKind kind = KINDS[i % KINDS.length];
        return Urn.of(kind, TYPE, "estate/" + kind.token() + "/" + i);
    }

    /** The asset record for {@code i}: what both the ingest and the bare baseline write. */
    public static Asset asset(int i, SplittableRandom r, String variant) {
        Urn urn = urn(i);
        String a = WORDS[r.nextInt(WORDS.length)];
        String b = WORDS[r.nextInt(WORDS.length)];
        String team = TEAMS[r.nextInt(TEAMS.length)];
        return Asset.builder(urn, a + "-" + b + "-" + i)
                .description("Synthetic " + urn.kind().label().toLowerCase() + " for " + a + " " + b + " (" + variant + ")")
                .property("team", team)
                .property("region", r.nextBoolean() ? "eu-west-1" : "us-east-1")
                .property("framework", r.nextBoolean() ? "pytorch" : "sklearn")
                .property("rows", r.nextInt(1_000_000))
                .tags(List.of(a, "tier-" + r.nextInt(4)))
                .sourceRef("https://estate.example/" + urn.kind().token() + "/" + i)
                .build();
    }

    @Override
    public SyncResult sync(SyncContext context, RecordSink sink) throws InterruptedException {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < assets; i++) {
            Asset asset = asset(i, r, variant);
            sink.asset(asset);
            if (r.nextInt(10) < 7) {
                sink.owner(OwnerClaim.fromSource(asset.urn(), "team:" + TEAMS[r.nextInt(TEAMS.length)], null, OwnerRole.TECHNICAL_OWNER));
            }
            if (i > 0) {
                for (int e = 0; e < edgesPerAsset; e++) {
                    int up = r.nextInt(i);
                    sink.edge(new Edge(urn(up), asset.urn(), EdgeType.values()[e % EdgeType.values().length]));
                }
            }
            if ((i & 0x3fff) == 0) {
                context.checkCancelled();
                context.progress(i, assets, "generating");
            }
        }
        return SyncResult.full(null);
    }
}
