package dev.tightrope.store;

import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.Urn;
import java.nio.file.Path;
import java.util.Map;

/** A real cache file in a temp directory with one source, for store tests. */
final class StoreFixture implements AutoCloseable {
    final Database db;
    final SqliteIngestStore ingest;
    final AssetRepository assets;
    final SourceRepository sources;
    final UserRecords user;
    final FindingTriage triage;
    final SourceConfig source;

    StoreFixture(Path dir) {
        this(dir, CrashPoints.NONE);
    }

    /** As above, its sync runs passing {@code crashPoints} on their way through the commit. */
    StoreFixture(Path dir, CrashPoints crashPoints) {
        db = Database.open(dir.resolve("cache.db"));
        ingest = new SqliteIngestStore(db, crashPoints);
        assets = new AssetRepository(db);
        sources = new SourceRepository(db);
        user = new UserRecords(db);
        triage = new FindingTriage(db);
        source = new SourceConfig("lake", "openlineage", Map.of("path", "/data"));
        if (sources.find(source.name()).isEmpty()) {
            sources.add(source);
        }
    }

    static Urn dataset(String name) {
        return Urn.of(AssetKind.DATASET, "openlineage", "s3://lake/" + name);
    }

    static Asset asset(Urn urn, String description) {
        return Asset.builder(urn, urn.nativeId().substring(urn.nativeId().lastIndexOf('/') + 1))
                .description(description)
                .property("format", "parquet")
                .build();
    }

    @Override
    public void close() {
        db.close();
    }
}
