package dev.tightrope.store;

import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetSort;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.EstateOverview;
import dev.tightrope.domain.Severity;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The overview's aggregates, in one read snapshot. */
public final class OverviewRepository {
    /** Kinds whose lack of an owner matters most: what runs or ships. */
    static final Set<AssetKind> ACCOUNTABLE = Set.of(AssetKind.DEPLOYMENT, AssetKind.MODEL_VERSION, AssetKind.MODEL,
            AssetKind.CONTAINER_IMAGE, AssetKind.MCP_SERVER, AssetKind.AGENT);

    private final Database db;
    private final AssetRepository assets;

    public OverviewRepository(Database db, AssetRepository assets) {
        this.db = db;
        this.assets = assets;
    }

    public EstateOverview overview(int attentionLimit) {
        Map<AssetKind, Long> byKind = new EnumMap<>(AssetKind.class);
        Map<AssetKind, Long> unownedByKind = new EnumMap<>(AssetKind.class);
        Map<Severity, Long> findings = new EnumMap<>(Severity.class);
        long[] totals = db.read(c -> {
            long assetsTotal = 0;
            long unowned = 0;
            // the running totals the risk refresh keeps, when nothing waits for it; else counted from the assets
            boolean current = scalar(c, "SELECT count(*) FROM risk_dirty") == 0;
            try (PreparedStatement ps = c.prepareStatement(current ? "SELECT kind, present, ownerless FROM estate_kinds" : """
                    SELECT kind, count(*), sum(NOT EXISTS (SELECT 1 FROM owners o WHERE o.asset_key = a.key AND o.provenance <> 'INHERITED'))
                    FROM assets a WHERE gone_at IS NULL GROUP BY kind""");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    AssetKind k = AssetKind.fromToken(rs.getString(1));
                    byKind.put(k, rs.getLong(2));
                    unownedByKind.put(k, rs.getLong(3));
                    assetsTotal += rs.getLong(2);
                    unowned += rs.getLong(3);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT f.severity, count(*) FROM findings f JOIN assets a ON a.key = f.asset_key
                    WHERE f.status = 'OPEN' AND a.gone_at IS NULL GROUP BY f.severity""");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    findings.put(Severity.values()[rs.getInt(1)], rs.getLong(2));
                }
            }
            long gone = scalar(c, "SELECT count(*) FROM assets WHERE gone_at IS NOT NULL");
            long sources = scalar(c, "SELECT count(*) FROM sources");
            long failing = scalar(c, """
                    SELECT count(*) FROM sources s WHERE (SELECT status FROM sync_runs r WHERE r.source_id = s.id
                    ORDER BY r.id DESC LIMIT 1) IN ('FAILED', 'INTERRUPTED')""");
            long withProblems = scalar(c, "SELECT count(*) FROM sources s WHERE " + SourceRepository.OPEN_PROBLEMS + " > 0");
            return new long[] {assetsTotal, gone, unowned, sources, failing, withProblems};
        });
        Map<String, AssetSummary> attention = new LinkedHashMap<>();
        for (AssetSummary a : risky(attentionLimit)) {
            attention.put(a.urn(), a);
        }
        if (attention.size() < attentionLimit) {
            AssetFilter unownedAccountable = AssetFilter.all().withUnowned(true).withKinds(ACCOUNTABLE);
            for (AssetSummary a : assets.list(unownedAccountable, new AssetSort(AssetSort.Column.KIND, true), attentionLimit)) {
                if (attention.size() >= attentionLimit) {
                    break;
                }
                attention.putIfAbsent(a.urn(), a);
            }
        }
        return new EstateOverview(totals[0], totals[1], totals[2], byKind, unownedByKind, findings, totals[3], totals[4], totals[5],
                new ArrayList<>(attention.values()));
    }

    /**
     * Present assets with an open critical or high finding: what runs or ships first (deployments,
     * model versions, models, images, MCP servers, agents), then the rest. A file inside a scanned
     * model directory is left out: its directory carries the same findings.
     */
    private List<AssetSummary> risky(int limit) {
        long[] ids = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT a.id FROM assets a
                    WHERE a.gone_at IS NULL AND a.worst_finding <= 1
                      AND NOT EXISTS (SELECT 1 FROM edges e WHERE e.down_key = a.key AND e.type = %d)
                    ORDER BY a.worst_finding,
                             CASE a.kind WHEN 'deployment' THEN 0 WHEN 'model_version' THEN 1 WHEN 'model' THEN 2
                                         WHEN 'container_image' THEN 3 WHEN 'mcp_server' THEN 4 WHEN 'agent' THEN 5
                                         WHEN 'model_artifact' THEN 6 ELSE 7 END,
                             a.name
                    LIMIT ?""".formatted(EdgeType.PART_OF.code()))) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Long> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                    return out.stream().mapToLong(Long::longValue).toArray();
                }
            }
        });
        return assets.summaries(ids);
    }

    private static long scalar(java.sql.Connection c, String sql) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

}
