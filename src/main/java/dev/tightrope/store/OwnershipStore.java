package dev.tightrope.store;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.OwnerAssignment;
import dev.tightrope.domain.OwnerConflict;
import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.OwnerRule;
import dev.tightrope.domain.OwnerRulesApplied;
import dev.tightrope.domain.OwnerType;
import dev.tightrope.domain.OwnershipCoverage;
import dev.tightrope.domain.Urn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Ownership at scale, all set-wise: the owner rules compiled to one SQL pass over the assets, the
 * claims inherited along lineage, conflicts between claimants, assignment to many assets at once,
 * and coverage. Rule and inherited claims have no source ({@code source_id} NULL), so a source's
 * sync never deletes them; manual claims are never touched here except by {@link #assignAll}.
 */
public final class OwnershipStore {

    /** How far up the lineage an unowned asset looks for owners to inherit. */
    public static final int INHERIT_DEPTH = 3;
    private static final String INHERIT_SETTING = "owners.inherit";
    private static final int CHUNK = 10_000;

    private final Database db;

    public OwnershipStore(Database db) {
        this.db = db;
    }

    /**
     * Replaces the rule claims of the assets in scope ({@code runId} null: every asset; otherwise
     * the assets that run reported) with what {@code rules} say, last matching rule winning.
     */
    public OwnerRulesApplied applyRules(List<OwnerRule> rules, Long runId) {
        return db.write(c -> {
            String scope = runId == null ? "1" : "a.last_run = " + runId;
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE IF NOT EXISTS rule_owners(rule INTEGER, owner TEXT, owner_type TEXT, role TEXT, place TEXT)");
                s.execute("CREATE TEMP TABLE IF NOT EXISTS rule_claims(asset_key INTEGER, owner TEXT, owner_type TEXT, role TEXT, place TEXT)");
                s.execute("CREATE TEMP TABLE IF NOT EXISTS owner_changes(key INTEGER PRIMARY KEY) WITHOUT ROWID");
                s.execute("DELETE FROM temp.rule_owners");
                s.execute("DELETE FROM temp.rule_claims");
                s.execute("DELETE FROM temp.owner_changes");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO temp.rule_owners VALUES (?,?,?,?,?)")) {
                for (int i = 0; i < rules.size(); i++) {
                    OwnerRule r = rules.get(i);
                    for (OwnerRule.RuleOwner o : r.owners()) {
                        ps.setInt(1, i);
                        ps.setString(2, o.name());
                        ps.setString(3, o.type().name());
                        ps.setString(4, r.role().name());
                        ps.setString(5, r.place());
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            long matched = 0;
            if (!rules.isEmpty()) {
                List<String> params = new ArrayList<>();
                StringBuilder winner = new StringBuilder("CASE");
                // the last matching rule wins: test from the bottom of the file up
                for (int i = rules.size() - 1; i >= 0; i--) {
                    winner.append(" WHEN ").append(condition(rules.get(i).pattern(), params)).append(" THEN ").append(i);
                }
                winner.append(" END");
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO temp.rule_claims
                        SELECT m.key, r.owner, r.owner_type, r.role, r.place
                        FROM (SELECT a.key, %s AS rule FROM assets a WHERE %s) m
                        JOIN temp.rule_owners r ON r.rule = m.rule""".formatted(winner, scope))) {
                    for (int i = 0; i < params.size(); i++) {
                        ps.setString(i + 1, params.get(i));
                    }
                    ps.executeUpdate();
                }
                matched = Database.scalar(c, "SELECT count(DISTINCT asset_key) FROM temp.rule_claims");
            }
            String oldInScope = "SELECT asset_key, owner, role FROM owners WHERE provenance = 'RULE'"
                    + (runId == null ? "" : " AND asset_key IN (SELECT key FROM assets a WHERE " + scope + ")");
            long changed;
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT OR IGNORE INTO temp.owner_changes SELECT asset_key FROM (" + oldInScope
                        + " EXCEPT SELECT asset_key, owner, role FROM temp.rule_claims)");
                s.executeUpdate("INSERT OR IGNORE INTO temp.owner_changes SELECT asset_key FROM (SELECT asset_key, owner, role "
                        + "FROM temp.rule_claims EXCEPT " + oldInScope + ")");
                changed = Database.scalar(c, "SELECT count(*) FROM temp.owner_changes");
                s.executeUpdate("DELETE FROM owners WHERE provenance = 'RULE' AND (asset_key, owner, role) IN ("
                        + oldInScope + " EXCEPT SELECT asset_key, owner, role FROM temp.rule_claims)");
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO owners(asset_key, owner, owner_type, role, provenance, source_id, claimed_by, since, last_run)
                        SELECT asset_key, owner, owner_type, role, 'RULE', NULL, place, ?, NULL FROM temp.rule_claims
                        WHERE true ORDER BY asset_key, owner, role
                        ON CONFLICT(asset_key, owner, role, provenance) DO UPDATE SET
                            owner_type = excluded.owner_type, claimed_by = excluded.claimed_by""")) {
                    ps.setLong(1, System.currentTimeMillis());
                    ps.executeUpdate();
                }
            }
            long claims = Database.scalar(c, "SELECT count(*) FROM temp.rule_claims");
            reindexChanged(c);
            return new OwnerRulesApplied(matched, claims, changed);
        });
    }

    /** The SQL test of one pattern on asset {@code a}, its values bound in order through {@code params}. */
    private static String condition(OwnerRule.Pattern pattern, List<String> params) {
        if (pattern instanceof OwnerRule.Pattern.UrnGlob g) {
            params.add(sqlGlob(g.glob()));
            return "a.urn GLOB ?";
        }
        if (pattern instanceof OwnerRule.Pattern.Source s) {
            params.add(s.name());
            return "a.source_id = (SELECT id FROM sources WHERE name = ?)";
        }
        if (pattern instanceof OwnerRule.Pattern.Tag t) {
            params.add(t.tag());
            return "(a.tags IS NOT NULL AND EXISTS (SELECT 1 FROM json_each(a.tags) WHERE value = ?))";
        }
        OwnerRule.Pattern.Property p = (OwnerRule.Pattern.Property) pattern;
        params.add(p.key());
        params.add(sqlGlob(p.glob()));
        return "(a.properties IS NOT NULL AND EXISTS (SELECT 1 FROM json_each(a.properties) WHERE key = ? AND value GLOB ?))";
    }

    /** A rules-file glob ({@code *} and {@code ?} only) as an SQLite GLOB, brackets taken literally. */
    static String sqlGlob(String glob) {
        StringBuilder out = new StringBuilder(glob.length() + 8);
        for (char ch : glob.toCharArray()) {
            switch (ch) {
                case '[' -> out.append("[[]");
                case ']' -> out.append("[]]");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    /** Whether the user turned on ownership inherited along lineage (off in a new workspace). */
    public boolean inheritanceOn() {
        return db.read(c -> "on".equals(Database.metaValue(c, INHERIT_SETTING)));
    }

    /**
     * Turns inheritance on or off and brings the inherited claims in line: on computes them, off
     * removes every one. Returns the inherited claims now held.
     */
    public long setInheritance(boolean on) {
        return db.write(c -> {
            Database.putMeta(c, INHERIT_SETTING, on ? "on" : "off");
            return on ? inherit(c) : clearInherited(c);
        });
    }

    /** Recomputes the inherited claims when inheritance is on (after a sync, rules or assignments changed what is owned). */
    public long refreshInherited() {
        return db.write(c -> "on".equals(Database.metaValue(c, INHERIT_SETTING)) ? inherit(c) : 0L);
    }

    private static long clearInherited(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            prepareChanges(s);
            s.executeUpdate("INSERT OR IGNORE INTO temp.owner_changes SELECT asset_key FROM owners WHERE provenance = 'INHERITED'");
            s.executeUpdate("DELETE FROM owners WHERE provenance = 'INHERITED'");
        }
        reindexChanged(c);
        return 0;
    }

    /**
     * An asset present and without an owner of its own inherits the direct owners of its nearest
     * upstream assets that have any: the walk goes against the edges (from an asset to what it was
     * trained on, derived from, deployed from...), up to {@link #INHERIT_DEPTH} edges, and stops at
     * the first owned asset on each path. Every owner at the nearest distance is inherited, each
     * citing the upstream asset it came from.
     */
    private static long inherit(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            prepareChanges(s);
            s.execute("CREATE TEMP TABLE IF NOT EXISTS inherited(asset_key INTEGER, owner TEXT, owner_type TEXT, role TEXT, via TEXT)");
            s.execute("DELETE FROM temp.inherited");
            s.executeUpdate("""
                    WITH RECURSIVE walk(asset, at, depth, owned) AS (
                        SELECT a.key, e.up_key, 1,
                               EXISTS (SELECT 1 FROM owners o WHERE o.asset_key = e.up_key AND o.provenance <> 'INHERITED')
                        FROM assets a JOIN lineage.edges e ON e.down_key = a.key AND e.gone_at IS NULL
                        WHERE a.gone_at IS NULL
                          AND NOT EXISTS (SELECT 1 FROM owners o WHERE o.asset_key = a.key AND o.provenance <> 'INHERITED')
                        UNION
                        SELECT w.asset, e.up_key, w.depth + 1,
                               EXISTS (SELECT 1 FROM owners o WHERE o.asset_key = e.up_key AND o.provenance <> 'INHERITED')
                        FROM walk w JOIN lineage.edges e ON e.down_key = w.at AND e.gone_at IS NULL
                        WHERE w.owned = 0 AND w.depth < %d
                    ),
                    found AS (SELECT asset, at, depth FROM walk WHERE owned = 1),
                    nearest AS (SELECT asset, min(depth) AS depth FROM found GROUP BY asset)
                    INSERT INTO temp.inherited
                    SELECT f.asset, o.owner, min(o.owner_type), o.role, min(up.urn)
                    FROM found f JOIN nearest n ON n.asset = f.asset AND n.depth = f.depth
                    JOIN owners o ON o.asset_key = f.at AND o.provenance <> 'INHERITED'
                    JOIN assets up ON up.key = f.at
                    GROUP BY f.asset, o.owner, o.role""".formatted(INHERIT_DEPTH));
            String old = "SELECT asset_key, owner, role, claimed_by FROM owners WHERE provenance = 'INHERITED'";
            String now = "SELECT asset_key, owner, role, via FROM temp.inherited";
            s.executeUpdate("INSERT OR IGNORE INTO temp.owner_changes SELECT asset_key FROM (" + old + " EXCEPT " + now + ")");
            s.executeUpdate("INSERT OR IGNORE INTO temp.owner_changes SELECT asset_key FROM (" + now + " EXCEPT " + old + ")");
            s.executeUpdate("DELETE FROM owners WHERE provenance = 'INHERITED' AND asset_key IN (SELECT key FROM temp.owner_changes)");
            s.executeUpdate("""
                    INSERT INTO owners(asset_key, owner, owner_type, role, provenance, source_id, claimed_by, since, last_run)
                    SELECT asset_key, owner, owner_type, role, 'INHERITED', NULL, via, %d, NULL FROM temp.inherited
                    WHERE asset_key IN (SELECT key FROM temp.owner_changes) ORDER BY asset_key, owner, role
                    ON CONFLICT(asset_key, owner, role, provenance) DO NOTHING""".formatted(System.currentTimeMillis()));
        }
        reindexChanged(c);
        return Database.scalar(c, "SELECT count(*) FROM owners WHERE provenance = 'INHERITED'");
    }

    private static void prepareChanges(Statement s) throws SQLException {
        s.execute("CREATE TEMP TABLE IF NOT EXISTS owner_changes(key INTEGER PRIMARY KEY) WITHOUT ROWID");
        s.execute("DELETE FROM temp.owner_changes");
    }

    /** The assets whose owners changed are re-indexed for search (owners are one of its columns). */
    private static void reindexChanged(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE assets SET fts_dirty = 1 WHERE key IN (SELECT key FROM temp.owner_changes)");
            s.execute("DELETE FROM temp.owner_changes");
        }
        SearchIndex.refreshDirty(c, -1);
    }

    /**
     * Present assets with conflicting claims (see {@link OwnerConflict#among}), by name, at most
     * {@code limit}. The candidates are found in one grouped query over the claims; each is then
     * judged from its claims by the same rule the detail pane uses.
     */
    public List<OwnerConflict> conflicts(int limit) {
        return db.read(c -> {
            List<OwnerConflict> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT a.key, a.urn, a.name FROM (
                        SELECT asset_key, role FROM owners o
                        WHERE provenance NOT IN ('MANUAL', 'INHERITED')
                        GROUP BY asset_key, role
                        HAVING count(DISTINCT CASE provenance WHEN 'RULE' THEN 'rules'
                                                 ELSE provenance || ':' || coalesce(claimed_by, '') END) > 1
                           AND count(DISTINCT lower(owner)) > 1
                           AND NOT EXISTS (SELECT 1 FROM owners m WHERE m.asset_key = o.asset_key AND m.role = o.role
                                           AND m.provenance = 'MANUAL')) x
                    JOIN assets a ON a.key = x.asset_key AND a.gone_at IS NULL
                    GROUP BY a.key ORDER BY a.name, a.id""");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next() && out.size() < limit) {
                    List<OwnerAssignment> claims = AssetRepository.owners(c, rs.getLong(1));
                    out.addAll(OwnerConflict.among(rs.getString(2), rs.getString(3), claims));
                }
            }
            return out.size() > limit ? out.subList(0, limit) : out;
        });
    }

    /** Present assets with at least one conflict, counted in the same grouped query. */
    public long conflictCount() {
        return db.read(c -> Database.scalar(c, """
                SELECT count(DISTINCT o.asset_key) FROM (
                    SELECT asset_key, role FROM owners o
                    WHERE provenance NOT IN ('MANUAL', 'INHERITED')
                    GROUP BY asset_key, role
                    HAVING count(DISTINCT CASE provenance WHEN 'RULE' THEN 'rules'
                                             ELSE provenance || ':' || coalesce(claimed_by, '') END) > 1
                       AND count(DISTINCT lower(owner)) > 1
                       AND NOT EXISTS (SELECT 1 FROM owners m WHERE m.asset_key = o.asset_key AND m.role = o.role
                                       AND m.provenance = 'MANUAL')) o
                JOIN assets a ON a.key = o.asset_key AND a.gone_at IS NULL"""));
    }

    /**
     * Assigns {@code owner} by hand to every asset with one of these row ids, in one transaction
     * (all or nothing), reporting progress per chunk. Returns how many assets got the assignment
     * (those that had it already are not counted).
     */
    public long assignAll(long[] ids, String owner, OwnerType type, OwnerRole role, String assignedBy, LongConsumer progress) {
        String name = owner == null ? "" : owner.strip();
        if (name.isEmpty() || name.length() > 256) {
            throw new IllegalArgumentException("an owner name is 1 to 256 characters");
        }
        return db.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE IF NOT EXISTS bulk_ids(id INTEGER PRIMARY KEY)");
                s.execute("DELETE FROM temp.bulk_ids");
                prepareChanges(s);
            }
            long added = 0;
            long since = System.currentTimeMillis();
            try (PreparedStatement add = c.prepareStatement("INSERT OR IGNORE INTO temp.bulk_ids VALUES (?)");
                 PreparedStatement assign = c.prepareStatement("""
                         INSERT INTO owners(asset_key, owner, owner_type, role, provenance, source_id, claimed_by, since, last_run)
                         SELECT a.key, ?, ?, ?, 'MANUAL', NULL, ?, ?, NULL FROM assets a WHERE a.id IN (SELECT id FROM temp.bulk_ids)
                         ORDER BY a.key
                         ON CONFLICT(asset_key, owner, role, provenance) DO NOTHING""");
                 Statement s = c.createStatement()) {
                for (int start = 0; start < ids.length; start += CHUNK) {
                    int end = Math.min(ids.length, start + CHUNK);
                    for (int i = start; i < end; i++) {
                        add.setLong(1, ids[i]);
                        add.addBatch();
                    }
                    add.executeBatch();
                    assign.setString(1, name);
                    assign.setString(2, type.name());
                    assign.setString(3, role.name());
                    assign.setString(4, assignedBy);
                    assign.setLong(5, since);
                    added += assign.executeUpdate();
                    s.executeUpdate("INSERT OR IGNORE INTO temp.owner_changes SELECT a.key FROM assets a WHERE a.id IN (SELECT id FROM temp.bulk_ids)");
                    s.execute("DELETE FROM temp.bulk_ids");
                    progress.accept(end);
                }
            }
            reindexChanged(c);
            return added;
        });
    }

    /** Coverage by kind and by owner, each one grouped query over the present assets. */
    public OwnershipCoverage coverage() {
        return db.read(c -> {
            List<OwnershipCoverage.KindCoverage> kinds = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT kind, count(*), sum(direct), sum(inherited AND NOT direct) FROM (
                        SELECT a.kind,
                               EXISTS (SELECT 1 FROM owners o WHERE o.asset_key = a.key AND o.provenance <> 'INHERITED') AS direct,
                               EXISTS (SELECT 1 FROM owners o WHERE o.asset_key = a.key AND o.provenance = 'INHERITED') AS inherited
                        FROM assets a WHERE a.gone_at IS NULL)
                    GROUP BY kind ORDER BY kind""");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    kinds.add(new OwnershipCoverage.KindCoverage(AssetKind.fromToken(rs.getString(1)), rs.getLong(2),
                            rs.getLong(3), rs.getLong(4)));
                }
            }
            List<OwnershipCoverage.OwnerCount> owners = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT o.owner, max(o.owner_type), count(DISTINCT o.asset_key) AS n FROM owners o
                    JOIN assets a ON a.key = o.asset_key AND a.gone_at IS NULL
                    WHERE o.provenance <> 'INHERITED'
                    GROUP BY o.owner COLLATE NOCASE ORDER BY n DESC, o.owner COLLATE NOCASE""");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    owners.add(new OwnershipCoverage.OwnerCount(rs.getString(1), OwnerType.valueOf(rs.getString(2)), rs.getLong(3)));
                }
            }
            return new OwnershipCoverage(kinds, owners);
        });
    }

    /** The asset's row id, or -1 when the workspace has no such asset. */
    public long id(Urn urn) {
        long key = db.urnKeys().key(urn.toString());
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, urn FROM assets WHERE key = ?")) {
                ps.setLong(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getString(2).equals(urn.toString()) ? rs.getLong(1) : -1L;
                }
            }
        });
    }
}
