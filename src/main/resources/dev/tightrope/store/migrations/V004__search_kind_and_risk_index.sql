-- Schema 4: search ranks and groups its matches by kind, and the inventory sorts by risk from an index.

-- The search index gains the asset's kind as a column of its own, so "models matching fraud" is
-- one intersection of two posting lists however many runs also match. A contentless index
-- cannot gain a column: it is built again from the assets (about 10 s per million assets).
-- Typed words never search the kind column (SearchIndex restricts them to the other five).
DROP TABLE asset_fts;
CREATE VIRTUAL TABLE asset_fts USING fts5(
    name, description, tags, owners, properties, kind,
    content = '', contentless_delete = 1, detail = column,
    tokenize = "unicode61 remove_diacritics 2 tokenchars '_'",
    prefix = '3'
);
INSERT INTO asset_fts(asset_fts, rank) VALUES ('automerge', 16);
INSERT INTO asset_fts(asset_fts, rank) VALUES ('pgsz', 4000);
INSERT INTO asset_fts(asset_fts, rank) VALUES ('hashsize', 16777216);
INSERT INTO asset_fts(rowid, name, description, tags, owners, properties, kind)
SELECT a.id, a.name, a.description, a.tags,
       (SELECT group_concat(owner, ' ') FROM owners o WHERE o.asset_key = a.key),
       (SELECT group_concat(value, ' ') FROM json_each(a.properties)),
       a.kind
FROM assets a;

-- Sorting by risk: the assets with an open finding, worst first (worst_finding is the severity's
-- ordinal, 0 = critical), by name. Only those rows are in the index, so a sync of a million
-- assets without findings does not maintain it; the rest of a risk-sorted listing is the name
-- index's order (AssetRepository).
CREATE INDEX assets_risk ON assets(worst_finding, name, gone_at, kind, source_id) WHERE worst_finding IS NOT NULL;
