-- Schema 7: the dashboard's figures kept as running totals. RiskRepository.refresh takes out what
-- the assets it recomputes contributed and puts back what they contribute now, so that reading
-- the figures after a user's edit costs what the edit touched, not a scan of a million assets.

-- each present asset (stubs too, as the inventory lists them) with its kind and whether it has
-- an owner of its own (inherited owners do not count, as in the inventory's "no owner" filter)
CREATE TABLE estate_facts (
    asset_key INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    ownerless INTEGER NOT NULL
) WITHOUT ROWID;

-- estate_facts summed by kind
CREATE TABLE estate_kinds (
    kind      TEXT PRIMARY KEY,
    present   INTEGER NOT NULL,
    ownerless INTEGER NOT NULL
) WITHOUT ROWID;

-- the risk rows counted by kind, source (0: none), score, release and shadow state: the
-- rollups by kind and source, the bands and the approval and shadow-AI counts read this
CREATE TABLE risk_kinds (
    kind      TEXT NOT NULL,
    source_id INTEGER NOT NULL,
    score     INTEGER NOT NULL,
    release   INTEGER NOT NULL,
    shadow    INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (kind, source_id, score, release, shadow)
) WITHOUT ROWID;

-- the assets with a score above zero counted by each of their own owners ('': none), source and score
CREATE TABLE risk_teams (
    owner     TEXT NOT NULL,
    source_id INTEGER NOT NULL,
    score     INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (owner, source_id, score)
) WITHOUT ROWID;

-- the asset's own owners (a JSON array, NULL when it has none), as its risk was computed
ALTER TABLE risk ADD COLUMN owners TEXT;

-- the totals start from the estate as it is; every risk row is computed again by the next refresh
INSERT INTO estate_facts(asset_key, kind, ownerless)
SELECT a.key, a.kind, NOT EXISTS (SELECT 1 FROM owners o WHERE o.asset_key = a.key AND o.provenance <> 'INHERITED')
FROM assets a WHERE a.gone_at IS NULL;
INSERT INTO estate_kinds(kind, present, ownerless) SELECT kind, count(*), sum(ownerless) FROM estate_facts GROUP BY kind;
DELETE FROM risk;
INSERT OR IGNORE INTO risk_dirty(asset_key) SELECT key FROM assets WHERE gone_at IS NULL AND stub = 0;
