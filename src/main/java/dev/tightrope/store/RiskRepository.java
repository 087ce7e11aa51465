package dev.tightrope.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.RiskDashboard;
import dev.tightrope.domain.RiskReason;
import dev.tightrope.domain.RiskScore;
import dev.tightrope.domain.Severity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The risk model's facts in the cache (table {@code risk}), kept incrementally: whatever
 * changes an asset's inputs marks it in {@code risk_dirty} (the sync's changed and gone assets,
 * a user's edit of owners or findings, see SearchIndex and AssetDenormaliser), and
 * {@link #refresh} recomputes those assets and the ones that depend on them in a few set-based
 * statements. The score is the SQL form of {@link RiskScore#score()}, generated from the same
 * weights; the stale-source reason is added when read, since time alone changes it.
 */
public final class RiskRepository {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DAY_MILLIS = 86_400_000L;
    private static final long HOUR_MILLIS = 3_600_000L;

    private final Database db;
    private final AssetRepository assets;

    public RiskRepository(Database db, AssetRepository assets) {
        this.db = db;
        this.assets = assets;
    }

    /** What one refresh did. */
    public record Refreshed(long dirty, long computed, long risky) {
    }

    /** Assets waiting for their risk to be computed. */
    public long dirty() {
        return db.read(c -> Database.scalar(c, "SELECT count(*) FROM risk_dirty"));
    }

    /**
     * Marks the assets at either end of an edge a sync run added or ended: lineage changes what a
     * model was trained on and what a deployment runs. The edges are merged on the lineage file's
     * own connection, so they are read back here after the run committed.
     */
    public void markLineageChanged(long runId, long runStartedAt) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT OR IGNORE INTO risk_dirty(asset_key)
                    SELECT down_key FROM lineage.edges WHERE (last_run = ? AND first_seen >= ?) OR gone_at >= ?
                    UNION SELECT up_key FROM lineage.edges WHERE (last_run = ? AND first_seen >= ?) OR gone_at >= ?""")) {
                for (int i = 0; i < 2; i++) {
                    ps.setLong(1 + 3 * i, runId);
                    ps.setLong(2 + 3 * i, runStartedAt);
                    ps.setLong(3 + 3 * i, runStartedAt);
                }
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The promotion gate's verdicts on digests as the last refresh stored them. */
    public Map<String, RiskScore.Release> approvalStates() {
        return db.read(c -> {
            Map<String, RiskScore.Release> out = new HashMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT digest, state FROM approval_states")) {
                while (rs.next()) {
                    out.put(rs.getString(1), RiskScore.Release.values()[rs.getInt(2)]);
                }
            }
            return out;
        });
    }

    /**
     * Stores the gate's verdicts ({@code sha256:<hex>} → APPROVED or REJECTED; any other digest is
     * not approved) and marks the assets with a digest whose verdict changed.
     *
     * @return how many digests changed verdict
     */
    public int replaceApprovalStates(Map<String, RiskScore.Release> states) {
        Map<String, RiskScore.Release> before = approvalStates();
        Set<String> changed = new HashSet<>();
        for (Map.Entry<String, RiskScore.Release> e : states.entrySet()) {
            if (before.get(e.getKey()) != e.getValue()) {
                changed.add(e.getKey());
            }
        }
        for (String d : before.keySet()) {
            if (!states.containsKey(d)) {
                changed.add(d);
            }
        }
        if (changed.isEmpty()) {
            return 0;
        }
        db.write(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM approval_states");
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO approval_states(digest, state) VALUES (?, ?)");
                 PreparedStatement mark = c.prepareStatement(
                         "INSERT OR IGNORE INTO risk_dirty(asset_key) SELECT key FROM assets WHERE digest = ?")) {
                for (Map.Entry<String, RiskScore.Release> e : states.entrySet()) {
                    ins.setString(1, e.getKey());
                    ins.setInt(2, e.getValue().ordinal());
                    ins.addBatch();
                }
                ins.executeBatch();
                for (String d : changed) {
                    mark.setString(1, d);
                    mark.addBatch();
                }
                mark.executeBatch();
            }
            return null;
        });
        return changed.size();
    }

    /** Recomputes the risk of every marked asset and of what depends on it; nothing to do is one count. */
    public Refreshed refresh() {
        return db.write(c -> {
            long dirty = Database.scalar(c, "SELECT count(*) FROM risk_dirty");
            if (dirty == 0) {
                return new Refreshed(0, 0, 0);
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE IF NOT EXISTS risk_keys(key INTEGER PRIMARY KEY) WITHOUT ROWID");
                s.executeUpdate("DELETE FROM temp.risk_keys");
                s.executeUpdate("INSERT INTO temp.risk_keys(key) SELECT asset_key FROM risk_dirty");
                // the same bytes elsewhere share their findings and their scan
                s.executeUpdate("""
                        INSERT OR IGNORE INTO temp.risk_keys(key)
                        SELECT b.key FROM temp.risk_keys k CROSS JOIN assets a CROSS JOIN assets b
                        WHERE a.key = k.key AND a.digest IS NOT NULL AND b.digest = a.digest""");
                // a model whose file changed: its scan state follows its files
                s.executeUpdate("""
                        INSERT OR IGNORE INTO temp.risk_keys(key)
                        SELECT e.up_key FROM temp.risk_keys k CROSS JOIN lineage.edges e
                        WHERE e.down_key = k.key AND e.type = %d""".formatted(EdgeType.PART_OF.code()));
                // what was produced, packaged or deployed from them, two steps on (run → model version → image → deployment)
                for (int step = 0; step < 2; step++) {
                    s.executeUpdate("""
                            INSERT OR IGNORE INTO temp.risk_keys(key)
                            SELECT e.down_key FROM temp.risk_keys k CROSS JOIN lineage.edges e
                            WHERE e.up_key = k.key AND e.type IN (%d, %d, %d) AND e.gone_at IS NULL""".formatted(
                            EdgeType.PRODUCED_BY.code(), EdgeType.PACKAGED_AS.code(), EdgeType.DEPLOYED_AS.code()));
                }
                long computed = Database.scalar(c, "SELECT count(*) FROM temp.risk_keys");
                // the running totals lose what these assets counted for, and get back what they count for now
                totals(s, -1);
                s.executeUpdate("DELETE FROM risk WHERE asset_key IN (SELECT key FROM temp.risk_keys)");
                s.executeUpdate("DELETE FROM estate_facts WHERE asset_key IN (SELECT key FROM temp.risk_keys)");
                s.executeUpdate(COMPUTE);
                s.executeUpdate("""
                        INSERT INTO estate_facts(asset_key, kind, ownerless)
                        SELECT a.key, a.kind, NOT EXISTS (SELECT 1 FROM owners o WHERE o.asset_key = a.key AND o.provenance <> 'INHERITED')
                        FROM temp.risk_keys k CROSS JOIN assets a WHERE a.key = k.key AND a.gone_at IS NULL""");
                totals(s, 1);
                s.executeUpdate("DELETE FROM estate_kinds WHERE present = 0");
                s.executeUpdate("DELETE FROM risk_kinds WHERE n = 0");
                s.executeUpdate("DELETE FROM risk_teams WHERE n = 0");
                s.executeUpdate("DELETE FROM risk_dirty");
                long risky = Database.scalar(c, "SELECT count(*) FROM risk");
                return new Refreshed(dirty, computed, risky);
            }
        });
    }

    /**
     * Adds ({@code sign} 1) or takes out (-1) what the assets in {@code temp.risk_keys} count for
     * in the running totals, as their rows in {@code risk} and {@code estate_facts} stand now.
     */
    private static void totals(Statement s, int sign) throws SQLException {
        s.executeUpdate("""
                INSERT INTO estate_kinds(kind, present, ownerless)
                SELECT f.kind, %1$d * count(*), %1$d * sum(f.ownerless) FROM temp.risk_keys k CROSS JOIN estate_facts f
                WHERE f.asset_key = k.key GROUP BY f.kind
                ON CONFLICT(kind) DO UPDATE SET present = present + excluded.present, ownerless = ownerless + excluded.ownerless
                """.formatted(sign));
        s.executeUpdate("""
                INSERT INTO risk_kinds(kind, source_id, score, release, shadow, n)
                SELECT r.kind, coalesce(r.source_id, 0), r.score, r.release, r.shadow, %1$d * count(*)
                FROM temp.risk_keys k CROSS JOIN risk r WHERE r.asset_key = k.key GROUP BY 1, 2, 3, 4, 5
                ON CONFLICT(kind, source_id, score, release, shadow) DO UPDATE SET n = n + excluded.n
                """.formatted(sign));
        s.executeUpdate("""
                INSERT INTO risk_teams(owner, source_id, score, n)
                SELECT coalesce(j.value, ''), coalesce(r.source_id, 0), r.score, %1$d * count(*)
                FROM temp.risk_keys k CROSS JOIN risk r LEFT JOIN json_each(r.owners) j
                WHERE r.asset_key = k.key AND r.score > 0 GROUP BY 1, 2, 3
                ON CONFLICT(owner, source_id, score) DO UPDATE SET n = n + excluded.n
                """.formatted(sign));
    }

    /** The SQL form of {@link RiskScore#score()} over the columns of {@code risk}, from the same weights. */
    static String scoreSql() {
        return ("min(%d, min(%d, critical * %d + high * %d + medium * %d + low * %d)"
                + " + CASE release WHEN %d THEN %d WHEN %d THEN %d ELSE 0 END"
                + " + CASE shadow WHEN %d THEN %d WHEN %d THEN %d WHEN %d THEN %d ELSE 0 END"
                + " + unowned * %d + untraced * %d + unscanned * %d)").formatted(
                RiskScore.MAX, RiskScore.MAX_FROM_FINDINGS,
                RiskReason.CRITICAL_FINDING.points(), RiskReason.HIGH_FINDING.points(), RiskReason.MEDIUM_FINDING.points(),
                RiskReason.LOW_FINDING.points(),
                RiskScore.Release.REJECTED.ordinal(), RiskReason.DEPLOYED_REJECTED.points(),
                RiskScore.Release.UNAPPROVED.ordinal(), RiskReason.DEPLOYED_UNAPPROVED.points(),
                RiskScore.Shadow.UNREGISTERED.ordinal(), RiskReason.UNREGISTERED_MCP_SERVER.points(),
                RiskScore.Shadow.NAME_ONLY.ordinal(), RiskReason.NAME_ONLY_MCP_SERVER.points(),
                RiskScore.Shadow.APPROVED_UNPINNED.ordinal(), RiskReason.UNPINNED_MCP_SERVER.points(),
                RiskReason.NO_OWNER.points(), RiskReason.UNKNOWN_TRAINING_DATA.points(), RiskReason.NEVER_SCANNED.points());
    }

    private static String accountableKinds() {
        return OverviewRepository.ACCOUNTABLE.stream().map(k -> "'" + k.token() + "'").sorted().collect(Collectors.joining(", "));
    }

    /** A scan looked at these bytes: the asset or another with its digest carries the scanner's verdict. */
    private static String scanned(String alias) {
        return "(json_extract(%1$s.properties, '$.verdict') IS NOT NULL OR (%1$s.digest IS NOT NULL AND EXISTS ("
                .formatted(alias)
                + "SELECT 1 FROM assets sb WHERE sb.digest = %1$s.digest AND json_extract(sb.properties, '$.verdict') IS NOT NULL)))"
                .formatted(alias);
    }

    private static final String COMPUTE = """
            WITH same(key, other) AS MATERIALIZED (
                     SELECT key, key FROM temp.risk_keys
                     UNION SELECT k.key, b.key FROM temp.risk_keys k CROSS JOIN assets a CROSS JOIN assets b
                           WHERE a.key = k.key AND a.digest IS NOT NULL AND b.digest = a.digest),
                 fc(key, critical, high, medium, low) AS MATERIALIZED (
                     SELECT same.key, sum(f.severity = 0), sum(f.severity = 1), sum(f.severity = 2), sum(f.severity = 3)
                     FROM same CROSS JOIN findings f WHERE f.asset_key = same.other AND f.status = 'OPEN'
                     GROUP BY same.key),
                 rel(key, digest) AS MATERIALIZED (
                     SELECT a.key, u.digest FROM temp.risk_keys k CROSS JOIN assets a CROSS JOIN lineage.edges e CROSS JOIN assets u
                     WHERE a.key = k.key AND a.kind = 'deployment' AND e.down_key = a.key AND e.type = %2$d
                       AND e.gone_at IS NULL AND u.key = e.up_key AND u.digest IS NOT NULL
                     UNION
                     SELECT a.key, m.digest FROM temp.risk_keys k CROSS JOIN assets a CROSS JOIN lineage.edges e
                          CROSS JOIN lineage.edges p CROSS JOIN assets m
                     WHERE a.key = k.key AND a.kind = 'deployment' AND e.down_key = a.key AND e.type = %2$d
                       AND e.gone_at IS NULL AND p.down_key = e.up_key AND p.type = %3$d AND p.gone_at IS NULL
                       AND m.key = p.up_key AND m.digest IS NOT NULL),
                 rs(key, rejected, approved) AS MATERIALIZED (
                     SELECT rel.key, max(coalesce(s.state, 0) = %5$d), max(coalesce(s.state, 0) = %6$d)
                     FROM rel LEFT JOIN approval_states s ON s.digest = rel.digest GROUP BY rel.key),
                 facts AS (
                     SELECT a.key, a.kind, a.source_id,
                            coalesce(fc.critical, 0) AS critical, coalesce(fc.high, 0) AS high,
                            coalesce(fc.medium, 0) AS medium, coalesce(fc.low, 0) AS low,
                            (a.kind IN (%1$s) AND NOT EXISTS (SELECT 1 FROM owners o WHERE o.asset_key = a.key AND o.provenance <> 'INHERITED')) AS unowned,
                            CASE WHEN a.kind <> 'deployment' THEN 0
                                 WHEN rs.rejected THEN %5$d WHEN rs.approved THEN %6$d ELSE %7$d END AS release,
                            (a.kind = 'model_version'
                             AND NOT EXISTS (SELECT 1 FROM lineage.edges t CROSS JOIN assets d
                                             WHERE t.down_key = a.key AND t.type = %8$d AND t.gone_at IS NULL
                                               AND d.key = t.up_key AND d.kind = 'dataset')
                             AND NOT EXISTS (SELECT 1 FROM lineage.edges p CROSS JOIN lineage.edges t CROSS JOIN assets d
                                             WHERE p.down_key = a.key AND p.type = %9$d AND p.gone_at IS NULL
                                               AND t.down_key = p.up_key AND t.type = %8$d AND t.gone_at IS NULL
                                               AND d.key = t.up_key AND d.kind = 'dataset')) AS untraced,
                            ((a.kind = 'model_version'
                              OR (a.kind = 'model_artifact' AND NOT EXISTS (SELECT 1 FROM lineage.edges pe
                                      WHERE pe.down_key = a.key AND pe.type = %4$d AND pe.gone_at IS NULL)))
                             AND NOT %10$s
                             AND NOT EXISTS (SELECT 1 FROM lineage.edges ce CROSS JOIN assets c
                                             WHERE ce.up_key = a.key AND ce.type = %4$d AND ce.gone_at IS NULL
                                               AND c.key = ce.down_key AND %11$s)) AS unscanned,
                            CASE WHEN a.kind <> 'mcp_server' THEN 0
                                 ELSE CASE lower(json_extract(a.properties, '$.classification'))
                                          WHEN 'approved' THEN %12$d WHEN 'approved-unpinned' THEN %13$d
                                          WHEN 'name-only' THEN %14$d WHEN 'unregistered' THEN %15$d ELSE 0 END END AS shadow,
                            (SELECT json_group_array(DISTINCT o.owner) FROM owners o
                             WHERE o.asset_key = a.key AND o.provenance <> 'INHERITED' HAVING count(*) > 0) AS owners
                     FROM temp.risk_keys k CROSS JOIN assets a
                          LEFT JOIN fc ON fc.key = a.key LEFT JOIN rs ON rs.key = a.key
                     WHERE a.key = k.key AND a.gone_at IS NULL AND a.stub = 0)
            INSERT INTO risk(asset_key, kind, source_id, score, critical, high, medium, low, unowned, release, untraced, unscanned, shadow,
                             owners)
            SELECT key, kind, source_id, %16$s AS score, critical, high, medium, low, unowned, release, untraced, unscanned, shadow,
                   owners
            FROM facts WHERE %16$s > 0 OR release <> 0 OR shadow <> 0
            """.formatted(accountableKinds(), EdgeType.DEPLOYED_AS.code(), EdgeType.PACKAGED_AS.code(), EdgeType.PART_OF.code(),
            RiskScore.Release.REJECTED.ordinal(), RiskScore.Release.APPROVED.ordinal(), RiskScore.Release.UNAPPROVED.ordinal(),
            EdgeType.TRAINED_ON.code(), EdgeType.PRODUCED_BY.code(), scanned("a"), scanned("c"),
            RiskScore.Shadow.APPROVED.ordinal(), RiskScore.Shadow.APPROVED_UNPINNED.ordinal(),
            RiskScore.Shadow.NAME_ONLY.ordinal(), RiskScore.Shadow.UNREGISTERED.ordinal(), scoreSql());

    private static final String FACT_COLUMNS = "r.critical, r.high, r.medium, r.low, r.unowned, r.release, r.untraced, r.unscanned, r.shadow";

    private static RiskScore facts(ResultSet rs, int first, boolean stale) throws SQLException {
        return new RiskScore(rs.getInt(first), rs.getInt(first + 1), rs.getInt(first + 2), rs.getInt(first + 3),
                rs.getInt(first + 4) != 0, RiskScore.Release.values()[rs.getInt(first + 5)], rs.getInt(first + 6) != 0,
                rs.getInt(first + 7) != 0, RiskScore.Shadow.values()[rs.getInt(first + 8)], stale);
    }

    /** The risk of one present asset as last computed, with its source's staleness now; none when it carries no risk. */
    public RiskScore risk(String urn, long now) {
        long assetKey = db.urnKeys().key(urn);
        Set<Long> stale = staleSources(now);
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT a.source_id, " + FACT_COLUMNS
                    + " FROM assets a LEFT JOIN risk r ON r.asset_key = a.key WHERE a.key = ? AND a.gone_at IS NULL")) {
                ps.setLong(1, assetKey);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return RiskScore.none();
                    }
                    long source = rs.getLong(1);
                    boolean isStale = !rs.wasNull() && stale.contains(source);
                    rs.getObject(2);
                    if (rs.wasNull()) {
                        return RiskScore.none().withStale(isStale);
                    }
                    return facts(rs, 2, isStale);
                }
            }
        });
    }

    /**
     * Sources whose last sync failed, that never synced successfully, or whose last successful
     * sync finished more than {@link RiskScore#STALE_AFTER_DAYS} days before {@code now}.
     */
    public Set<Long> staleSources(long now) {
        long cutoff = now - RiskScore.STALE_AFTER_DAYS * DAY_MILLIS;
        return db.read(c -> {
            Set<Long> out = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT s.id FROM sources s
                    WHERE (SELECT status FROM sync_runs r WHERE r.source_id = s.id ORDER BY r.id DESC LIMIT 1) IN ('FAILED', 'INTERRUPTED')
                       OR coalesce((SELECT max(finished_at) FROM sync_runs r WHERE r.source_id = s.id
                                      AND r.status IN ('SUCCEEDED', 'SUCCEEDED_WITH_PROBLEMS')), 0) < ?""")) {
                ps.setLong(1, cutoff);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                }
            }
            return out;
        });
    }

    /**
     * The dashboard's figures in one read snapshot (the trend excepted), as of the last
     * {@link #refresh}: the counts and rollups from the running totals it keeps (a few hundred
     * rows, however large the estate), the ranking from the {@code risk} table's score index.
     */
    public RiskDashboard dashboard(long now, int topLimit, int rollupLimit, long expiringAcceptances, List<RiskDashboard.Snapshot> trend) {
        Set<Long> stale = staleSources(now);
        String effective = effective(stale, "");
        record Ranked(long id, String digest, int score, RiskScore facts) {
        }
        class Figures {
            long assets;
            long unowned;
            long accountable;
            long accountableUnowned;
            long deployments;
            long unapproved;
            long rejected;
            long mcp;
            long unregistered;
            long leaked;
            long sources;
            final Map<Severity, Long> findings = new EnumMap<>(Severity.class);
            final Map<Severity, Long> byRisk = new EnumMap<>(Severity.class);
            final List<RiskDashboard.Rollup> team = new ArrayList<>();
            final List<RiskDashboard.Rollup> source = new ArrayList<>();
            final List<RiskDashboard.Rollup> kind = new ArrayList<>();
            final List<Ranked> top = new ArrayList<>();
        }
        Figures f = db.read(c -> {
            Figures x = new Figures();
            Set<String> accountable = OverviewRepository.ACCOUNTABLE.stream().map(AssetKind::token).collect(Collectors.toSet());
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT kind, present, ownerless FROM estate_kinds")) {
                while (rs.next()) {
                    String kind = rs.getString(1);
                    x.assets += rs.getLong(2);
                    x.unowned += rs.getLong(3);
                    if (accountable.contains(kind)) {
                        x.accountable += rs.getLong(2);
                        x.accountableUnowned += rs.getLong(3);
                    }
                    if (kind.equals(AssetKind.DEPLOYMENT.token())) {
                        x.deployments = rs.getLong(2);
                    } else if (kind.equals(AssetKind.MCP_SERVER.token())) {
                        x.mcp = rs.getLong(2);
                    }
                }
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                    SELECT f.severity, count(*), sum(f.rule_id LIKE 'secret.%') FROM findings f JOIN assets a ON a.key = f.asset_key
                    WHERE f.status = 'OPEN' AND a.gone_at IS NULL GROUP BY f.severity""")) {
                while (rs.next()) {
                    x.findings.put(Severity.values()[rs.getInt(1)], rs.getLong(2));
                    x.leaked += rs.getLong(3);
                }
            }
            Map<Long, String> sourceNames = new HashMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, name FROM sources")) {
                while (rs.next()) {
                    sourceNames.put(rs.getLong(1), rs.getString(2));
                }
            }
            x.sources = sourceNames.size();
            Map<String, long[]> bySource = new HashMap<>();
            Map<String, long[]> byKind = new HashMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                    SELECT kind, source_id, score, %s AS eff, release, shadow, n FROM risk_kinds""".formatted(effective))) {
                while (rs.next()) {
                    long n = rs.getLong(7);
                    int release = rs.getInt(5);
                    x.unapproved += release == RiskScore.Release.UNAPPROVED.ordinal() || release == RiskScore.Release.REJECTED.ordinal() ? n : 0;
                    x.rejected += release == RiskScore.Release.REJECTED.ordinal() ? n : 0;
                    x.unregistered += rs.getInt(6) == RiskScore.Shadow.UNREGISTERED.ordinal() ? n : 0;
                    if (rs.getInt(3) <= 0) {
                        continue;
                    }
                    int eff = rs.getInt(4);
                    x.byRisk.merge(eff >= RiskScore.CRITICAL_FROM ? Severity.CRITICAL : eff >= RiskScore.HIGH_FROM ? Severity.HIGH
                            : eff >= RiskScore.MEDIUM_FROM ? Severity.MEDIUM : Severity.LOW, n, Long::sum);
                    add(byKind, rs.getString(1), n, eff);
                    String source = sourceNames.get(rs.getLong(2));
                    if (source != null) {
                        add(bySource, source, n, eff);
                    }
                }
            }
            for (Severity band : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW)) {
                x.byRisk.putIfAbsent(band, 0L);
            }
            // inherited owners are not the asset's own (as in the inventory's "no owner" filter)
            Map<String, long[]> byTeam = new HashMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT owner, %s AS eff, n FROM risk_teams".formatted(effective))) {
                while (rs.next()) {
                    add(byTeam, rs.getString(1), rs.getLong(3), rs.getInt(2));
                }
            }
            byTeam.forEach((owner, t) -> x.team.add(new RiskDashboard.Rollup(owner.isEmpty() ? null : owner,
                    owner.isEmpty() ? "no owner" : owner, t[0], t[1], (int) t[2])));
            bySource.forEach((name, t) -> x.source.add(new RiskDashboard.Rollup(name, name, t[0], t[1], (int) t[2])));
            byKind.forEach((kind, t) -> x.kind.add(new RiskDashboard.Rollup(kind, kind, t[0], t[1], (int) t[2])));
            for (List<RiskDashboard.Rollup> rollup : List.of(x.team, x.source, x.kind)) {
                rollup.removeIf(r -> r.risky() <= 0);
                rollup.sort(Comparator.comparingLong(RiskDashboard.Rollup::score).reversed().thenComparing(RiskDashboard.Rollup::label));
                if (rollup.size() > rollupLimit) {
                    rollup.subList(rollupLimit, rollup.size()).clear();
                }
            }
            // the riskiest first, what runs or ships before the files it is made of; the same bytes
            // once (a model version, its scanned directory and its registry copy share findings), and
            // a file inside a model directory not at all: its directory carries the same risk
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                    SELECT a.id, %1$s AS eff, a.digest, a.source_id, %2$s FROM risk r CROSS JOIN assets a
                    WHERE r.score > 0 AND a.key = r.asset_key
                      AND NOT EXISTS (SELECT 1 FROM lineage.edges e WHERE e.down_key = a.key AND e.type = %3$d AND e.gone_at IS NULL)
                    ORDER BY r.score DESC, eff DESC,
                             CASE a.kind WHEN 'deployment' THEN 0 WHEN 'model_version' THEN 1 WHEN 'model' THEN 2
                                         WHEN 'mcp_server' THEN 3 WHEN 'agent' THEN 4 WHEN 'container_image' THEN 5
                                         WHEN 'model_artifact' THEN 6 ELSE 7 END,
                             a.name LIMIT %4$d""".formatted(effective(stale, "r."), FACT_COLUMNS, EdgeType.PART_OF.code(), topLimit * 4))) {
                Set<String> digests = new HashSet<>();
                while (rs.next() && x.top.size() < topLimit) {
                    String digest = rs.getString(3);
                    long source = rs.getLong(4);
                    boolean isStale = !rs.wasNull() && stale.contains(source);
                    if (digest == null || digests.add(digest)) {
                        x.top.add(new Ranked(rs.getLong(1), digest, rs.getInt(2), facts(rs, 5, isStale)));
                    }
                }
            }
            return x;
        });
        Map<Long, AssetSummary> summaries = new HashMap<>();
        for (AssetSummary a : assets.summaries(f.top.stream().mapToLong(Ranked::id).toArray())) {
            summaries.put(a.id(), a);
        }
        List<RiskDashboard.RankedAsset> top = new ArrayList<>();
        for (Ranked r : f.top) {
            AssetSummary a = summaries.get(r.id());
            if (a != null) {
                top.add(new RiskDashboard.RankedAsset(a, r.score(), r.facts().reasons()));
            }
        }
        List<RiskDashboard.Rollup> kinds = f.kind.stream().map(r -> new RiskDashboard.Rollup(r.key(),
                AssetKind.fromToken(r.key()).label(), r.risky(), r.score(), r.worst())).toList();
        return new RiskDashboard(f.assets, f.unowned, f.accountable, f.accountableUnowned, f.deployments, f.unapproved, f.rejected,
                f.findings, f.mcp, f.unregistered, f.leaked, f.sources, stale.size(), expiringAcceptances, f.byRisk,
                f.team, f.source, kinds, top, trend);
    }

    /** A row's score with the stale-source reason added; {@code table} qualifies score and source_id ({@code "r."}). */
    private static String effective(Set<Long> stale, String table) {
        if (stale.isEmpty()) {
            return table + "score";
        }
        String ids = stale.stream().map(String::valueOf).collect(Collectors.joining(","));
        return "min(%d, %sscore + CASE WHEN %ssource_id IN (%s) THEN %d ELSE 0 END)".formatted(RiskScore.MAX, table, table, ids,
                RiskReason.STALE_SYNC.points());
    }

    /** Counts {@code n} assets of effective score {@code eff} into the rollup {@code key}: count, sum, worst. */
    private static void add(Map<String, long[]> rollups, String key, long n, int eff) {
        long[] t = rollups.computeIfAbsent(key, k -> new long[3]);
        t[0] += n;
        t[1] += n * eff;
        t[2] = Math.max(t[2], eff);
    }

    /** Stores the headline figures of {@code d} as the trend's point for the hour of {@code at}. */
    public void snapshot(Instant at, RiskDashboard d) {
        snapshot(at, d, Optional.empty());
    }

    /** The cache's change mark now (see {@link Database#changeMark()}). */
    public Optional<Database.ChangeMark> changeMark() {
        return db.changeMark();
    }

    /**
     * As {@link #snapshot(Instant, RiskDashboard)}, and when nothing but this point was written
     * since {@code since} (the mark the figures were read at), the mark after it: figures read at
     * that mark still hold while the cache's mark stays the same.
     */
    public Optional<Database.ChangeMark> snapshot(Instant at, RiskDashboard d, Optional<Database.ChangeMark> since) {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode findings = o.putObject("openFindings");
        for (Severity s : Severity.values()) {
            findings.put(s.token(), d.openFindings().getOrDefault(s, 0L));
        }
        o.put("accountable", d.accountable());
        o.put("accountableOwned", d.accountable() - d.accountableUnowned());
        o.put("deployments", d.deployments());
        o.put("deploymentsApproved", d.deployments() - d.deploymentsUnapproved());
        o.put("unregisteredMcpServers", d.unregisteredMcpServers());
        o.put("leakedKeys", d.leakedKeys());
        long hour = at.toEpochMilli() - Math.floorMod(at.toEpochMilli(), HOUR_MILLIS);
        return db.write(c -> {
            boolean untouched = since.isPresent() && since.get().equals(Database.changeMark(c));
            // one point per hour, as the hour's last sync left it: a live feed syncing every few seconds stays small
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM risk_history WHERE taken_at >= ? AND taken_at < ?")) {
                ps.setLong(1, hour);
                ps.setLong(2, hour + HOUR_MILLIS);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO risk_history(taken_at, figures) VALUES (?, ?)")) {
                ps.setLong(1, at.toEpochMilli());
                ps.setString(2, o.toString());
                ps.executeUpdate();
            }
            return untouched ? Optional.of(Database.changeMark(c)) : Optional.<Database.ChangeMark>empty();
        });
    }

    /**
     * The trend: the last snapshot of each day since {@code since}, oldest first (a day of many
     * syncs is one point, as it ended).
     */
    public List<RiskDashboard.Snapshot> trend(Instant since, java.time.ZoneId zone) {
        List<String[]> rows = db.read(c -> {
            List<String[]> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT taken_at, figures FROM risk_history WHERE taken_at >= ? ORDER BY taken_at")) {
                ps.setLong(1, since.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new String[] {String.valueOf(rs.getLong(1)), rs.getString(2)});
                    }
                }
            }
            return out;
        });
        Map<java.time.LocalDate, RiskDashboard.Snapshot> byDay = new LinkedHashMap<>();
        for (String[] row : rows) {
            Instant at = Instant.ofEpochMilli(Long.parseLong(row[0]));
            Optional<RiskDashboard.Snapshot> s = parseSnapshot(at, row[1]);
            s.ifPresent(snap -> byDay.put(at.atZone(zone).toLocalDate(), snap));
        }
        return new ArrayList<>(byDay.values());
    }

    private static Optional<RiskDashboard.Snapshot> parseSnapshot(Instant at, String json) {
        try {
            JsonNode n = JSON.readTree(json);
            Map<Severity, Long> findings = new EnumMap<>(Severity.class);
            for (Severity s : Severity.values()) {
                findings.put(s, n.path("openFindings").path(s.token()).asLong());
            }
            return Optional.of(new RiskDashboard.Snapshot(at, findings, n.path("accountable").asLong(),
                    n.path("accountableOwned").asLong(), n.path("deployments").asLong(), n.path("deploymentsApproved").asLong(),
                    n.path("unregisteredMcpServers").asLong(), n.path("leakedKeys").asLong()));
        } catch (java.io.IOException e) {
            // written by this class only; a row that does not read is left out of the trend rather than breaking it
            return Optional.empty();
        }
    }
}
