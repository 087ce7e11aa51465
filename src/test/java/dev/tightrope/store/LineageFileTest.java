package dev.tightrope.store;

import static dev.tightrope.store.StoreFixture.asset;
import static dev.tightrope.store.StoreFixture.dataset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.domain.Edge;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.SyncMode;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.port.IngestStore.IngestSession;
import dev.tightrope.store.CrashPoints.Point;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edges live in the lineage file next to the cache; a sync commits there after the cache.
 * These tests cut the process off between the two commits (an Error thrown from the commit
 * stands for the process dying: nothing after it runs, and closing the connections rolls back
 * whatever was open) and check that reopening ends in the state of a whole run or of none.
 */
class LineageFileTest {

    @TempDir
    Path dir;

    /** The crash point the next run is cut off at; none until a test arms it. */
    private final Trap trap = new Trap();

    /** Syncs a chain of datasets n0 -> n1 -> ... -> n(k-1), full mode. */
    private static void chain(StoreFixture f, int k) {
        try (IngestSession s = f.ingest.begin(f.source)) {
            for (int i = 0; i < k; i++) {
                s.asset(asset(dataset("n" + i), null));
                if (i > 0) {
                    s.edge(new Edge(dataset("n" + (i - 1)), dataset("n" + i), EdgeType.READS));
                }
            }
            s.commit(SyncMode.FULL, "k" + k);
        }
    }

    private static long count(Database db, String sql) {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        });
    }

    private static final class Died extends Error {
        Died() {
            super("the process died here");
        }
    }

    /** Crash points that run what a test armed when a run reaches its point. */
    private static final class Trap implements CrashPoints {
        private volatile Point point;
        private volatile Runnable failure;

        void arm(Point at, Runnable fail) {
            failure = fail;
            point = at;
        }

        void disarm() {
            point = null;
        }

        @Override
        public void reached(Point reached) {
            if (reached == point) {
                failure.run();
            }
        }
    }

    /** Runs {@code sync} with the process "dying" at {@code point}, then abandons the cache as a dead process would. */
    private void dieAt(Point point, StoreFixture f, Runnable sync) {
        trap.arm(point, () -> {
            throw new Died();
        });
        assertThatThrownBy(sync::run).isInstanceOf(Died.class);
        trap.disarm();
        f.close();
    }

    @Test
    void edgesOfARunTheCacheCommittedAreCommittedWhenTheCacheNextOpens() {
        StoreFixture f = new StoreFixture(dir, trap);
        chain(f, 3);
        dieAt(Point.AFTER_CACHE_COMMIT, f, () -> chain(f, 6));

        try (StoreFixture again = new StoreFixture(dir)) {
            assertThat(count(again.db, "SELECT count(*) FROM assets WHERE stub = 0")).isEqualTo(6);
            assertThat(count(again.db, "SELECT count(*) FROM edges WHERE gone_at IS NULL")).isEqualTo(5);
            assertThat(count(again.db, "SELECT count(*) FROM lineage.staged_edges")).isZero();
            assertThat(again.db.notices()).singleElement().asString().contains("committed now");
            assertThat(again.db.integrityCheck()).isEqualTo("ok");
            assertThat(again.ingest.cursor("lake")).isEqualTo("k6");
        }
    }

    @Test
    void edgesOfARunTheCacheNeverCommittedAreDiscarded() {
        StoreFixture f = new StoreFixture(dir, trap);
        chain(f, 3);
        dieAt(Point.BEFORE_CACHE_COMMIT, f, () -> chain(f, 6));

        try (StoreFixture again = new StoreFixture(dir)) {
            assertThat(count(again.db, "SELECT count(*) FROM assets WHERE stub = 0")).isEqualTo(3);
            assertThat(count(again.db, "SELECT count(*) FROM edges")).isEqualTo(2);
            assertThat(count(again.db, "SELECT count(*) FROM lineage.staged_runs")).isZero();
            assertThat(again.db.notices()).isEmpty();
            assertThat(again.db.integrityCheck()).isEqualTo("ok");
            assertThat(again.sources.runs("lake", 1).get(0).status()).isEqualTo(SyncStatus.INTERRUPTED);
            // and the next run goes through as usual
            chain(again, 4);
            assertThat(count(again.db, "SELECT count(*) FROM edges WHERE gone_at IS NULL")).isEqualTo(3);
        }
    }

    @Test
    void aRunThatFailsAfterStagingItsEdgesLeavesNoneBehind() {
        try (StoreFixture f = new StoreFixture(dir, trap)) {
            chain(f, 3);
            trap.arm(Point.BEFORE_CACHE_COMMIT, () -> {
                throw new IllegalStateException("disk full");
            });
            assertThatThrownBy(() -> chain(f, 6)).hasMessageContaining("previous state is intact");
            trap.disarm();
            assertThat(count(f.db, "SELECT count(*) FROM edges")).isEqualTo(2);
            assertThat(count(f.db, "SELECT count(*) FROM lineage.staged_edges")).isZero();
            assertThat(f.sources.runs("lake", 1).get(0).status()).isEqualTo(SyncStatus.FAILED);
        }
    }

    @Test
    void openingWhileAnotherProcessSyncsNeitherWaitsNorTouchesItsRun() throws Exception {
        try (StoreFixture f = new StoreFixture(dir)) {
            chain(f, 3);
        }
        // "another process": its run is RUNNING, its edges are staged, and it holds the cache's write lock
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("cache.db"));
             Statement s = other.createStatement()) {
            s.execute("ATTACH DATABASE '" + dir.resolve("cache-lineage.db") + "' AS lineage");
            s.execute("INSERT INTO sync_runs(id, source_id, mode, status, started_at) VALUES (77, 1, 'FULL', 'RUNNING', 1)");
            s.execute("INSERT INTO lineage.staged_runs VALUES (77, 1, 1, 1)");
            s.execute("INSERT INTO lineage.staged_edges VALUES (1, 2, 1)");
            s.execute("BEGIN");
            s.execute("UPDATE main.meta SET value = value WHERE 0");

            long start = System.nanoTime();
            try (StoreFixture f = new StoreFixture(dir)) {
                assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
                assertThat(f.sources.runs("lake", 1).get(0).status()).isEqualTo(SyncStatus.RUNNING);
                assertThat(count(f.db, "SELECT count(*) FROM lineage.staged_edges")).isEqualTo(1);
                assertThat(count(f.db, "SELECT count(*) FROM edges")).isEqualTo(2);
            }
            s.execute("ROLLBACK");
        }
        // the other process died: the next open cleans up after it
        try (StoreFixture f = new StoreFixture(dir)) {
            assertThat(f.sources.runs("lake", 1).get(0).status()).isEqualTo(SyncStatus.INTERRUPTED);
            assertThat(count(f.db, "SELECT count(*) FROM lineage.staged_edges")).isZero();
            assertThat(count(f.db, "SELECT count(*) FROM edges")).isEqualTo(2);
            assertThat(f.db.integrityCheck()).isEqualTo("ok");
        }
    }

    @Test
    void anErrorInTheEdgeMergeFailsTheWholeRun() {
        try (StoreFixture f = new StoreFixture(dir, trap)) {
            chain(f, 3);
            trap.arm(Point.LINEAGE_MERGE, () -> {
                throw new OutOfMemoryError("standing in for any Error on the merge's thread");
            });
            assertThatThrownBy(() -> chain(f, 6)).hasMessageContaining("previous state is intact");
            trap.disarm();
            assertThat(count(f.db, "SELECT count(*) FROM assets WHERE stub = 0")).isEqualTo(3);
            assertThat(count(f.db, "SELECT count(*) FROM edges")).isEqualTo(2);
            assertThat(count(f.db, "SELECT count(*) FROM lineage.staged_edges")).isZero();
            assertThat(f.sources.runs("lake", 1).get(0).status()).isEqualTo(SyncStatus.FAILED);
            chain(f, 6);
            assertThat(count(f.db, "SELECT count(*) FROM edges WHERE gone_at IS NULL")).isEqualTo(5);
        }
    }

    @Test
    void strayStagedEdgesOfAnAbandonedRunAreNeverMerged() throws Exception {
        try (StoreFixture f = new StoreFixture(dir)) {
            chain(f, 3);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("cache-lineage.db"));
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO staged_edges VALUES (1, 2, 1), (3, 4, 1)");
        }
        try (StoreFixture f = new StoreFixture(dir)) {
            chain(f, 3);
            assertThat(count(f.db, "SELECT count(*) FROM edges")).isEqualTo(2);
            assertThat(f.db.integrityCheck()).isEqualTo("ok");
        }
    }

    @Test
    void aSourceRemovedAndAddedAgainSyncsInTheSameProcess() {
        try (StoreFixture f = new StoreFixture(dir)) {
            chain(f, 3);
            assertThat(f.sources.remove("lake")).isTrue();
            f.sources.add(f.source);
            chain(f, 3);
            assertThat(count(f.db, "SELECT count(*) FROM edges WHERE gone_at IS NULL")).isEqualTo(2);
            assertThat(f.db.integrityCheck()).isEqualTo("ok");
        }
    }

    @Test
    void aMissingLineageFileIsStartedAfreshAndEverySourceReadsEverythingNextTime() throws Exception {
        Path lineage;
        try (StoreFixture f = new StoreFixture(dir)) {
            chain(f, 4);
            lineage = f.db.lineageFile();
        }
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(lineage + suffix));
        }
        try (StoreFixture f = new StoreFixture(dir)) {
            assertThat(f.db.notices()).singleElement().asString().contains("Sync each source again");
            assertThat(f.ingest.cursor("lake")).isNull();
            assertThat(count(f.db, "SELECT count(*) FROM edges")).isZero();
            chain(f, 4);
            assertThat(count(f.db, "SELECT count(*) FROM edges")).isEqualTo(3);
        }
        try (StoreFixture f = new StoreFixture(dir)) {
            assertThat(f.db.notices()).isEmpty();
        }
    }

    @Test
    void aLineageFileOfAnotherCacheIsNotMixedIn() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        try (StoreFixture f = new StoreFixture(other)) {
            chain(f, 5);
        }
        try (StoreFixture f = new StoreFixture(dir)) {
            chain(f, 2);
        }
        Files.copy(other.resolve("cache-lineage.db"), dir.resolve("cache-lineage.db"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(dir.resolve("cache-lineage.db-wal"));
        Files.deleteIfExists(dir.resolve("cache-lineage.db-shm"));
        try (StoreFixture f = new StoreFixture(dir)) {
            assertThat(count(f.db, "SELECT count(*) FROM edges")).isZero();
            assertThat(f.db.notices()).hasSize(1);
            assertThat(f.db.integrityCheck()).isEqualTo("ok");
        }
    }

    @Test
    void aSchemaTwoCacheHasItsEdgesMovedToTheLineageFile() throws Exception {
        Path file = dir.resolve("cache.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            for (String migration : new String[] {"V001__initial.sql", "V002__audit_log.sql"}) {
                try (var in = Database.class.getResourceAsStream("migrations/" + migration)) {
                    for (String statement : SqlScript.statements(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))) {
                        s.execute(statement);
                    }
                }
            }
            s.execute("PRAGMA user_version = 2");
            s.execute("INSERT INTO sources(id, name, type, settings, created_at) VALUES (1, 'lake', 'openlineage', '{}', 0)");
            s.execute("INSERT INTO assets(key, urn, kind, name, source_id, first_seen, last_seen) VALUES "
                    + "(11, 'tr:dataset:x:a', 'dataset', 'a', 1, 0, 0), (22, 'tr:dataset:x:b', 'dataset', 'b', 1, 0, 0)");
            s.execute("INSERT INTO edges(up_key, down_key, type, source_id, first_seen, last_run) VALUES (11, 22, 1, 1, 0, 1)");
        }
        try (Database db = Database.open(file)) {
            assertThat(count(db, "SELECT count(*) FROM lineage.edges WHERE up_key = 11 AND down_key = 22")).isEqualTo(1);
            assertThat(count(db, "SELECT count(*) FROM main.sqlite_schema WHERE name = 'edges'")).isZero();
            assertThat(db.integrityCheck()).isEqualTo("ok");
            assertThat(db.notices()).isEmpty();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            assertThat(rs.getInt(1)).isEqualTo(Database.SCHEMA_VERSION);
        }
    }

    @Test
    void removingASourceRemovesItsEdges() {
        try (StoreFixture f = new StoreFixture(dir)) {
            chain(f, 4);
            assertThat(f.sources.remove("lake")).isTrue();
            assertThat(count(f.db, "SELECT count(*) FROM edges")).isZero();
            assertThat(f.db.integrityCheck()).isEqualTo("ok");
        }
    }

    @Test
    void integrityCheckReportsEdgesOfAMissingSource() {
        try (StoreFixture f = new StoreFixture(dir)) {
            chain(f, 2);
            f.db.write(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("UPDATE lineage.edges SET source_id = 99");
                }
            });
            assertThat(f.db.integrityCheck()).contains("1 edge(s) refer to a missing source");
        }
    }

    @Test
    void theTwoFilesArePairedAndBothInWalMode() throws Exception {
        List<String> modes = new ArrayList<>();
        try (StoreFixture f = new StoreFixture(dir)) {
            modes.add(f.db.read(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA lineage.journal_mode")) {
                    return rs.getString(1);
                }
            }));
            assertThat(f.db.lineageFile()).isEqualTo(dir.resolve("cache-lineage.db"));
        }
        assertThat(modes).containsExactly("wal");
        assertThat(Database.lineageFileFor(Path.of("/w/cache.db"))).isEqualTo(Path.of("/w/cache-lineage.db"));
    }
}
