package dev.tightrope.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tightrope.domain.Asset;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.Tightrope;
import dev.tightrope.sync.ConnectorRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Sync-ingest of a synthetic estate (assets + edges per asset + owners + properties) into a fresh
 * cache, against a bare JDBC batch insert of the same rows into unindexed tables in the same run.
 * Targets (2 cores): 1,000,000 assets with 3,000,000 edges in under 30 s; within 3x of bare.
 *
 * <p>Arguments: {@code [assets] [edgesPerAsset] [workspaceDir]}; defaults 1000000 3 and a temp
 * directory (kept, and printed, so the search and inventory benchmarks can reuse it).
 */
public final class IngestBenchmark {

    public record Result(Path workspace, long assets, long edges, double ingestSeconds, double bareSeconds,
                         double checkpointSeconds, double riskSeconds) {
        double ratio() {
            return ingestSeconds / bareSeconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int assets = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int edges = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("tightrope-bench-");
        Result r = run(assets, edges, dir);
        print(r);
    }

    static void print(Result r) {
        System.out.printf("ingest: %,d assets, %,d edges in %.2f s (%,.0f assets/s); target < 30 s at 1M%n",
                r.assets(), r.edges(), r.ingestSeconds(), r.assets() / r.ingestSeconds());
        System.out.printf("ingest: then the risk model scored every asset the run changed: %.2f s more (see the risk benchmark)%n",
                r.riskSeconds());
        System.out.printf("ingest: bare JDBC batch insert of the same rows into unindexed tables: %.2f s%n", r.bareSeconds());
        System.out.printf("ingest: ratio to bare %.2fx (target <= 3x)%n", r.ratio());
        System.out.printf("ingest: then the background WAL checkpoint (copying the committed run into the database "
                + "files, after the run is visible) took %.2f s more%n", r.checkpointSeconds());
        System.out.printf("ingest: cache %s (cache.db %,d MB, cache-lineage.db %,d MB)%n", r.workspace(),
                size(r.workspace().resolve("cache.db")) / (1 << 20), size(r.workspace().resolve("cache-lineage.db")) / (1 << 20));
    }

    public static Result run(int assets, int edgesPerAsset, Path dir) throws Exception {
        Files.createDirectories(dir);
        double bare = bareInsert(assets, edgesPerAsset, dir.resolve("bare.db"));
        Files.deleteIfExists(dir.resolve("bare.db"));
        Files.deleteIfExists(dir.resolve("bare.db-wal"));
        Files.deleteIfExists(dir.resolve("bare.db-shm"));
        ConnectorRegistry registry = new ConnectorRegistry(List.of(SyntheticEstate.factory()));
        Tightrope t = Tightrope.open(dir, registry);
        t.sources().add(new SourceConfig("estate", SyntheticEstate.TYPE,
                Map.of("assets", String.valueOf(assets), "edgesPerAsset", String.valueOf(edgesPerAsset))));
        long start = System.nanoTime();
        List<SyncRun> runs = t.sources().sync("estate", true, SyncListener.NONE, new Cancellation());
        long committed = System.nanoTime();
        // the sync ends with the risk model scoring what it changed (here: everything); the ingest is the rest
        double risk = t.risk().lastRefresh().took().toNanos() / 1e9;
        // closing waits for the background checkpoint the run scheduled
        t.close();
        double checkpoint = (System.nanoTime() - committed) / 1e9;
        SyncRun run = runs.get(0);
        if (!run.status().name().startsWith("SUCCEEDED")) {
            throw new IllegalStateException("benchmark sync failed: " + run.message());
        }
        return new Result(dir, run.assetsSeen(), run.edgesSeen(), (committed - start) / 1e9 - risk, bare, checkpoint, risk);
    }

    /** The same rows, generated the same way, inserted into tables without keys or indexes. */
    static double bareInsert(int assets, int edgesPerAsset, Path file) throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("CREATE TABLE assets(key INTEGER, urn TEXT, kind TEXT, name TEXT, description TEXT, source_id INTEGER, "
                        + "source_ref TEXT, properties TEXT, tags TEXT, first_seen INTEGER, last_seen INTEGER)");
                s.execute("CREATE TABLE edges(up_key INTEGER, down_key INTEGER, type TEXT, source_id INTEGER, first_seen INTEGER)");
                s.execute("CREATE TABLE owners(asset_key INTEGER, owner TEXT, owner_type TEXT, role TEXT, since INTEGER)");
            }
            long start = System.nanoTime();
            c.setAutoCommit(false);
            SplittableRandom r = new SplittableRandom(42);
            long now = System.currentTimeMillis();
            try (PreparedStatement a = c.prepareStatement("INSERT INTO assets VALUES (?,?,?,?,?,?,?,?,?,?,?)");
                 PreparedStatement e = c.prepareStatement("INSERT INTO edges VALUES (?,?,?,?,?)");
                 PreparedStatement o = c.prepareStatement("INSERT INTO owners VALUES (?,?,?,?,?)")) {
                int na = 0;
                int ne = 0;
                int no = 0;
                for (int i = 0; i < assets; i++) {
                    Asset asset = SyntheticEstate.asset(i, r, "a");
                    String urn = asset.urn().toString();
                    long key = urn.hashCode();
                    a.setLong(1, key);
                    a.setString(2, urn);
                    a.setString(3, asset.kind().token());
                    a.setString(4, asset.name());
                    a.setString(5, asset.description());
                    a.setLong(6, 1);
                    a.setString(7, asset.sourceRef());
                    a.setString(8, json.writeValueAsString(asset.properties()));
                    a.setString(9, json.writeValueAsString(asset.tags()));
                    a.setLong(10, now);
                    a.setLong(11, now);
                    a.addBatch();
                    if (++na % 2000 == 0) {
                        a.executeBatch();
                    }
                    if (r.nextInt(10) < 7) {
                        o.setLong(1, key);
                        o.setString(2, SyntheticEstate.TEAMS[r.nextInt(SyntheticEstate.TEAMS.length)]);
                        o.setString(3, "TEAM");
                        o.setString(4, "TECHNICAL_OWNER");
                        o.setLong(5, now);
                        o.addBatch();
                        if (++no % 2000 == 0) {
                            o.executeBatch();
                        }
                    }
                    if (i > 0) {
                        for (int k = 0; k < edgesPerAsset; k++) {
                            int up = r.nextInt(i);
                            e.setLong(1, SyntheticEstate.urn(up).toString().hashCode());
                            e.setLong(2, key);
                            e.setString(3, "edge" + k);
                            e.setLong(4, 1);
                            e.setLong(5, now);
                            e.addBatch();
                            if (++ne % 2000 == 0) {
                                e.executeBatch();
                            }
                        }
                    }
                }
                a.executeBatch();
                e.executeBatch();
                o.executeBatch();
            }
            c.commit();
            return (System.nanoTime() - start) / 1e9;
        }
    }

    static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
