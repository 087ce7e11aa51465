package dev.tightrope.store;

import dev.tightrope.domain.Asset;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.Finding;
import dev.tightrope.domain.OwnerClaim;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.Provenance;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SyncMode;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.IngestStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a sync run into the cache inside one write transaction. Records are batched into
 * prepared statements; at commit the run marks what it no longer saw as gone, refreshes the
 * denormalised owner and finding columns and the full-text index, and records the run. A run
 * that throws, is cancelled or whose process is killed leaves the last committed state.
 */
public final class SqliteIngestStore implements IngestStore {

    static final int BATCH = 2_000;
    static final int MAX_STORED_PROBLEMS = 1_000;

    private final Database db;

    public SqliteIngestStore(Database db) {
        this.db = db;
    }

    @Override
    public String cursor(String source) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT cursor FROM sources WHERE name = ?")) {
                ps.setString(1, source);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    @Override
    public IngestSession begin(SourceConfig source) {
        long now = System.currentTimeMillis();
        long[] ids = db.write(c -> {
            long sourceId = sourceId(c, source.name());
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO sync_runs(source_id, mode, status, started_at) VALUES (?, ?, 'RUNNING', ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, sourceId);
                ps.setString(2, SyncMode.FULL.name());
                ps.setLong(3, now);
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    rs.next();
                    return new long[] {sourceId, rs.getLong(1)};
                }
            }
        });
        Connection writer = db.acquireWriter();
        try {
            return new Session(writer, source.name(), ids[0], ids[1], now);
        } catch (SQLException e) {
            db.rollbackWriter();
            db.releaseWriter();
            finishFailedRun(ids[1], SyncStatus.FAILED, "could not prepare the cache for writing: " + e.getMessage(), List.of());
            throw new CacheException("Cannot start the sync of " + source.name() + ": " + e.getMessage(), e);
        }
    }

    static long sourceId(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM sources WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new CacheException("There is no source named '" + name + "' in this workspace.");
                }
                return rs.getLong(1);
            }
        }
    }

    private SyncRun finishFailedRun(long runId, SyncStatus status, String message, List<Problem> problems) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE sync_runs SET status = ?, finished_at = ?, message = ?, problems = ? WHERE id = ?")) {
                ps.setString(1, status.name());
                ps.setLong(2, System.currentTimeMillis());
                ps.setString(3, message);
                ps.setLong(4, problems.size());
                ps.setLong(5, runId);
                ps.executeUpdate();
            }
            insertProblems(c, runId, problems);
            return SyncRuns.load(c, runId);
        });
    }

    static void insertProblems(Connection c, long runId, List<Problem> problems) throws SQLException {
        if (problems.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO sync_problems(run_id, seq, location, message) VALUES (?, ?, ?, ?)")) {
            int seq = 0;
            for (Problem p : problems) {
                ps.setLong(1, runId);
                ps.setInt(2, seq++);
                ps.setString(3, p.location());
                ps.setString(4, p.message());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private final class Session implements IngestSession {
        private final Connection c;
        private final String sourceName;
        private final long sourceId;
        private final long runId;
        private final long now;
        private final UrnKeys keys;

        private final PreparedStatement assetStmt;
        private final PreparedStatement edgeStmt;
        private final PreparedStatement ownerStmt;
        private final PreparedStatement findingStmt;
        private final PreparedStatement touchStmt;
        private final List<Urn> pendingAssetUrns = new ArrayList<>();
        private int assetBatch;
        private int edgeBatch;
        private int ownerBatch;
        private int findingBatch;
        private int touchBatch;

        private final LongHashSet emitted = new LongHashSet();
        private final Map<Long, Urn> referenced = new HashMap<>();
        private final List<Problem> problems = new ArrayList<>();
        private long problemCount;
        private long assetsSeen;
        private long edgesSeen;
        private boolean finished;
        private boolean released;

        Session(Connection c, String sourceName, long sourceId, long runId, long now) throws SQLException {
            this.c = c;
            this.sourceName = sourceName;
            this.sourceId = sourceId;
            this.runId = runId;
            this.now = now;
            this.keys = db.urnKeys();
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE IF NOT EXISTS run_touched(key INTEGER PRIMARY KEY) WITHOUT ROWID");
                s.execute("DELETE FROM temp.run_touched");
                s.execute("PRAGMA cache_size=-262144");
            }
            assetStmt = c.prepareStatement("""
                    INSERT INTO assets(key, urn, kind, name, description, source_id, digest, source_ref, properties, tags,
                                       content_hash, stub, first_seen, last_seen, first_run, last_run, gone_at, fts_dirty)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, NULL, 1)
                    ON CONFLICT(key) DO UPDATE SET
                        name = excluded.name, kind = excluded.kind, description = excluded.description,
                        source_id = excluded.source_id, digest = excluded.digest, source_ref = excluded.source_ref,
                        properties = excluded.properties, tags = excluded.tags, content_hash = excluded.content_hash,
                        stub = 0, last_seen = excluded.last_seen, last_run = excluded.last_run, gone_at = NULL,
                        fts_dirty = CASE WHEN assets.content_hash = excluded.content_hash THEN assets.fts_dirty ELSE 1 END
                    WHERE assets.urn = excluded.urn
                    """);
            edgeStmt = c.prepareStatement("""
                    INSERT INTO edges(up_key, down_key, type, source_id, first_seen, last_run, gone_at)
                    VALUES (?, ?, ?, ?, ?, ?, NULL)
                    ON CONFLICT(up_key, down_key, type, source_id) DO UPDATE SET last_run = excluded.last_run, gone_at = NULL
                    """);
            ownerStmt = c.prepareStatement("""
                    INSERT INTO owners(asset_key, owner, owner_type, role, provenance, source_id, claimed_by, since, last_run)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(asset_key, owner, role, provenance) DO UPDATE SET
                        owner_type = excluded.owner_type, source_id = excluded.source_id,
                        claimed_by = excluded.claimed_by, last_run = excluded.last_run
                    """);
            findingStmt = c.prepareStatement("""
                    INSERT INTO findings(asset_key, rule_id, severity, title, evidence, location, detector, source_id,
                                         status, first_seen, last_seen, last_run)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?)
                    ON CONFLICT(asset_key, rule_id, location, detector) DO UPDATE SET
                        severity = excluded.severity, title = excluded.title, evidence = excluded.evidence,
                        source_id = excluded.source_id, last_seen = excluded.last_seen, last_run = excluded.last_run,
                        status = CASE WHEN findings.status = 'RESOLVED' THEN 'OPEN' ELSE findings.status END
                    """);
            touchStmt = c.prepareStatement("INSERT OR IGNORE INTO temp.run_touched(key) VALUES (?)");
        }

        @Override
        public void asset(Asset asset) {
            checkOpen();
            String urn = asset.urn().toString();
            long key = keys.key(urn);
            try {
                assetStmt.setLong(1, key);
                assetStmt.setString(2, urn);
                assetStmt.setString(3, asset.kind().token());
                assetStmt.setString(4, asset.name());
                setNullable(assetStmt, 5, asset.description());
                assetStmt.setLong(6, sourceId);
                setNullable(assetStmt, 7, asset.digest() == null ? null : asset.digest().toString());
                setNullable(assetStmt, 8, asset.sourceRef());
                String props = Json.writeMapOrNull(asset.properties());
                String tags = Json.writeListOrNull(asset.tags());
                setNullable(assetStmt, 9, props);
                setNullable(assetStmt, 10, tags);
                assetStmt.setLong(11, contentHash(asset, props, tags));
                assetStmt.setLong(12, now);
                assetStmt.setLong(13, now);
                assetStmt.setLong(14, runId);
                assetStmt.setLong(15, runId);
                assetStmt.addBatch();
                pendingAssetUrns.add(asset.urn());
                emitted.add(key);
                assetsSeen++;
                if (++assetBatch >= BATCH) {
                    flushAssets();
                }
            } catch (SQLException e) {
                throw new CacheException("Cannot write asset " + urn + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void edge(Edge edge) {
            checkOpen();
            long up = reference(edge.upstream());
            long down = reference(edge.downstream());
            try {
                edgeStmt.setLong(1, up);
                edgeStmt.setLong(2, down);
                edgeStmt.setString(3, edge.type().token());
                edgeStmt.setLong(4, sourceId);
                edgeStmt.setLong(5, now);
                edgeStmt.setLong(6, runId);
                edgeStmt.addBatch();
                edgesSeen++;
                if (++edgeBatch >= BATCH) {
                    flushDependents();
                }
            } catch (SQLException e) {
                throw new CacheException("Cannot write edge " + edge + ": " + e.getMessage(), e);
            }
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
            long key = reference(claim.asset());
            try {
                ownerStmt.setLong(1, key);
                ownerStmt.setString(2, claim.owner());
                ownerStmt.setString(3, claim.type().name());
                ownerStmt.setString(4, claim.role().name());
                ownerStmt.setString(5, claim.provenance().name());
                ownerStmt.setLong(6, sourceId);
                ownerStmt.setString(7, sourceName);
                ownerStmt.setLong(8, now);
                ownerStmt.setLong(9, runId);
                ownerStmt.addBatch();
                if (!emitted.contains(key)) {
                    touch(key);
                }
                if (++ownerBatch >= BATCH) {
                    flushDependents();
                }
            } catch (SQLException e) {
                throw new CacheException("Cannot write owner of " + claim.asset() + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void finding(Finding finding) {
            checkOpen();
            long key = reference(finding.asset());
            try {
                findingStmt.setLong(1, key);
                findingStmt.setString(2, finding.ruleId());
                findingStmt.setInt(3, finding.severity().ordinal());
                findingStmt.setString(4, finding.title());
                setNullable(findingStmt, 5, finding.evidence());
                findingStmt.setString(6, finding.location() == null ? "" : finding.location());
                findingStmt.setString(7, finding.detector());
                findingStmt.setLong(8, sourceId);
                findingStmt.setLong(9, now);
                findingStmt.setLong(10, now);
                findingStmt.setLong(11, runId);
                findingStmt.addBatch();
                if (!emitted.contains(key)) {
                    touch(key);
                }
                if (++findingBatch >= BATCH) {
                    flushDependents();
                }
            } catch (SQLException e) {
                throw new CacheException("Cannot write finding on " + finding.asset() + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void problem(Problem problem) {
            problemCount++;
            if (problems.size() < MAX_STORED_PROBLEMS) {
                problems.add(problem);
            }
        }

        private void touch(long key) throws SQLException {
            touchStmt.setLong(1, key);
            touchStmt.addBatch();
            if (++touchBatch >= BATCH) {
                touchStmt.executeBatch();
                touchBatch = 0;
            }
        }

        private void flushAssets() throws SQLException {
            if (assetBatch == 0) {
                return;
            }
            int[] counts = assetStmt.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    problem(new Problem(pendingAssetUrns.get(i).toString(),
                            "its cache key collides with another asset's; this record was not stored"));
                }
            }
            pendingAssetUrns.clear();
            assetBatch = 0;
        }

        /**
         * Edges, owners and findings refer to assets by key (immediate foreign keys), so the
         * assets of the current batch and stubs for referenced assets the run has not described
         * are written first.
         */
        private void flushDependents() throws SQLException {
            flushAssets();
            insertStubs();
            if (edgeBatch > 0) {
                edgeStmt.executeBatch();
                edgeBatch = 0;
            }
            if (ownerBatch > 0) {
                ownerStmt.executeBatch();
                ownerBatch = 0;
            }
            if (findingBatch > 0) {
                findingStmt.executeBatch();
                findingBatch = 0;
            }
            if (touchBatch > 0) {
                touchStmt.executeBatch();
                touchBatch = 0;
            }
        }

        @Override
        public SyncRun commit(SyncMode mode, String newCursor) {
            checkOpen();
            finished = true;
            try {
                flushDependents();
                long gone = mode == SyncMode.FULL ? markGone() : 0;
                refreshOwnersAndFindings();
                refreshSearchIndex();
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
                insertProblems(c, runId, problems);
                SyncRun run = SyncRuns.load(c, runId);
                closeStatements();
                db.commitWriter();
                restoreCacheSize();
                return run;
            } catch (SQLException | RuntimeException e) {
                closeStatements();
                db.rollbackWriter();
                restoreCacheSize();
                db.releaseWriter();
                released = true;
                finishFailedRun(runId, SyncStatus.FAILED, "could not commit: " + e.getMessage(), problems);
                throw new CacheException("The sync of " + sourceName + " could not be committed; the previous state "
                        + "is intact: " + e.getMessage(), e);
            } finally {
                if (!released) {
                    released = true;
                    db.releaseWriter();
                }
            }
        }

        private void insertStubs() throws SQLException {
            if (referenced.isEmpty()) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO assets(key, urn, kind, name, source_id, stub, first_seen, last_seen, first_run, last_run, fts_dirty)
                    VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, 1)
                    ON CONFLICT(key) DO UPDATE SET last_seen = excluded.last_seen, last_run = excluded.last_run, gone_at = NULL
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
                    if (++n % BATCH == 0) {
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
            update("UPDATE edges SET gone_at = " + now + " WHERE source_id = " + sourceId
                    + " AND last_run < " + runId + " AND gone_at IS NULL");
            update("INSERT OR IGNORE INTO temp.run_touched(key) SELECT asset_key FROM owners WHERE source_id = "
                    + sourceId + " AND provenance <> 'MANUAL' AND last_run < " + runId);
            update("DELETE FROM owners WHERE source_id = " + sourceId + " AND provenance <> 'MANUAL' AND last_run < " + runId);
            update("INSERT OR IGNORE INTO temp.run_touched(key) SELECT asset_key FROM findings WHERE source_id = "
                    + sourceId + " AND status = 'OPEN' AND last_run < " + runId);
            update("UPDATE findings SET status = 'RESOLVED' WHERE source_id = " + sourceId
                    + " AND status = 'OPEN' AND last_run < " + runId);
            return gone;
        }

        private void refreshOwnersAndFindings() throws SQLException {
            AssetDenormaliser.refreshOwners(c, "SELECT asset_key AS key FROM owners WHERE last_run = " + runId
                    + " UNION SELECT key FROM temp.run_touched");
            AssetDenormaliser.refreshFindings(c, "SELECT asset_key AS key FROM findings WHERE last_run = " + runId
                    + " UNION SELECT key FROM temp.run_touched"
                    + " UNION SELECT key FROM assets WHERE last_run = " + runId + " AND digest IS NOT NULL");
        }

        private void refreshSearchIndex() throws SQLException {
            SearchIndex.refreshDirty(c, runId);
        }

        private long update(String sql) throws SQLException {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate(sql);
            }
        }

        private long scalar(String sql) throws SQLException {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }

        @Override
        public SyncRun abort(boolean cancelled, String message) {
            if (finished) {
                throw new IllegalStateException("this run already ended");
            }
            finished = true;
            closeStatements();
            db.rollbackWriter();
            restoreCacheSize();
            released = true;
            db.releaseWriter();
            return finishFailedRun(runId, cancelled ? SyncStatus.CANCELLED : SyncStatus.FAILED, message, problems);
        }

        @Override
        public void close() {
            if (!finished) {
                abort(false, "the sync ended without committing");
            }
        }

        /** A run gets a large page cache (index inserts are random); other writes do not need it. */
        private void restoreCacheSize() {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA cache_size=-65536");
            } catch (SQLException ignored) {
                // the connection keeps the larger cache; harmless
            }
        }

        private void checkOpen() {
            if (finished) {
                throw new IllegalStateException("this run already ended");
            }
        }

        private void closeStatements() {
            for (PreparedStatement ps : new PreparedStatement[] {assetStmt, edgeStmt, ownerStmt, findingStmt, touchStmt}) {
                try {
                    ps.close();
                } catch (SQLException ignored) {
                    // closing a statement of a finished transaction
                }
            }
        }
    }

    static String displayName(String nativeId) {
        String s = nativeId;
        while (s.endsWith("/") && s.length() > 1) {
            s = s.substring(0, s.length() - 1);
        }
        int slash = s.lastIndexOf('/');
        return slash >= 0 && slash < s.length() - 1 ? s.substring(slash + 1) : s;
    }

    static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    /** FNV-1a over what the search index sees, so unchanged assets are not re-indexed. */
    static long contentHash(Asset asset, String props, String tags) {
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

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }
}
