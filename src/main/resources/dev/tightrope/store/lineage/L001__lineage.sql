-- The lineage file (cache-lineage.db, next to cache.db), schema 1.
-- Edges live apart from the assets so that a sync merges them on a second connection, in
-- parallel with the assets, owners and search index. Both files are SQLite in WAL mode; the
-- cache's meta.lineage_id and this file's meta.cache_id pair them.

CREATE TABLE meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- No foreign keys can cross files: edges refer to assets by key (the ingest writes a stub for
-- every referenced asset it has not seen) and to sources by id (removing a source removes its
-- edges first); Database.integrityCheck() verifies both.
CREATE TABLE edges (
    up_key     INTEGER NOT NULL,
    down_key   INTEGER NOT NULL,
    type       INTEGER NOT NULL,        -- EdgeType.code()
    source_id  INTEGER NOT NULL,
    first_seen INTEGER NOT NULL,
    last_run   INTEGER NOT NULL,
    gone_at    INTEGER,
    PRIMARY KEY (up_key, down_key, type, source_id)
) WITHOUT ROWID;
CREATE INDEX edges_down ON edges(down_key);

-- A sync run's edges, committed here before the run commits in the cache and merged into
-- edges in the transaction that commits after it: if the process dies between the two
-- commits, opening the cache replays the merge of a run the cache recorded as succeeded and
-- discards the edges of any other.
CREATE TABLE staged_runs (
    run_id     INTEGER PRIMARY KEY,
    source_id  INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    full_sync  INTEGER NOT NULL
);
CREATE TABLE staged_edges (
    up_key   INTEGER NOT NULL,
    down_key INTEGER NOT NULL,
    type     INTEGER NOT NULL
);
