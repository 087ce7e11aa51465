-- Schema 6: the risk model (domain.RiskScore), kept at sync by RiskRepository.

-- The risk facts of every present asset with a score above zero, and of every deployment and MCP
-- server (their approval and classification are facts worth keeping at zero too); an asset
-- without a row has no risk. score leaves out the stale-source reason, which time alone
-- changes: it is added when read. kind and source_id repeat the asset's, so that the dashboard's
-- rollups read this table alone.
CREATE TABLE risk (
    asset_key INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    source_id INTEGER,
    score     INTEGER NOT NULL,
    critical  INTEGER NOT NULL,
    high      INTEGER NOT NULL,
    medium    INTEGER NOT NULL,
    low       INTEGER NOT NULL,
    unowned   INTEGER NOT NULL,
    release   INTEGER NOT NULL,   -- RiskScore.Release ordinal
    untraced  INTEGER NOT NULL,
    unscanned INTEGER NOT NULL,
    shadow    INTEGER NOT NULL    -- RiskScore.Shadow ordinal
) WITHOUT ROWID;
CREATE INDEX risk_score ON risk(score);

-- Assets whose risk facts may have changed since they were computed: a sync, a user's edit of
-- owners or findings, a change of lineage. The next refresh computes these (and what depends on
-- them) and empties the table.
CREATE TABLE risk_dirty (
    asset_key INTEGER PRIMARY KEY
) WITHOUT ROWID;

-- The promotion gate's verdict on each digest some attestation is about, as the last refresh
-- found it (RiskScore.Release ordinal: APPROVED or REJECTED; a digest not here is not approved).
-- Verifying signatures needs the trust store, so the service fills it; deployments join it.
CREATE TABLE approval_states (
    digest TEXT PRIMARY KEY,
    state  INTEGER NOT NULL
) WITHOUT ROWID;

-- The dashboard's headline figures after each sync, for its trends (JSON, see RiskRepository.Snapshot).
CREATE TABLE risk_history (
    taken_at INTEGER PRIMARY KEY,
    figures  TEXT NOT NULL
);

-- a cache from before the risk model: every present asset is computed by the first refresh
INSERT INTO risk_dirty(asset_key) SELECT key FROM assets WHERE gone_at IS NULL AND stub = 0;
