package dev.tightrope.store;

import dev.tightrope.base.Threads;
import dev.tightrope.domain.Asset;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.Finding;
import dev.tightrope.domain.OwnerClaim;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.Provenance;
import dev.tightrope.domain.SyncMode;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.IngestStore.IngestSession;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One sync run of one source: one write transaction in {@code cache.db} for assets, owners,
 * findings, the search index and the run's record, and one in the lineage file for its edges,
 * merged on a second connection at the same time (see {@link LineageStore} for the order the two
 * commit in). Records stream into unindexed TEMP staging tables (as fast as a bare insert); at
 * commit they are merged into the cache set-wise, each in key order so B-tree inserts stay
 * local, then the run marks what it no longer saw, refreshes derived columns and the search
 * index, and records itself, all in the one transaction.
 */
final class IngestRun implements IngestSession {

    private static final int MAX_STORED_PROBLEMS = 1_000;
    private static final System.Logger LOG = System.getLogger(IngestRun.class.getName());

    private final Database db;
    private final CrashPoints crashPoints;
    private final Connection c;
    /** The lineage file's writer: the run's edges stage and merge there, in parallel with {@link #c}. */
    private final Connection lc;
    private final String sourceName;
    private final long sourceId;
    private final long runId;
    private final long now;
    private final UrnKeys keys;

    private final Batch assetBatch;
    private final Batch edgeBatch;
    private final Batch ownerBatch;
    private final Batch findingBatch;
    private long seq;
    private Phases t = new Phases("");
    private final long startedNanos = System.nanoTime();

    /*
     * Staging runs on writer threads, one per file: the connector's thread turns records into
     * rows (URN keys, JSON) while the writers bind and insert them, so a large sync uses both cores.
     */
    private final StagingWriter cacheStage;
    private final StagingWriter edgeStage;
    private Thread lineageMerge;
    private volatile Throwable lineageError;
    private volatile boolean lineageStaged;
    private volatile double lineageSeconds;

    private final LongHashSet emitted = new LongHashSet();
    /** Keys emitted more than once in this run: the only ones that can clash inside the run. */
    private final LongHashSet repeated = new LongHashSet();
    private final Map<Long, Urn> referenced = new HashMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private long problemCount;
    private long assetsSeen;
    private long edgesSeen;
    private boolean finished;
    private boolean released;
    private boolean cacheCommitted;
    private SyncRun committedRun;

    IngestRun(Database db, CrashPoints crashPoints, Connection c, Connection lc, String sourceName, long sourceId, long runId,
              long now) throws SQLException {
        this.db = db;
        this.crashPoints = crashPoints;
        this.c = c;
        this.lc = lc;
        this.sourceName = sourceName;
        this.sourceId = sourceId;
        this.runId = runId;
        this.now = now;
        this.keys = db.urnKeys();
        try (Statement s = c.createStatement()) {
            // staging and sorting spill to a temp file (the writers' temp_store), not memory
            s.execute("PRAGMA cache_size=-262144");
            // the commit does not also copy the run into the database file: a background
            // checkpoint does that once the run is committed (Database.checkpointSoon)
            s.execute("PRAGMA wal_autocheckpoint=0");
            for (String ddl : STAGING) {
                s.execute(ddl);
            }
            for (String table : STAGING_TABLES) {
                s.execute("DELETE FROM temp." + table);
            }
        }
        try (Statement s = lc.createStatement()) {
            s.execute("PRAGMA cache_size=-131072");
            // the staged edges must be on disk before the cache commits the run (see LineageStore)
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA wal_autocheckpoint=0");
            s.execute("BEGIN IMMEDIATE");
            // recovery has just dealt with any staged run; rows without one are strays of an abandoned run
            LineageStore.clearStaging(lc);
        }
        assetBatch = new Batch(c.prepareStatement("INSERT INTO temp.stage_assets VALUES (?,?,?,?,?,?,?,?,?,?,?)"));
        ownerBatch = new Batch(c.prepareStatement("INSERT INTO temp.stage_owners VALUES (?,?,?,?,?)"));
        findingBatch = new Batch(c.prepareStatement("INSERT INTO temp.stage_findings VALUES (?,?,?,?,?,?,?)"));
        edgeBatch = new Batch(lc.prepareStatement("INSERT INTO staged_edges(up_key, down_key, type) VALUES (?,?,?)"));
        cacheStage = new StagingWriter("tightrope-ingest-" + sourceName, assetBatch, ownerBatch, findingBatch);
        edgeStage = new StagingWriter("tightrope-edges-" + sourceName, edgeBatch);
    }

    /** Queues one staged row for the cache file: element 0 is the batch it belongs to, the rest its parameters. */
    private void stage(Object[] row) {
        cacheStage.stage(row, sourceName);
    }

    @Override
    public void asset(Asset asset) {
        checkOpen();
        String urn = asset.urn().toString();
        long key = keys.key(urn);
        String props = Json.writeMapOrNull(asset.properties());
        String tags = Json.writeListOrNull(asset.tags());
        stage(new Object[] {assetBatch, ++seq, key, urn, asset.kind().token(), asset.name(), asset.description(),
            asset.digest() == null ? null : asset.digest().toString(), asset.sourceRef(), props, tags,
            contentHash(asset, props, tags)});
        if (!emitted.add(key)) {
            repeated.add(key);
        }
        assetsSeen++;
    }

    @Override
    public void edge(Edge edge) {
        checkOpen();
        edgeStage.stage(new Object[] {edgeBatch, reference(edge.upstream()), reference(edge.downstream()), edge.type().code()},
                sourceName);
        edgesSeen++;
    }

    private long reference(Urn urn) {
        long key = keys.key(urn.toString());
        if (!emitted.contains(key)) {
            referenced.putIfAbsent(key, urn);
        }
        return key;
    }

    @Override
    public void owner(OwnerClaim claim) {
        checkOpen();
        if (claim.provenance() == Provenance.MANUAL) {
            problem(new Problem(claim.asset().toString(), "a source cannot make a manual owner assignment; ignored"));
            return;
        }
        stage(new Object[] {ownerBatch, reference(claim.asset()), claim.owner(), claim.type().name(), claim.role().name(),
            claim.provenance().name()});
    }

    @Override
    public void finding(Finding finding) {
        checkOpen();
        stage(new Object[] {findingBatch, reference(finding.asset()), finding.ruleId(), finding.severity().ordinal(),
            finding.title(), finding.evidence(), finding.location() == null ? "" : finding.location(), finding.detector()});
    }

    @Override
    public void problem(Problem problem) {
        problemCount++;
        if (problems.size() < MAX_STORED_PROBLEMS) {
            problems.add(problem);
        }
    }

    @Override
    public SyncRun commit(SyncMode mode, String newCursor) {
        checkOpen();
        finished = true;
        try {
            t = new Phases(sourceName);
            double streamed = (System.nanoTime() - startedNanos) / 1e9;
            cacheStage.drain(sourceName);
            edgeStage.drain(sourceName);
            t.note(String.format("streamed %.2fs (writers busy: cache %.2fs, edges %.2fs)",
                    streamed, cacheStage.busyNanos / 1e9, edgeStage.busyNanos / 1e9));
            t.mark("staged");
            startLineageMerge(mode == SyncMode.FULL);
            dropCollisions();
            t.mark("collisions");
            long existing = scalar("SELECT count(*) FROM assets");
            long staged = scalar("SELECT count(*) FROM temp.stage_assets");
            mergeAssets(staged, staged > existing / 2 + 10_000);
            t.mark("assets");
            insertStubs();
            t.mark("stubs");
            mergeOwners(existing > 0);
            t.mark("owners");
            mergeFindings();
            t.mark("findings");
            FindingTriage.applyToRun(c, sourceName, runId, now);
            t.mark("triage");
            long gone = mode == SyncMode.FULL ? markGone() : 0;
            t.mark("gone");
            AssetDenormaliser.refreshFindings(c, "SELECT asset_key AS key FROM findings WHERE last_run = " + runId
                    + " UNION SELECT key FROM temp.run_touched"
                    + " UNION SELECT key FROM assets WHERE last_run = " + runId + " AND digest IS NOT NULL");
            t.mark("worst-finding");
            SearchIndex.refreshDirty(c, runId);
            t.mark("search-index");
            long added = scalar("SELECT count(*) FROM assets WHERE first_run = " + runId + " AND stub = 0");
            SyncStatus status = problemCount > 0 ? SyncStatus.SUCCEEDED_WITH_PROBLEMS : SyncStatus.SUCCEEDED;
            String message = problemCount == 0 ? null
                    : problemCount + " record" + (problemCount == 1 ? "" : "s") + " could not be imported";
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE sync_runs SET status = ?, finished_at = ?, assets_seen = ?, edges_seen = ?,
                           assets_added = ?, assets_gone = ?, problems = ?, message = ?, mode = ? WHERE id = ?""")) {
                ps.setString(1, status.name());
                ps.setLong(2, System.currentTimeMillis());
                ps.setLong(3, assetsSeen);
                ps.setLong(4, edgesSeen);
                ps.setLong(5, added);
                ps.setLong(6, gone);
                ps.setLong(7, problemCount);
                setNullable(ps, 8, message);
                ps.setString(9, mode.name());
                ps.setLong(10, runId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE sources SET cursor = ? WHERE id = ?")) {
                setNullable(ps, 1, newCursor);
                ps.setLong(2, sourceId);
                ps.executeUpdate();
            }
            SqliteIngestStore.insertProblems(c, runId, problems);
            SyncRun run = SyncRuns.load(c, runId);
            committedRun = run;
            t.mark("run-record");
            awaitLineageMerge();
            t.mark("lineage-wait");
            closeStatements();
            crashPoints.reached(CrashPoints.Point.BEFORE_CACHE_COMMIT);
            db.commitWriter();
            cacheCommitted = true;
            t.mark("commit");
            crashPoints.reached(CrashPoints.Point.AFTER_CACHE_COMMIT);
            commitLineage();
            t.mark("lineage-commit");
            clearStaging();
            db.checkpointSoon();
            t.done(lineageSeconds);
            return run;
        } catch (SQLException | RuntimeException e) {
            if (cacheCommitted) {
                // the run is in the cache and its staged edges are committed: the next sync or
                // opening of the cache finishes their merge
                LOG.log(System.Logger.Level.WARNING, "after committing sync run " + runId + " of " + sourceName
                        + ", finishing it failed (" + e + "); its lineage edges are completed by the next sync "
                        + "or when the cache is next opened");
                return committedRun;
            }
            cacheStage.stop();
            edgeStage.stop();
            joinLineageMerge();
            closeStatements();
            db.rollbackWriter();
            discardLineage();
            clearStaging();
            db.releaseWriter();
            released = true;
            SqliteIngestStore.finishFailedRun(db, runId, SyncStatus.FAILED, "could not commit: " + e.getMessage(), problems);
            throw new CacheException("The sync of " + sourceName + " could not be committed; the previous state "
                    + "is intact: " + e.getMessage(), e);
        } finally {
            if (!released) {
                released = true;
                db.releaseWriter();
            }
        }
    }

    /** A staged asset whose key another URN already holds (in the cache or in this run) is reported, not stored. */
    private void dropCollisions() throws SQLException {
        List<String> clashing = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT DISTINCT s.urn FROM temp.stage_assets s JOIN assets a ON a.key = s.key WHERE a.urn <> s.urn LIMIT 1000")) {
            while (rs.next()) {
                clashing.add(rs.getString(1));
            }
        }
        if (repeated.size() > 0) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT count(DISTINCT urn) > 1, min(urn), max(urn) FROM temp.stage_assets WHERE key = ?")) {
                for (long key : repeated.toArray()) {
                    ps.setLong(1, key);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && rs.getBoolean(1)) {
                            clashing.add(rs.getString(2));
                            clashing.add(rs.getString(3));
                        }
                    }
                }
            }
        }
        if (clashing.isEmpty()) {
            return;
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM temp.stage_assets WHERE urn = ?")) {
            for (String urn : clashing) {
                problem(new Problem(urn, "its cache key collides with another asset's; this record was not stored"));
                del.setString(1, urn);
                del.addBatch();
            }
            del.executeBatch();
        }
    }

    /**
     * Merges the staged assets into the cache. An asset keeps the source that owns it: a second
     * source reporting the same URN (two sources over one folder, a registry and the CI that
     * pushed to it) adds its owners, findings and edges, but the asset's description and its
     * presence stay the owning source's, so it never moves between sources with the order of
     * their syncs. A source takes an asset over only when its owner no longer reports it (it is
     * gone), was removed, or only referenced it (a stub).
     */
    private void mergeAssets(long staged, boolean bulk) throws SQLException {
        // an asset back from gone, or a stub now reported, is re-indexed like a changed one: its search
        // row and its risk (through fts_dirty) are those of a present asset again
        try (Statement s = c.createStatement()) {
            if (bulk) {
                // a secondary index built by sorting once is far cheaper than a million random inserts
                s.execute("DROP INDEX IF EXISTS assets_name");
            }
            long merged = s.executeUpdate("""
                    INSERT INTO assets(key, urn, kind, name, description, source_id, digest, source_ref, properties, tags,
                                       content_hash, stub, first_seen, last_seen, first_run, last_run, gone_at, fts_dirty)
                    SELECT key, urn, kind, name, description, %1$d, digest, source_ref, properties, tags,
                           content_hash, 0, %2$d, %2$d, %3$d, %3$d, NULL, 0
                    FROM temp.stage_assets WHERE true ORDER BY key, seq
                    ON CONFLICT(key) DO UPDATE SET
                        name = excluded.name, kind = excluded.kind, description = excluded.description,
                        source_id = excluded.source_id, digest = excluded.digest, source_ref = excluded.source_ref,
                        properties = excluded.properties, tags = excluded.tags, content_hash = excluded.content_hash,
                        stub = 0, last_seen = excluded.last_seen, last_run = excluded.last_run, gone_at = NULL,
                        fts_dirty = CASE WHEN (assets.content_hash = excluded.content_hash AND assets.gone_at IS NULL
                                               AND assets.stub = 0) OR assets.first_run = %3$d
                                         THEN assets.fts_dirty ELSE 1 END
                    WHERE assets.urn = excluded.urn
                      AND (assets.source_id = excluded.source_id OR assets.source_id IS NULL
                           OR assets.gone_at IS NOT NULL OR assets.stub = 1)""".formatted(sourceId, now, runId));
            long kept = staged - merged;
            if (kept > 0) {
                LOG.log(System.Logger.Level.INFO, "Sync run " + runId + " of " + sourceName + ": " + kept + " asset"
                        + (kept == 1 ? " record" : " records") + " it reported describe assets another source owns; those keep the owner's description");
            }
            t.mark("assets-merge");
            if (bulk) {
                s.execute("CREATE INDEX assets_name ON assets(name, gone_at, kind, source_id)");
            }
        }
    }

    /**
     * Commits the staged edges with their run (the redo record), then merges them in a second
     * lineage transaction on a thread of its own while this thread merges the assets; that
     * transaction commits only after the cache has ({@link LineageStore}).
     */
    private void startLineageMerge(boolean fullSync) {
        lineageMerge = Threads.daemon("tightrope-lineage-" + sourceName).newThread(() -> {
            long start = System.nanoTime();
            try {
                edgeBatch.ps.close();
                LineageStore.stageRun(lc, runId, sourceId, now, fullSync);
                execute(lc, "COMMIT");
                lineageStaged = true;
                execute(lc, "BEGIN IMMEDIATE");
                crashPoints.reached(CrashPoints.Point.LINEAGE_MERGE);
                LineageStore.merge(lc, runId, sourceId, now, fullSync);
            } catch (Throwable e) {
                // any failure, an Error too, must stop the cache from committing the run
                lineageError = e;
            }
            lineageSeconds = (System.nanoTime() - start) / 1e9;
        });
        lineageMerge.start();
    }

    private void awaitLineageMerge() {
        joinLineageMerge();
        if (lineageError != null) {
            throw new CacheException("merging the lineage edges failed: " + lineageError.getMessage(), lineageError);
        }
    }

    private void joinLineageMerge() {
        if (lineageMerge != null) {
            Threads.joinUninterruptibly(lineageMerge);
        }
    }

    /**
     * The cache has committed the run: the lineage merge commits too. Should that fail, the
     * staged edges are still committed, and the start of the next sync or the next opening
     * of the cache replays them.
     */
    private void commitLineage() {
        try {
            execute(lc, "COMMIT");
        } catch (SQLException e) {
            db.rollbackLineageWriter();
            LOG.log(System.Logger.Level.WARNING, "The lineage edges of sync run " + runId + " (" + sourceName
                    + ") are not committed yet (" + e.getMessage() + "); they will be when the next sync starts "
                    + "or the cache is next opened.");
        }
    }

    /** The run failed: its lineage transaction is rolled back and its committed staging discarded. */
    private void discardLineage() {
        db.rollbackLineageWriter();
        if (!lineageStaged) {
            return;
        }
        try {
            execute(lc, "BEGIN IMMEDIATE");
            LineageStore.clearStaging(lc);
            execute(lc, "COMMIT");
        } catch (SQLException e) {
            db.rollbackLineageWriter();
            // the run is recorded as failed, so the next start of a sync or of the cache discards it
        }
    }

    private void mergeOwners(boolean hadAssets) throws SQLException {
        try (Statement s = c.createStatement()) {
            // an asset whose owners change is re-indexed for search (new assets are indexed anyway,
            // and in a cache that had no assets before this run every asset is new)
            if (hadAssets) {
                s.executeUpdate("""
                    UPDATE assets SET fts_dirty = 1 WHERE fts_dirty = 0 AND first_run <> %d AND key IN (
                        SELECT s.asset_key FROM temp.stage_owners s WHERE NOT EXISTS (
                            SELECT 1 FROM owners o WHERE o.asset_key = s.asset_key AND o.owner = s.owner
                            AND o.role = s.role AND o.provenance = s.provenance))""".formatted(runId));
            }
            s.executeUpdate("""
                    INSERT INTO owners(asset_key, owner, owner_type, role, provenance, source_id, claimed_by, since, last_run)
                    SELECT asset_key, owner, owner_type, role, provenance, %1$d, '%4$s', %2$d, %3$d
                    FROM temp.stage_owners WHERE true ORDER BY asset_key, owner, role, provenance
                    ON CONFLICT(asset_key, owner, role, provenance) DO UPDATE SET
                        owner_type = excluded.owner_type, source_id = excluded.source_id,
                        claimed_by = excluded.claimed_by, last_run = excluded.last_run
                    """.formatted(sourceId, now, runId, sourceName.replace("'", "''")));
        }
    }

    private void mergeFindings() throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("""
                    INSERT INTO findings(asset_key, rule_id, severity, title, evidence, location, detector, source_id,
                                         status, first_seen, last_seen, last_run)
                    SELECT asset_key, rule_id, severity, title, evidence, location, detector, %1$d, 'OPEN', %2$d, %2$d, %3$d
                    FROM temp.stage_findings WHERE true ORDER BY asset_key
                    ON CONFLICT(asset_key, rule_id, location, detector) DO UPDATE SET
                        severity = excluded.severity, title = excluded.title, evidence = excluded.evidence,
                        source_id = excluded.source_id, last_seen = excluded.last_seen, last_run = excluded.last_run,
                        status = CASE WHEN findings.status = 'RESOLVED' THEN 'OPEN' ELSE findings.status END
                    """.formatted(sourceId, now, runId));
        }
    }

    private void insertStubs() throws SQLException {
        if (referenced.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO assets(key, urn, kind, name, source_id, stub, first_seen, last_seen, first_run, last_run, fts_dirty)
                VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, 0)
                ON CONFLICT(key) DO UPDATE SET last_seen = excluded.last_seen, last_run = excluded.last_run, gone_at = NULL,
                    fts_dirty = CASE WHEN assets.gone_at IS NULL THEN assets.fts_dirty ELSE 1 END
                WHERE assets.stub = 1 AND assets.source_id = excluded.source_id""")) {
            int n = 0;
            for (Map.Entry<Long, Urn> e : referenced.entrySet()) {
                if (emitted.contains(e.getKey())) {
                    continue;
                }
                Urn urn = e.getValue();
                ps.setLong(1, e.getKey());
                ps.setString(2, urn.toString());
                ps.setString(3, urn.kind().token());
                ps.setString(4, displayName(urn.nativeId()));
                ps.setLong(5, sourceId);
                ps.setLong(6, now);
                ps.setLong(7, now);
                ps.setLong(8, runId);
                ps.setLong(9, runId);
                ps.addBatch();
                if (++n % Batch.SIZE == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        referenced.clear();
    }

    private long markGone() throws SQLException {
        long gone = update("UPDATE assets SET gone_at = " + now + " WHERE source_id = " + sourceId
                + " AND (last_run IS NULL OR last_run < " + runId + ") AND gone_at IS NULL");
        update("INSERT OR IGNORE INTO risk_dirty(asset_key) SELECT key FROM assets WHERE source_id = " + sourceId
                + " AND gone_at = " + now);
        update("UPDATE assets SET fts_dirty = 1 WHERE fts_dirty = 0 AND key IN (SELECT asset_key FROM owners WHERE source_id = "
                + sourceId + " AND provenance <> 'MANUAL' AND last_run < " + runId + ")");
        update("DELETE FROM owners WHERE source_id = " + sourceId + " AND provenance <> 'MANUAL' AND last_run < " + runId);
        update("INSERT OR IGNORE INTO temp.run_touched(key) SELECT asset_key FROM findings WHERE source_id = "
                + sourceId + " AND status = 'OPEN' AND last_run < " + runId);
        update("UPDATE findings SET status = 'RESOLVED' WHERE source_id = " + sourceId
                + " AND status = 'OPEN' AND last_run < " + runId);
        return gone;
    }

    private long update(String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    private long scalar(String sql) throws SQLException {
        return Database.scalar(c, sql);
    }

    @Override
    public SyncRun abort(boolean cancelled, String message) {
        if (finished) {
            throw new IllegalStateException("this run already ended");
        }
        finished = true;
        cacheStage.stop();
        edgeStage.stop();
        closeStatements();
        db.rollbackWriter();
        db.rollbackLineageWriter();
        clearStaging();
        released = true;
        db.releaseWriter();
        return SqliteIngestStore.finishFailedRun(db, runId, cancelled ? SyncStatus.CANCELLED : SyncStatus.FAILED, message, problems);
    }

    @Override
    public void close() {
        if (!finished) {
            abort(false, "the sync ended without committing");
        }
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("this run already ended");
        }
    }

    /** Empties the staging tables (they are per connection, outside the transaction's files) and the large cache. */
    private void clearStaging() {
        try (Statement s = c.createStatement()) {
            for (String table : STAGING_TABLES) {
                s.execute("DELETE FROM temp." + table);
            }
        } catch (SQLException ignored) {
            // emptied at the start of the next run anyway
        }
        restoreSettings(c, lc);
    }

    private void closeStatements() {
        for (Batch b : new Batch[] {assetBatch, edgeBatch, ownerBatch, findingBatch}) {
            try {
                b.ps.close();
            } catch (SQLException ignored) {
                // closing a statement of a finished transaction
            }
        }
    }

    /**
     * Where a run's time goes, written to standard error when the system property
     * {@code tightrope.ingest.trace} is true (the ingest benchmark sets it).
     */
    private static final class Phases {
        private static final boolean TRACE = Boolean.getBoolean("tightrope.ingest.trace");
        private final StringBuilder line;
        private long last = System.nanoTime();

        Phases(String source) {
            line = TRACE ? new StringBuilder("ingest phases (" + source + "):") : null;
        }

        void note(String text) {
            if (line != null) {
                line.append(' ').append(text).append(';');
            }
        }

        void mark(String phase) {
            if (line != null) {
                long now = System.nanoTime();
                line.append(String.format(" %s %.2fs", phase, (now - last) / 1e9));
                last = now;
            }
        }

        void done(double lineageSeconds) {
            if (line != null) {
                System.err.println(line + String.format(" | lineage merge (in parallel) %.2fs", lineageSeconds));
            }
        }
    }

    /** Puts back what a run changed on the two writers: page caches, checkpointing, durability. */
    static void restoreSettings(Connection c, Connection lc) {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA cache_size=-65536");
            s.execute("PRAGMA wal_autocheckpoint=1000");
        } catch (SQLException ignored) {
            // set again by the next run
        }
        try (Statement s = lc.createStatement()) {
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("PRAGMA cache_size=-65536");
            s.execute("PRAGMA wal_autocheckpoint=1000");
        } catch (SQLException ignored) {
            // set again by the next run
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Per-connection staging tables: plain, unindexed, append-only. */
    private static final String[] STAGING = {
        """
        CREATE TEMP TABLE IF NOT EXISTS stage_assets(seq INTEGER PRIMARY KEY, key INTEGER, urn TEXT, kind TEXT, name TEXT,
            description TEXT, digest TEXT, source_ref TEXT, properties TEXT, tags TEXT, content_hash INTEGER)""",
        "CREATE TEMP TABLE IF NOT EXISTS stage_owners(asset_key INTEGER, owner TEXT, owner_type TEXT, role TEXT, provenance TEXT)",
        """
        CREATE TEMP TABLE IF NOT EXISTS stage_findings(asset_key INTEGER, rule_id TEXT, severity INTEGER, title TEXT,
            evidence TEXT, location TEXT, detector TEXT)""",
        "CREATE TEMP TABLE IF NOT EXISTS run_touched(key INTEGER PRIMARY KEY) WITHOUT ROWID",
    };

    private static final String[] STAGING_TABLES = {"stage_assets", "stage_owners", "stage_findings", "run_touched"};

    private static String displayName(String nativeId) {
        String s = nativeId;
        while (s.endsWith("/") && s.length() > 1) {
            s = s.substring(0, s.length() - 1);
        }
        int slash = s.lastIndexOf('/');
        return slash >= 0 && slash < s.length() - 1 ? s.substring(slash + 1) : s;
    }

    private static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    /** FNV-1a over what the search index sees, so unchanged assets are not re-indexed. */
    private static long contentHash(Asset asset, String props, String tags) {
        long h = 0xcbf29ce484222325L;
        h = fnv(h, asset.name());
        h = fnv(h, asset.description());
        h = fnv(h, props);
        h = fnv(h, tags);
        h = fnv(h, asset.digest() == null ? null : asset.digest().toString());
        h = fnv(h, asset.sourceRef());
        return h;
    }

    private static long fnv(long h, String s) {
        if (s == null) {
            return (h ^ 0xff) * 0x100000001b3L;
        }
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return (h ^ 0xfe) * 0x100000001b3L;
    }
}
