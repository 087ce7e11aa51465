package dev.tightrope.store;

import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetFacts;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.DataVersion;
import dev.tightrope.domain.AssetRecord;
import dev.tightrope.domain.AssetSort;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.Digest;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.Finding;
import dev.tightrope.domain.FindingDecision;
import dev.tightrope.domain.FindingStatus;
import dev.tightrope.domain.Neighbour;
import dev.tightrope.domain.Note;
import dev.tightrope.domain.OwnerAssignment;
import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.OwnerType;
import dev.tightrope.domain.Provenance;
import dev.tightrope.domain.RiskConcern;
import dev.tightrope.domain.RiskScore;
import dev.tightrope.domain.SearchResults;
import dev.tightrope.domain.Severity;
import dev.tightrope.domain.StoredFinding;
import dev.tightrope.domain.Urn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads assets for the inventory, search, the detail pane and the CLI. */
public final class AssetRepository {

    /** Neighbours shown per direction in the detail pane; the rest is one click away in lineage. */
    public static final int NEIGHBOUR_CAP = 200;

    private final Database db;

    public AssetRepository(Database db) {
        this.db = db;
    }

    /** Row ids of the matching assets in display order; the inventory pages through them. */
    public long[] ids(AssetFilter filter, AssetSort sort) {
        if (sort != null && sort.column() == AssetSort.Column.RISK) {
            return db.read(c -> byRisk(c, filter, sort.ascending(), Integer.MAX_VALUE));
        }
        Query q = query("a.id", filter, sort, false);
        return db.read(c -> readIds(c, q, Integer.MAX_VALUE, null));
    }

    /**
     * Ids by risk. Worst first: the assets with an open finding, critical first and by name
     * within a severity (a walk of the risk index, which holds only them), then every other
     * asset by name (a walk of the name index, skipping those already listed); least risk first
     * is exactly that order reversed. Neither part sorts, so a million assets list by risk about
     * as fast as by name.
     */
    private static long[] byRisk(Connection c, AssetFilter filter, boolean leastFirst, int limit) throws SQLException {
        Query risky = query("a.id", filter, new AssetSort(AssetSort.Column.RISK, leastFirst), true);
        Query byName = query("a.id", filter, new AssetSort(AssetSort.Column.NAME, !leastFirst), false);
        if (!leastFirst) {
            long[] first = readIds(c, risky, limit, null);
            if (first.length >= limit) {
                return first;
            }
            long[] rest = readIds(c, byName, limit - first.length, setOf(first));
            return concat(first, rest);
        }
        long[] last = readIds(c, risky, Integer.MAX_VALUE, null);
        long[] first = readIds(c, byName, limit, setOf(last));
        return concat(first, Arrays.copyOf(last, Math.min(last.length, limit - first.length)));
    }

    /** SQLite's plan for each part of a risk order, one line per step: which index each part walks. */
    List<String> riskOrderPlan(AssetFilter filter, boolean leastFirst) {
        List<Query> parts = List.of(query("a.id", filter, new AssetSort(AssetSort.Column.RISK, leastFirst), true),
                query("a.id", filter, new AssetSort(AssetSort.Column.NAME, !leastFirst), false));
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            for (Query q : parts) {
                try (PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + q.sql)) {
                    q.bind(ps);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(rs.getString("detail"));
                        }
                    }
                }
            }
            return out;
        });
    }

    private static LongHashSet setOf(long[] ids) {
        LongHashSet set = new LongHashSet();
        for (long id : ids) {
            set.add(id);
        }
        return set;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The first {@code limit} ids {@code q} lists, leaving out those in {@code skip}. */
    private static long[] readIds(Connection c, Query q, int limit, LongHashSet skip) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(q.sql)) {
            q.bind(ps);
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                long[] out = new long[1024];
                int n = 0;
                while (n < limit && rs.next()) {
                    long id = rs.getLong(1);
                    if (skip != null && skip.contains(id)) {
                        continue;
                    }
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = id;
                }
                return Arrays.copyOf(out, n);
            }
        }
    }

    public long count(AssetFilter filter) {
        Query q = query("count(*)", filter, null, false);
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(q.sql)) {
                q.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    /** Whether the asset with row id {@code id} is among those {@code filter} shows. */
    public boolean matches(AssetFilter filter, long id) {
        Query q = query("a.id AS id", filter, null, false);
        return db.read(c -> {
            // SQLite flattens the subquery, so the id narrows the filter's conditions to one row
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM (" + q.sql + ") WHERE id = ? LIMIT 1")) {
                q.bind(ps);
                ps.setLong(q.params.size() + 1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Inventory rows for these ids, in the same order (ids that vanished are skipped). */
    public List<AssetSummary> summaries(long[] ids) {
        if (ids.length == 0) {
            return List.of();
        }
        return db.read(c -> {
            Map<Long, AssetSummary> byId = new HashMap<>(ids.length * 2);
            StringBuilder sql = new StringBuilder(SUMMARY_SELECT).append(" WHERE a.id IN (");
            for (int i = 0; i < ids.length; i++) {
                sql.append(i == 0 ? "?" : ",?");
            }
            sql.append(')');
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < ids.length; i++) {
                    ps.setLong(i + 1, ids[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        AssetSummary s = summary(rs);
                        byId.put(s.id(), s);
                    }
                }
            }
            List<AssetSummary> out = new ArrayList<>(ids.length);
            for (long id : ids) {
                AssetSummary s = byId.get(id);
                if (s != null) {
                    out.add(s);
                }
            }
            return out;
        });
    }

    /**
     * The facts lineage boxes show for these URNs (owners, worst open finding and count, digest),
     * by URN; URNs not in the cache are left out. Read in batches in one snapshot.
     */
    public Map<String, AssetFacts> facts(java.util.Collection<String> urns) {
        if (urns.isEmpty()) {
            return Map.of();
        }
        List<String> all = new ArrayList<>(urns);
        java.util.Set<String> wanted = new java.util.HashSet<>(urns);
        return db.read(c -> {
            Map<String, AssetFacts> out = new HashMap<>(all.size() * 2);
            for (int from = 0; from < all.size(); from += FACTS_BATCH) {
                List<String> batch = all.subList(from, Math.min(all.size(), from + FACTS_BATCH));
                StringBuilder sql = new StringBuilder("""
                        SELECT a.urn, %s AS owners_text, a.worst_finding, a.digest,
                               (SELECT count(*) FROM assets b CROSS JOIN findings f
                                WHERE (b.key = a.key OR (a.digest IS NOT NULL AND b.digest = a.digest))
                                  AND f.asset_key = b.key AND f.status = 'OPEN') AS open_findings
                        FROM assets a WHERE a.key IN (""".formatted(OWNERS));
                for (int i = 0; i < batch.size(); i++) {
                    sql.append(i == 0 ? "?" : ",?");
                }
                sql.append(')');
                try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                    for (int i = 0; i < batch.size(); i++) {
                        ps.setLong(i + 1, db.urnKeys().key(batch.get(i)));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            int worst = rs.getInt("worst_finding");
                            Severity severity = rs.wasNull() ? null : Severity.values()[worst];
                            String urn = rs.getString("urn");
                            if (wanted.contains(urn)) {
                                out.put(urn, new AssetFacts(urn, rs.getString("owners_text"), severity, rs.getInt("open_findings"),
                                        rs.getString("digest")));
                            }
                        }
                    }
                }
            }
            return out;
        });
    }

    private static final int FACTS_BATCH = 500;

    /** The last finished sync run: the version of the data any read now sees. */
    public DataVersion dataVersion() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, finished_at FROM sync_runs WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new DataVersion(rs.getLong("id"), SqliteIngestStore.instant(rs, "finished_at")) : DataVersion.EMPTY;
            }
        });
    }

    /** The first {@code limit} matching rows, for the CLI and the overview. */
    public List<AssetSummary> list(AssetFilter filter, AssetSort sort, int limit) {
        if (sort != null && sort.column() == AssetSort.Column.RISK) {
            return summaries(db.read(c -> byRisk(c, filter, sort.ascending(), Math.max(0, limit))));
        }
        Query q = query(SUMMARY_COLUMNS, filter, sort, false);
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(q.sql + " LIMIT " + Math.max(0, limit))) {
                q.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    List<AssetSummary> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(summary(rs));
                    }
                    return out;
                }
            }
        });
    }

    /**
     * Global search: the best matches of {@code text} grouped by kind, at most {@code limit} in
     * all and a few per kind (see {@link AssetSearch}).
     */
    public SearchResults search(String text, int limit) {
        return new AssetSearch(db, this).search(text, limit, Math.max(3, limit / 4));
    }

    public Optional<AssetRecord> find(Urn urn) {
        return db.read(c -> findRecord(c, db.urnKeys().key(urn.toString()), urn.toString()));
    }

    /** Assets carrying this content digest, e.g. to attach scan findings to every copy of a file. */
    public List<AssetSummary> byDigest(Digest digest) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SUMMARY_SELECT + " WHERE a.digest = ? ORDER BY a.name")) {
                ps.setString(1, digest.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    List<AssetSummary> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(summary(rs));
                    }
                    return out;
                }
            }
        });
    }

    /**
     * Present assets with a sha256 digest that are of one of {@code kinds}, carry the property
     * {@code propertyKey}, or carry one of {@code tags}; most recently seen first. What may await
     * a signed decision about exactly those bytes.
     */
    public List<AssetRecord> withSha256Digest(Set<AssetKind> kinds, String propertyKey, Set<String> tags, int limit) {
        List<Object> params = new ArrayList<>();
        List<String> any = new ArrayList<>();
        if (!kinds.isEmpty()) {
            any.add("a.kind IN (" + String.join(",", Collections.nCopies(kinds.size(), "?")) + ")");
            kinds.forEach(k -> params.add(k.token()));
        }
        if (propertyKey != null) {
            any.add("json_extract(a.properties, ?) IS NOT NULL");
            params.add("$.\"" + propertyKey.replace("\"", "") + "\"");
        }
        if (!tags.isEmpty()) {
            any.add("EXISTS (SELECT 1 FROM json_each(a.tags) t WHERE t.value IN ("
                    + String.join(",", Collections.nCopies(tags.size(), "?")) + "))");
            params.addAll(tags);
        }
        if (any.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT a.key, a.urn FROM assets a WHERE a.gone_at IS NULL AND a.digest LIKE 'sha256:%' AND ("
                + String.join(" OR ", any) + ") ORDER BY a.last_seen DESC, a.id LIMIT " + Math.max(0, limit);
        return db.read(c -> {
            List<Long> keys = new ArrayList<>();
            List<String> urns = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keys.add(rs.getLong(1));
                        urns.add(rs.getString(2));
                    }
                }
            }
            List<AssetRecord> out = new ArrayList<>(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                findRecord(c, keys.get(i), urns.get(i)).ifPresent(out::add);
            }
            return out;
        });
    }

    public Optional<AssetDetail> detail(Urn urn) {
        return db.read(c -> {
            long key = db.urnKeys().key(urn.toString());
            Optional<AssetRecord> record = findRecord(c, key, urn.toString());
            if (record.isEmpty()) {
                return Optional.empty();
            }
            String sourceType = null;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT s.type FROM assets a JOIN sources s ON s.id = a.source_id WHERE a.key = ?")) {
                ps.setLong(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        sourceType = rs.getString(1);
                    }
                }
            }
            return Optional.of(new AssetDetail(
                    record.get(),
                    sourceType,
                    neighbours(c, key, true),
                    countEdges(c, key, true),
                    neighbours(c, key, false),
                    countEdges(c, key, false),
                    findings(c, key),
                    notes(c, key),
                    sameContent(c, key)));
        });
    }

    private Optional<AssetRecord> findRecord(Connection c, long key, String urn) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.*, s.name AS source_name FROM assets a LEFT JOIN sources s ON s.id = a.source_id
                WHERE a.key = ?""")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !rs.getString("urn").equals(urn)) {
                    return Optional.empty();
                }
                Urn parsed = Urn.parse(urn);
                String digest = rs.getString("digest");
                Asset asset = new Asset(parsed, rs.getString("name"), rs.getString("description"),
                        digest == null ? null : Digest.parse(digest),
                        Json.readMap(rs.getString("properties")), Json.readList(rs.getString("tags")),
                        rs.getString("source_ref"));
                return Optional.of(new AssetRecord(rs.getLong("id"), asset, rs.getString("source_name"),
                        SqliteIngestStore.instant(rs, "first_seen"), SqliteIngestStore.instant(rs, "last_seen"),
                        SqliteIngestStore.instant(rs, "gone_at"), owners(c, key)));
            }
        }
    }

    static List<OwnerAssignment> owners(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT owner, owner_type, role, provenance, claimed_by, since FROM owners WHERE asset_key = ?
                ORDER BY CASE provenance WHEN 'MANUAL' THEN 0 ELSE 1 END, role, owner COLLATE NOCASE""")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                List<OwnerAssignment> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new OwnerAssignment(rs.getString(1), OwnerType.valueOf(rs.getString(2)),
                            OwnerRole.valueOf(rs.getString(3)), Provenance.valueOf(rs.getString(4)), rs.getString(5),
                            Instant.ofEpochMilli(rs.getLong(6))));
                }
                return out;
            }
        }
    }

    private List<Neighbour> neighbours(Connection c, long key, boolean upstream) throws SQLException {
        String sql = upstream
                // one row per neighbour and relation, however many sources assert it: they are named together,
                // and the relation is gone only when every source's edge is
                ? "SELECT a.urn, a.kind, a.name, e.type, MIN(e.gone_at IS NOT NULL OR a.gone_at IS NOT NULL), group_concat(DISTINCT s.name) "
                        + "FROM edges e JOIN assets a ON a.key = e.up_key LEFT JOIN sources s ON s.id = e.source_id "
                        + "WHERE e.down_key = ? GROUP BY a.key, e.type ORDER BY a.kind, a.name LIMIT " + NEIGHBOUR_CAP
                : "SELECT a.urn, a.kind, a.name, e.type, MIN(e.gone_at IS NOT NULL OR a.gone_at IS NOT NULL), group_concat(DISTINCT s.name) "
                        + "FROM edges e JOIN assets a ON a.key = e.down_key LEFT JOIN sources s ON s.id = e.source_id "
                        + "WHERE e.up_key = ? GROUP BY a.key, e.type ORDER BY a.kind, a.name LIMIT " + NEIGHBOUR_CAP;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                List<Neighbour> out = new ArrayList<>();
                while (rs.next()) {
                    String sources = rs.getString(6);
                    out.add(new Neighbour(rs.getString(1), AssetKind.fromToken(rs.getString(2)), rs.getString(3),
                            EdgeType.fromCode(rs.getInt(4)), rs.getInt(5) != 0, sources == null ? null : sources.replace(",", ", ")));
                }
                return out;
            }
        }
    }

    private static long countEdges(Connection c, long key, boolean upstream) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(upstream
                ? "SELECT count(*) FROM (SELECT DISTINCT up_key, type FROM edges WHERE down_key = ?)"
                : "SELECT count(*) FROM (SELECT DISTINCT down_key, type FROM edges WHERE up_key = ?)")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /**
     * Every finding of the cache (only the open ones with {@code openOnly}), worst first, each with
     * the asset it was observed on, handed to {@code each} as it is read (an export of a million
     * findings holds one at a time).
     */
    public long eachFinding(boolean openOnly, java.util.function.Consumer<StoredFinding> each) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT f.*, a.urn, s.name AS source_name, """ + DECISION_COLUMNS + """
                    FROM findings f JOIN assets a ON a.key = f.asset_key
                    LEFT JOIN sources s ON s.id = f.source_id
                    """ + DECISION_JOIN + (openOnly ? "WHERE f.status = 'OPEN' " : "") + "ORDER BY f.severity, a.urn, f.rule_id, f.id")) {
                long n = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        each.accept(storedFinding(rs));
                        n++;
                    }
                }
                return n;
            }
        });
    }

    private static StoredFinding storedFinding(ResultSet rs) throws SQLException {
        Finding f = new Finding(Urn.parse(rs.getString("urn")), rs.getString("rule_id"),
                Severity.values()[rs.getInt("severity")], rs.getString("title"), rs.getString("evidence"),
                rs.getString("location"), rs.getString("detector"), FindingStatus.valueOf(rs.getString("status")));
        String decided = rs.getString("d_status");
        FindingDecision decision = decided == null ? null : new FindingDecision(FindingDecision.State.valueOf(decided),
                rs.getString("d_justification"), rs.getString("d_by"), SqliteIngestStore.instant(rs, "d_at"),
                SqliteIngestStore.instant(rs, "d_expires"), SqliteIngestStore.instant(rs, "d_reopened"),
                rs.getString("d_reason"));
        return new StoredFinding(rs.getLong("id"), f, rs.getString("source_name"), rs.getString("justification"),
                SqliteIngestStore.instant(rs, "first_seen"), SqliteIngestStore.instant(rs, "last_seen"), decision);
    }

    /** The user's triage decision on each finding read (see {@link FindingTriage}). */
    private static final String DECISION_COLUMNS = "d.status AS d_status, d.justification AS d_justification,"
            + " d.decided_by AS d_by, d.decided_at AS d_at, d.expires_at AS d_expires, d.reopened_at AS d_reopened,"
            + " d.reopen_reason AS d_reason\n";
    private static final String DECISION_JOIN = "LEFT JOIN finding_decisions d ON d.asset_key = f.asset_key"
            + " AND d.rule_id = f.rule_id AND d.location = f.location AND d.detector = f.detector\n";

    /**
     * Findings on this asset and on every asset with the same content digest (a scanned file's
     * findings show on the registry artifact or model version that is those bytes); a finding's
     * asset URN says where it was observed.
     */
    static List<StoredFinding> findings(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT f.*, a.urn, s.name AS source_name, """ + DECISION_COLUMNS + """
                FROM findings f JOIN assets a ON a.key = f.asset_key
                LEFT JOIN sources s ON s.id = f.source_id
                """ + DECISION_JOIN + """
                WHERE f.asset_key = ?1
                   OR (a.digest IS NOT NULL AND a.digest = (SELECT digest FROM assets WHERE key = ?1) AND f.asset_key <> ?1)
                ORDER BY CASE f.status WHEN 'OPEN' THEN 0 ELSE 1 END, f.severity, f.rule_id, f.location""")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                List<StoredFinding> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(storedFinding(rs));
                }
                return out;
            }
        }
    }

    private static List<AssetSummary> sameContent(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SUMMARY_SELECT
                + " JOIN assets me ON me.key = ? WHERE a.digest = me.digest AND a.key <> me.key AND me.digest IS NOT NULL"
                + " ORDER BY a.kind, a.name LIMIT 50")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                List<AssetSummary> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(summary(rs));
                }
                return out;
            }
        }
    }

    private static List<Note> notes(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, author, created_at, text FROM notes WHERE asset_key = ? ORDER BY created_at DESC, id DESC")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                List<Note> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Note(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4)));
                }
                return out;
            }
        }
    }

    /** Distinct owners with asset counts, for the owner filter. */
    public List<Map.Entry<String, Long>> owners() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT owner, count(DISTINCT asset_key) FROM owners GROUP BY owner COLLATE NOCASE
                    ORDER BY owner COLLATE NOCASE""");
                 ResultSet rs = ps.executeQuery()) {
                List<Map.Entry<String, Long>> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(Map.entry(rs.getString(1), rs.getLong(2)));
                }
                return out;
            }
        });
    }

    /** An asset's owners, comma-separated, computed from the claims (never stored twice). */
    static final String OWNERS = "(SELECT group_concat(owner, ', ') FROM (SELECT DISTINCT owner FROM owners o WHERE o.asset_key = a.key ORDER BY owner COLLATE NOCASE))";

    static final String SUMMARY_COLUMNS =
            "a.id, a.urn, a.kind, a.name, (SELECT name FROM sources WHERE id = a.source_id) AS source_name, "
                    + OWNERS + " AS owners_text, a.last_seen, a.gone_at, a.worst_finding";
    private static final String SUMMARY_SELECT = "SELECT " + SUMMARY_COLUMNS + " FROM assets a";

    private static AssetSummary summary(ResultSet rs) throws SQLException {
        int worst = rs.getInt("worst_finding");
        boolean noFinding = rs.wasNull();
        return new AssetSummary(rs.getLong("id"), rs.getString("urn"), AssetKind.fromToken(rs.getString("kind")),
                rs.getString("name"), rs.getString("source_name"), rs.getString("owners_text"),
                SqliteIngestStore.instant(rs, "last_seen"), SqliteIngestStore.instant(rs, "gone_at"),
                noFinding ? null : Severity.values()[worst]);
    }

    /** A SELECT with its parameters. */
    private record Query(String sql, List<Object> params) {
        void bind(PreparedStatement ps) throws SQLException {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
        }
    }

    /** Whether a name-sorted listing of {@code filter} is a walk of the name index (no join narrows it first). */
    /** The assets with a risk concern, from the risk model's facts (RiskRepository) or the findings. */
    private static String concernSql(RiskConcern concern) {
        return switch (concern) {
            case ANY -> "a.key IN (SELECT asset_key FROM risk WHERE score > 0)";
            case CRITICAL_OR_HIGH -> "a.worst_finding <= " + Severity.HIGH.ordinal();
            case UNAPPROVED_DEPLOYMENT -> "a.key IN (SELECT asset_key FROM risk WHERE release IN ("
                    + RiskScore.Release.UNAPPROVED.ordinal() + ", " + RiskScore.Release.REJECTED.ordinal() + "))";
            case UNREGISTERED_MCP_SERVER -> "a.key IN (SELECT asset_key FROM risk WHERE shadow = " + RiskScore.Shadow.UNREGISTERED.ordinal() + ")";
            case LEAKED_KEY -> "a.key IN (SELECT asset_key FROM findings WHERE status = 'OPEN' AND rule_id LIKE 'secret.%')";
            case UNKNOWN_TRAINING_DATA -> "a.key IN (SELECT asset_key FROM risk WHERE untraced = 1)";
            case NEVER_SCANNED -> "a.key IN (SELECT asset_key FROM risk WHERE unscanned = 1)";
        };
    }

    private static boolean walksNameIndex(AssetFilter filter) {
        return filter.text() == null && filter.owner() == null && !filter.unowned();
    }

    /**
     * The listing of {@code filter} in {@code sort} order; {@code riskyOnly} keeps the assets with
     * an open finding (the first part of a risk order, see {@link #byRisk}).
     */
    private static Query query(String columns, AssetFilter filter, AssetSort sort, boolean riskyOnly) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(columns).append(" FROM assets a");
        boolean relevance = sort != null && sort.column() == AssetSort.Column.RELEVANCE && filter.text() != null;
        String match = filter.text() == null ? null : SearchIndex.toMatchQuery(filter.text());
        if (relevance && !match.isEmpty()) {
            sql.append(" JOIN (SELECT rowid AS fid, " + SearchIndex.BM25 + " AS rank FROM asset_fts "
                    + "WHERE asset_fts MATCH ?) f ON f.fid = a.id");
            params.add(match);
        }
        if (sort != null && sort.column() == AssetSort.Column.SOURCE) {
            sql.append(" LEFT JOIN sources so ON so.id = a.source_id");
        }
        List<String> where = new ArrayList<>();
        if (riskyOnly) {
            where.add("a.worst_finding IS NOT NULL");
        }
        if (!filter.kinds().isEmpty()) {
            StringBuilder in = new StringBuilder("a.kind IN (");
            int i = 0;
            for (AssetKind k : filter.kinds()) {
                in.append(i++ == 0 ? "?" : ",?");
                params.add(k.token());
            }
            where.add(in.append(')').toString());
        }
        if (filter.source() != null) {
            where.add("a.source_id = (SELECT id FROM sources WHERE name = ?)");
            params.add(filter.source());
        }
        if (filter.owner() != null) {
            where.add("a.key IN (SELECT asset_key FROM owners WHERE owner = ? COLLATE NOCASE)");
            params.add(filter.owner());
        }
        if (filter.unowned()) {
            // an inherited owner is not an owner of the asset's own (OwnershipStore)
            where.add("NOT EXISTS (SELECT 1 FROM owners o WHERE o.asset_key = a.key AND o.provenance <> 'INHERITED')");
        }
        if (filter.concern() != null) {
            where.add(concernSql(filter.concern()));
        }
        switch (filter.gone()) {
            case PRESENT -> where.add("a.gone_at IS NULL");
            case GONE -> where.add("a.gone_at IS NOT NULL");
            case ALL -> { }
        }
        if (match != null && !relevance) {
            if (match.isEmpty()) {
                where.add("0");
            } else {
                where.add("a.id IN (SELECT rowid FROM asset_fts WHERE asset_fts MATCH ?)");
                params.add(match);
            }
        } else if (relevance && match.isEmpty()) {
            where.add("0");
        }
        if (!where.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", where));
        }
        if (sort != null) {
            String dir = sort.ascending() ? " ASC" : " DESC";
            sql.append(" ORDER BY ").append(switch (sort.column()) {
                // when the name index is walked, its leading columns exactly: ties then come in index
                // order, which is stable (adding a.id made SQLite sort a million rows again, 0.3 s);
                // when the rows are sorted anyway, ties are broken by id
                case NAME -> walksNameIndex(filter) ? "a.name" + dir + ", a.gone_at" + dir : "a.name" + dir + ", a.id" + dir;
                case KIND -> "a.kind" + dir + ", a.name" + dir + ", a.id";
                case SOURCE -> "so.name" + dir + ", a.name" + dir + ", a.id";
                case OWNERS -> OWNERS + " IS NULL, " + OWNERS + " COLLATE NOCASE" + dir + ", a.name, a.id";
                case LAST_SEEN -> "a.last_seen" + dir + ", a.id";
                // worst_finding is the severity's ordinal (0 = critical): least risk first is the ordinal
                // descending; the names follow the direction, so the risk index is walked one way or the other
                case RISK -> {
                    String rev = sort.ascending() ? " DESC" : " ASC";
                    yield "a.worst_finding" + rev + ", a.name" + rev + (walksNameIndex(filter) ? ", a.gone_at" + rev : ", a.id" + rev);
                }
                case RELEVANCE -> relevance ? "f.rank, a.name, a.id" : "a.name, a.id";
            });
        }
        return new Query(sql.toString(), params);
    }
}
