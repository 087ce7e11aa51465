package dev.tightrope.store;

import dev.tightrope.domain.AcceptedFinding;
import dev.tightrope.domain.FindingStatus;
import dev.tightrope.domain.FindingSuppression;
import dev.tightrope.domain.Severity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The user's triage of findings: decisions on one finding (accepted until a date, resolved,
 * reopened) and suppressions of a rule for an asset or a pattern of assets. They are user
 * records, kept by the finding's identity (asset, rule, location, detector) in their own tables,
 * so a sync that rewrites or re-creates a finding's row cannot lose them; {@code findings.status}
 * is kept as the effective status they produce, which is what every count and filter reads.
 * Every change refreshes the risk column of the assets it touched ({@link AssetDenormaliser}).
 */
public final class FindingTriage {

    /** What a decision is about, for the audit log and the CLI. */
    public record FindingRef(long id, String assetUrn, String ruleId, String location, String detector,
                             FindingStatus status) {
    }

    /** A decision that stopped counting and is now in the audit log's hands exactly once. */
    public record Reopening(long findingId, String assetUrn, String ruleId, String location, String reason,
                            String justification, Instant expiredAt) {
    }

    /** What {@link #reopenDue} did: the reopenings to log and the suppressions that expired. */
    public record DueChanges(List<Reopening> reopened, List<FindingSuppression> expiredSuppressions) {
        public boolean isEmpty() {
            return reopened.isEmpty() && expiredSuppressions.isEmpty();
        }
    }

    private static final String SAME_FINDING = "d.asset_key = f.asset_key AND d.rule_id = f.rule_id"
            + " AND d.location = f.location AND d.detector = f.detector";

    private final Database db;

    public FindingTriage(Database db) {
        this.db = db;
    }

    public Optional<FindingRef> finding(long findingId) {
        return db.read(c -> ref(c, findingId));
    }

    /** Accepts the finding until {@code expiresAt}; the acceptance is kept across syncs. */
    public FindingRef accept(long findingId, String justification, String by, Instant at, Instant expiresAt) {
        return decide(findingId, FindingStatus.ACCEPTED, justification, by, at, expiresAt);
    }

    /** Marks the finding resolved; a sync that reports it again reopens it. */
    public FindingRef resolve(long findingId, String by, Instant at) {
        return decide(findingId, FindingStatus.RESOLVED, null, by, at, null);
    }

    private FindingRef decide(long findingId, FindingStatus status, String justification, String by, Instant at,
                              Instant expiresAt) {
        return db.write(c -> {
            FindingRef f = requireFinding(c, findingId);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO finding_decisions(asset_key, asset_urn, rule_id, location, detector, status, justification,
                                                  decided_by, decided_at, expires_at)
                    SELECT asset_key, ?, rule_id, location, detector, ?, ?, ?, ?, ? FROM findings WHERE id = ?
                    ON CONFLICT(asset_key, rule_id, location, detector) DO UPDATE SET
                        asset_urn = excluded.asset_urn, status = excluded.status, justification = excluded.justification,
                        decided_by = excluded.decided_by, decided_at = excluded.decided_at, expires_at = excluded.expires_at,
                        reopened_at = NULL, reopen_reason = NULL, reopen_logged = 1""")) {
                ps.setString(1, f.assetUrn());
                ps.setString(2, status.name());
                ps.setString(3, justification);
                ps.setString(4, by);
                ps.setLong(5, at.toEpochMilli());
                if (expiresAt == null) {
                    ps.setNull(6, java.sql.Types.INTEGER);
                } else {
                    ps.setLong(6, expiresAt.toEpochMilli());
                }
                ps.setLong(7, findingId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE findings SET status = ?, justification = ? WHERE id = ?")) {
                ps.setString(1, status.name());
                ps.setString(2, justification);
                ps.setLong(3, findingId);
                ps.executeUpdate();
            }
            AssetDenormaliser.refreshFindings(c, "SELECT asset_key AS key FROM findings WHERE id = " + findingId);
            return ref(c, findingId).orElseThrow();
        });
    }

    /**
     * Ends the user's decision on the finding: it is open again, or suppressed when a suppression
     * covers it. The decision is kept as reopened, with who and when.
     */
    public FindingRef reopen(long findingId, String by, Instant at) {
        return db.write(c -> {
            FindingRef f = requireFinding(c, findingId);
            if (f.status() == FindingStatus.OPEN) {
                throw new IllegalArgumentException("finding " + findingId + " is already open");
            }
            if (f.status() == FindingStatus.SUPPRESSED) {
                throw new IllegalArgumentException("finding " + findingId + " is suppressed; remove the suppression that "
                        + "covers it to reopen it");
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE finding_decisions SET status = 'REOPENED', reopened_at = ?, reopen_reason = ?, reopen_logged = 1
                    WHERE id = (SELECT d.id FROM findings f CROSS JOIN finding_decisions d WHERE f.id = ? AND %s)"""
                    .formatted(SAME_FINDING))) {
                ps.setLong(1, at.toEpochMilli());
                ps.setString(2, "reopened by " + by);
                ps.setLong(3, findingId);
                ps.executeUpdate();
            }
            long now = at.toEpochMilli();
            try (Statement s = c.createStatement()) {
                s.executeUpdate("""
                        UPDATE findings SET justification = %1$s,
                               status = CASE WHEN %1$s IS NULL THEN 'OPEN' ELSE 'SUPPRESSED' END
                        WHERE id = %2$d""".formatted(suppressedBy("findings.rule_id",
                        "(SELECT urn FROM assets WHERE key = findings.asset_key)", now), findingId));
            }
            AssetDenormaliser.refreshFindings(c, "SELECT asset_key AS key FROM findings WHERE id = " + findingId);
            return ref(c, findingId).orElseThrow();
        });
    }

    /**
     * Suppresses the rules matching {@code rulePattern} on the assets matching {@code urnPattern}
     * (globs); open findings they cover are suppressed at once, later ones by each sync. Returns
     * the suppression and how many findings it suppressed now.
     */
    public Suppressed suppress(String rulePattern, String urnPattern, String justification, String by, Instant at,
                               Instant expiresAt) {
        return db.write(c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO finding_suppressions(rule_pattern, urn_pattern, justification, created_by, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(rule_pattern, urn_pattern) DO UPDATE SET justification = excluded.justification,
                        created_by = excluded.created_by, created_at = excluded.created_at, expires_at = excluded.expires_at
                    RETURNING id""")) {
                ps.setString(1, rulePattern);
                ps.setString(2, urnPattern);
                ps.setString(3, justification);
                ps.setString(4, by);
                ps.setLong(5, at.toEpochMilli());
                if (expiresAt == null) {
                    ps.setNull(6, java.sql.Types.INTEGER);
                } else {
                    ps.setLong(6, expiresAt.toEpochMilli());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            touched(c);
            long n;
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO temp.triage_touched(id, key)
                    SELECT f.id, f.asset_key FROM assets a CROSS JOIN findings f
                    WHERE a.urn GLOB ?1 AND f.asset_key = a.key AND f.rule_id GLOB ?2 AND f.status = 'OPEN'""")) {
                ps.setString(1, urnPattern);
                ps.setString(2, rulePattern);
                n = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE findings SET status = 'SUPPRESSED', justification = ?
                    WHERE id IN (SELECT id FROM temp.triage_touched)""")) {
                ps.setString(1, justification);
                ps.executeUpdate();
            }
            AssetDenormaliser.refreshFindings(c, "SELECT key FROM temp.triage_touched");
            clearTouched(c);
            return new Suppressed(suppression(c, id).orElseThrow(), n);
        });
    }

    /** A suppression as stored and how many findings it covered when it was made. */
    public record Suppressed(FindingSuppression suppression, long findingsSuppressed) {
    }

    /** Removes a suppression; the findings only it covered are open again. Empty when there was no such suppression. */
    public Optional<Suppressed> unsuppress(long suppressionId, Instant now) {
        return db.write(c -> {
            Optional<FindingSuppression> s = suppression(c, suppressionId);
            if (s.isEmpty()) {
                return Optional.<Suppressed>empty();
            }
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM finding_suppressions WHERE id = " + suppressionId);
            }
            return Optional.of(new Suppressed(s.get(), releaseSuppressed(c, now.toEpochMilli())));
        });
    }

    public List<FindingSuppression> suppressions() {
        return db.read(c -> {
            List<FindingSuppression> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT * FROM finding_suppressions ORDER BY rule_pattern, urn_pattern")) {
                while (rs.next()) {
                    out.add(suppression(rs));
                }
            }
            return out;
        });
    }

    /**
     * The suppressions that cover rule {@code ruleId} on asset {@code assetUrn}, oldest first:
     * matched by SQLite's GLOB, the same test that suppressed the finding.
     */
    public List<FindingSuppression> suppressionsCovering(String assetUrn, String ruleId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM finding_suppressions WHERE ? GLOB urn_pattern AND ? GLOB rule_pattern ORDER BY created_at, id")) {
                ps.setString(1, assetUrn);
                ps.setString(2, ruleId);
                List<FindingSuppression> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(suppression(rs));
                    }
                }
                return out;
            }
        });
    }

    /** Acceptances still in force at {@code now} that end before {@code until}, soonest first. */
    public List<AcceptedFinding> expiring(Instant now, Instant until, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT f.id, d.asset_urn, d.rule_id, f.title, f.severity, d.justification, d.decided_by, d.decided_at,
                           d.expires_at
                    FROM finding_decisions d CROSS JOIN findings f
                    WHERE d.status = 'ACCEPTED' AND d.expires_at > ? AND d.expires_at <= ? AND %s
                    ORDER BY d.expires_at, d.id LIMIT ?""".formatted(SAME_FINDING))) {
                ps.setLong(1, now.toEpochMilli());
                ps.setLong(2, until.toEpochMilli());
                ps.setInt(3, limit);
                List<AcceptedFinding> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AcceptedFinding(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                Severity.values()[rs.getInt(5)],
                                rs.getString(6), rs.getString(7), Instant.ofEpochMilli(rs.getLong(8)),
                                Instant.ofEpochMilli(rs.getLong(9))));
                    }
                }
                return out;
            }
        });
    }

    /** How many acceptances in force at {@code now} end before {@code until}. */
    public long countExpiring(Instant now, Instant until) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT count(*) FROM finding_decisions d CROSS JOIN findings f
                    WHERE d.status = 'ACCEPTED' AND d.expires_at > ? AND d.expires_at <= ? AND %s""".formatted(SAME_FINDING))) {
                ps.setLong(1, now.toEpochMilli());
                ps.setLong(2, until.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0;
                }
            }
        });
    }

    /**
     * Whether {@link #reopenDue} has anything to do: an acceptance or a suppression past its
     * expiry, or a reopening a sync made that is not logged yet. Index probes on a reader, so
     * every read of findings can ask without waiting for the writer.
     */
    public boolean anythingDue(Instant now) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT EXISTS (SELECT 1 FROM finding_decisions WHERE status = 'ACCEPTED' AND expires_at <= ?1)
                        OR EXISTS (SELECT 1 FROM finding_decisions WHERE reopen_logged = 0)
                        OR EXISTS (SELECT 1 FROM finding_suppressions WHERE expires_at <= ?1)""")) {
                ps.setLong(1, now.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        });
    }

    /**
     * Reopens the acceptances that expired by {@code now} and removes the suppressions that did,
     * in one transaction, and hands back every reopening not logged yet (those and the ones syncs
     * made) marked as logged: whoever runs this first logs them, and nobody logs them twice.
     */
    public DueChanges reopenDue(Instant now) {
        long t = now.toEpochMilli();
        return db.write(c -> {
            touched(c);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("""
                        INSERT OR IGNORE INTO temp.triage_touched(id, key)
                        SELECT f.id, f.asset_key FROM finding_decisions d CROSS JOIN findings f
                        WHERE d.status = 'ACCEPTED' AND d.expires_at <= %d AND %s AND f.status = 'ACCEPTED'"""
                        .formatted(t, SAME_FINDING));
                s.executeUpdate("""
                        UPDATE finding_decisions SET status = 'REOPENED', reopened_at = %1$d, reopen_reason = 'expired',
                               reopen_logged = 0
                        WHERE status = 'ACCEPTED' AND expires_at <= %1$d""".formatted(t));
                s.executeUpdate("""
                        UPDATE findings SET justification = %1$s,
                               status = CASE WHEN %1$s IS NULL THEN 'OPEN' ELSE 'SUPPRESSED' END
                        WHERE id IN (SELECT id FROM temp.triage_touched)""".formatted(suppressedBy("findings.rule_id",
                        "(SELECT urn FROM assets WHERE key = findings.asset_key)", t)));
            }
            List<FindingSuppression> expired = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "DELETE FROM finding_suppressions WHERE expires_at <= " + t + " RETURNING *")) {
                while (rs.next()) {
                    expired.add(suppression(rs));
                }
            }
            AssetDenormaliser.refreshFindings(c, "SELECT key FROM temp.triage_touched");
            clearTouched(c);
            if (!expired.isEmpty()) {
                releaseSuppressed(c, t);
            }
            List<Reopening> reopened = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                    UPDATE finding_decisions SET reopen_logged = 1 WHERE reopen_logged = 0
                    RETURNING asset_key, asset_urn, rule_id, location, detector, reopen_reason, justification,
                              CASE WHEN reopen_reason = 'expired' THEN expires_at END""")) {
                while (rs.next()) {
                    reopened.add(new Reopening(findingId(c, rs.getLong(1), rs.getString(3), rs.getString(4), rs.getString(5)),
                            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(6), rs.getString(7),
                            rs.getObject(8) == null ? null : Instant.ofEpochMilli(rs.getLong(8))));
                }
            }
            return new DueChanges(reopened, expired);
        });
    }

    /**
     * Applies the user's triage to the findings a sync run just merged ({@code temp.stage_findings}),
     * in the run's transaction: an acceptance in force makes them ACCEPTED, else a suppression in
     * force SUPPRESSED, else they are OPEN; a finding the user resolved that the run reported again
     * reopens, and its decision says so (logged by the next {@link #reopenDue}). Set-based, and
     * nothing at all when the workspace has no decisions and no suppressions.
     */
    static void applyToRun(Connection c, String sourceName, long runId, long now) throws SQLException {
        boolean decisions;
        boolean suppressions;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT EXISTS (SELECT 1 FROM finding_decisions), EXISTS (SELECT 1 FROM finding_suppressions)")) {
            rs.next();
            decisions = rs.getBoolean(1);
            suppressions = rs.getBoolean(2);
        }
        if (!decisions && !suppressions) {
            return;
        }
        try (Statement s = c.createStatement()) {
            if (decisions) {
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE finding_decisions SET status = 'REOPENED', reopened_at = ?, reopen_reason = ?, reopen_logged = 0
                        WHERE id IN (SELECT d.id FROM temp.stage_findings f CROSS JOIN finding_decisions d
                                     WHERE %s AND d.status = 'RESOLVED')""".formatted(SAME_FINDING))) {
                    ps.setLong(1, now);
                    ps.setString(2, "reported again by the sync of " + sourceName + " (run " + runId + ")");
                    ps.executeUpdate();
                }
            }
            s.executeUpdate("""
                    WITH run(id, asset_key, rule_id, location, detector) AS MATERIALIZED (
                             SELECT DISTINCT f.id, f.asset_key, f.rule_id, f.location, f.detector
                             FROM temp.stage_findings st CROSS JOIN findings f
                             WHERE f.asset_key = st.asset_key AND f.rule_id = st.rule_id AND f.location = st.location
                               AND f.detector = st.detector),
                         eff(id, accepted, suppressed) AS MATERIALIZED (
                             SELECT f.id,
                                    (SELECT d.justification FROM finding_decisions d WHERE %1$s AND d.status = 'ACCEPTED'
                                       AND (d.expires_at IS NULL OR d.expires_at > %2$d)),
                                    %3$s
                             FROM run f)
                    UPDATE findings SET
                        status = CASE WHEN eff.accepted IS NOT NULL THEN 'ACCEPTED'
                                      WHEN eff.suppressed IS NOT NULL THEN 'SUPPRESSED' ELSE 'OPEN' END,
                        justification = coalesce(eff.accepted, eff.suppressed)
                    FROM eff WHERE findings.id = eff.id
                      AND (findings.status IS NOT (CASE WHEN eff.accepted IS NOT NULL THEN 'ACCEPTED'
                                                        WHEN eff.suppressed IS NOT NULL THEN 'SUPPRESSED' ELSE 'OPEN' END)
                           OR findings.justification IS NOT coalesce(eff.accepted, eff.suppressed))"""
                    .formatted(SAME_FINDING, now, suppressions
                            ? suppressedBy("f.rule_id", "(SELECT urn FROM assets WHERE key = f.asset_key)", now) : "NULL"));
        }
    }

    /**
     * SQL for the justification of the first suppression in force at {@code now} that covers a
     * finding with rule {@code rule} on the asset {@code urn} (both SQL expressions), or NULL.
     */
    private static String suppressedBy(String rule, String urn, long now) {
        return """
                (SELECT s.justification FROM finding_suppressions s
                 WHERE %1$s GLOB s.rule_pattern AND %2$s GLOB s.urn_pattern AND (s.expires_at IS NULL OR s.expires_at > %3$d)
                 ORDER BY s.id LIMIT 1)""".formatted(rule, urn, now);
    }

    /** Suppressed findings no suppression in force covers any more are open again; returns how many. */
    private static long releaseSuppressed(Connection c, long now) throws SQLException {
        touched(c);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("""
                    INSERT INTO temp.triage_touched(id, key)
                    SELECT f.id, f.asset_key FROM findings f WHERE f.status = 'SUPPRESSED' AND %s IS NULL"""
                    .formatted(suppressedBy("f.rule_id", "(SELECT urn FROM assets WHERE key = f.asset_key)", now)));
            long n = s.executeUpdate("""
                    UPDATE findings SET status = 'OPEN', justification = NULL
                    WHERE id IN (SELECT id FROM temp.triage_touched)""");
            AssetDenormaliser.refreshFindings(c, "SELECT key FROM temp.triage_touched");
            clearTouched(c);
            return n;
        }
    }

    private static void touched(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS triage_touched(id INTEGER PRIMARY KEY, key INTEGER NOT NULL)");
            s.execute("DELETE FROM temp.triage_touched");
        }
    }

    private static void clearTouched(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM temp.triage_touched");
        }
    }

    private static long findingId(Connection c, long assetKey, String rule, String location, String detector)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM findings WHERE asset_key = ? AND rule_id = ? AND location = ? AND detector = ?")) {
            ps.setLong(1, assetKey);
            ps.setString(2, rule);
            ps.setString(3, location);
            ps.setString(4, detector);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static Optional<FindingRef> ref(Connection c, long findingId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT f.id, a.urn, f.rule_id, f.location, f.detector, f.status
                FROM findings f JOIN assets a ON a.key = f.asset_key WHERE f.id = ?""")) {
            ps.setLong(1, findingId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new FindingRef(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), FindingStatus.valueOf(rs.getString(6))));
            }
        }
    }

    private static FindingRef requireFinding(Connection c, long findingId) throws SQLException {
        return ref(c, findingId).orElseThrow(() -> new IllegalArgumentException("no finding with id " + findingId));
    }

    private static Optional<FindingSuppression> suppression(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM finding_suppressions WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(suppression(rs)) : Optional.empty();
            }
        }
    }

    private static FindingSuppression suppression(ResultSet rs) throws SQLException {
        long expires = rs.getLong("expires_at");
        boolean forever = rs.wasNull();
        return new FindingSuppression(rs.getLong("id"), rs.getString("rule_pattern"), rs.getString("urn_pattern"),
                rs.getString("justification"), rs.getString("created_by"), Instant.ofEpochMilli(rs.getLong("created_at")),
                forever ? null : Instant.ofEpochMilli(expires));
    }
}
