-- Tightrope cache, schema 1.
-- Assets are keyed by a 64-bit keyed hash of their URN (SipHash with a per-cache secret), so
-- edges and owners can refer to assets without a lookup during ingest.
-- Foreign keys are declared and enforced everywhere except on the two largest tables, edges and
-- owners (millions of rows): there the ingest guarantees that every referenced asset exists (it
-- writes a stub for any asset a run references but does not describe, in the same transaction),
-- and Database.integrityCheck() verifies it. Enforcing them row by row cost 5 s per million assets.

CREATE TABLE meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE sources (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    type        TEXT NOT NULL,
    settings    TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    cursor      TEXT
);

CREATE TABLE sync_runs (
    id           INTEGER PRIMARY KEY,
    source_id    INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    mode         TEXT NOT NULL,
    status       TEXT NOT NULL,
    started_at   INTEGER NOT NULL,
    finished_at  INTEGER,
    assets_seen  INTEGER NOT NULL DEFAULT 0,
    edges_seen   INTEGER NOT NULL DEFAULT 0,
    assets_added INTEGER NOT NULL DEFAULT 0,
    assets_gone  INTEGER NOT NULL DEFAULT 0,
    problems     INTEGER NOT NULL DEFAULT 0,
    message      TEXT
);
CREATE INDEX sync_runs_source ON sync_runs(source_id, id);

CREATE TABLE sync_problems (
    run_id    INTEGER NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    location  TEXT NOT NULL,
    message   TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;

CREATE TABLE assets (
    id           INTEGER PRIMARY KEY,
    key          INTEGER NOT NULL UNIQUE,
    urn          TEXT NOT NULL,
    kind         TEXT NOT NULL,
    name         TEXT NOT NULL COLLATE NOCASE,
    description  TEXT,
    source_id    INTEGER REFERENCES sources(id) ON DELETE SET NULL,
    digest       TEXT,
    source_ref   TEXT,
    properties   TEXT,
    tags         TEXT,
    content_hash INTEGER NOT NULL DEFAULT 0,
    stub         INTEGER NOT NULL DEFAULT 0,
    first_seen   INTEGER NOT NULL,
    last_seen    INTEGER NOT NULL,
    first_run    INTEGER,
    last_run     INTEGER,
    gone_at      INTEGER,
    worst_finding INTEGER,
    fts_dirty    INTEGER NOT NULL DEFAULT 1
);
-- covers the inventory's default listing (present assets by name) and its kind/source filters
CREATE INDEX assets_name ON assets(name, gone_at, kind, source_id);
CREATE INDEX assets_digest ON assets(digest) WHERE digest IS NOT NULL;

CREATE TABLE edges (
    up_key     INTEGER NOT NULL,
    down_key   INTEGER NOT NULL,
    type       INTEGER NOT NULL,        -- EdgeType.code()
    source_id  INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    first_seen INTEGER NOT NULL,
    last_run   INTEGER NOT NULL,
    gone_at    INTEGER,
    PRIMARY KEY (up_key, down_key, type, source_id)
) WITHOUT ROWID;
CREATE INDEX edges_down ON edges(down_key);

-- Ownership claims. provenance MANUAL rows are the user's: syncs never write or delete them.
CREATE TABLE owners (
    asset_key   INTEGER NOT NULL,
    owner       TEXT NOT NULL,
    owner_type  TEXT NOT NULL,
    role        TEXT NOT NULL,
    provenance  TEXT NOT NULL,
    source_id   INTEGER REFERENCES sources(id) ON DELETE CASCADE,
    claimed_by  TEXT,
    since       INTEGER NOT NULL,
    last_run    INTEGER,
    PRIMARY KEY (asset_key, owner, role, provenance)
) WITHOUT ROWID;

-- The user's notes on assets; never touched by a sync.
CREATE TABLE notes (
    id         INTEGER PRIMARY KEY,
    asset_key  INTEGER NOT NULL REFERENCES assets(key),
    author     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    text       TEXT NOT NULL
);
CREATE INDEX notes_asset ON notes(asset_key);

CREATE TABLE findings (
    id            INTEGER PRIMARY KEY,
    asset_key     INTEGER NOT NULL REFERENCES assets(key),
    rule_id       TEXT NOT NULL,
    severity      INTEGER NOT NULL,
    title         TEXT NOT NULL,
    evidence      TEXT,
    location      TEXT NOT NULL DEFAULT '',
    detector      TEXT NOT NULL,
    source_id     INTEGER REFERENCES sources(id) ON DELETE CASCADE,
    status        TEXT NOT NULL DEFAULT 'OPEN',
    justification TEXT,
    first_seen    INTEGER NOT NULL,
    last_seen     INTEGER NOT NULL,
    last_run      INTEGER,
    UNIQUE (asset_key, rule_id, location, detector)
);
CREATE INDEX findings_severity ON findings(severity, status);

CREATE VIRTUAL TABLE asset_fts USING fts5(
    name, description, tags, owners, properties,
    content = '', contentless_delete = 1, detail = column,
    tokenize = "unicode61 remove_diacritics 2 tokenchars '_'",
    prefix = '3'
);
-- fewer, larger merges while a big sync indexes a million rows
INSERT INTO asset_fts(asset_fts, rank) VALUES ('automerge', 16);
INSERT INTO asset_fts(asset_fts, rank) VALUES ('pgsz', 4000);
