-- Schema 5: the user's triage of findings, kept apart from the findings a sync writes.
--
-- findings.status stays the effective status everything reads (OPEN counts as open; ACCEPTED,
-- SUPPRESSED and RESOLVED do not). A sync may delete and re-create a finding's row (a source
-- removed and added again) and always rewrites what it reports, so the user's decisions live
-- here, keyed by the finding's identity, and each sync applies them to the findings it wrote.

-- One decision per finding identity (the asset's cache key is derived from its URN, which is
-- kept too for people). ACCEPTED needs a justification and (since schema 5) an expiry; RESOLVED
-- is the user saying it is fixed; REOPENED records why a decision stopped counting: the user
-- reopened it, the acceptance expired, or a resolved finding was reported again by a sync.
-- reopen_logged is 0 until the reopening is in the audit log, so it is logged once.
CREATE TABLE finding_decisions (
    id            INTEGER PRIMARY KEY,
    asset_key     INTEGER NOT NULL,
    asset_urn     TEXT NOT NULL,
    rule_id       TEXT NOT NULL,
    location      TEXT NOT NULL,
    detector      TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('ACCEPTED', 'RESOLVED', 'REOPENED')),
    justification TEXT,
    decided_by    TEXT NOT NULL,
    decided_at    INTEGER NOT NULL,
    expires_at    INTEGER,
    reopened_at   INTEGER,
    reopen_reason TEXT,
    reopen_logged INTEGER NOT NULL DEFAULT 1,
    UNIQUE (asset_key, rule_id, location, detector),
    CHECK (status <> 'ACCEPTED' OR justification IS NOT NULL)
);
-- the expiry check before every read of findings is one probe of this index
CREATE INDEX finding_decisions_expiry ON finding_decisions(expires_at) WHERE status = 'ACCEPTED';
CREATE INDEX finding_decisions_unlogged ON finding_decisions(id) WHERE reopen_logged = 0;

-- A rule (or a GLOB of rule ids, e.g. 'secret.*') suppressed for one asset URN or a GLOB of URNs.
CREATE TABLE finding_suppressions (
    id            INTEGER PRIMARY KEY,
    rule_pattern  TEXT NOT NULL,
    urn_pattern   TEXT NOT NULL,
    justification TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER,
    UNIQUE (rule_pattern, urn_pattern)
);

-- Acceptances made before schema 5 become decisions without an expiry (they had none).
INSERT INTO finding_decisions(asset_key, asset_urn, rule_id, location, detector, status, justification,
                              decided_by, decided_at)
SELECT f.asset_key, a.urn, f.rule_id, f.location, f.detector, 'ACCEPTED', coalesce(f.justification, 'accepted before schema 5'),
       'before schema 5', f.last_seen
FROM findings f JOIN assets a ON a.key = f.asset_key WHERE f.status = 'ACCEPTED';

-- finding status is read by severity (the overview's counts) and by asset; a status index lets
-- unsuppressing find the suppressed findings without reading all of them
CREATE INDEX findings_status ON findings(status) WHERE status <> 'OPEN';
