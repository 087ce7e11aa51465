-- Schema 3: the edges moved to the lineage file (cache-lineage.db). Database copies them there
-- in a transaction of their own before this runs, so a crash between the two loses nothing.
DROP TABLE main.edges;

-- The search index buffers up to 16 MB of postings before writing a segment (FTS5's default is
-- 1 MB): a million-asset sync writes fewer, larger segments and merges less.
INSERT INTO asset_fts(asset_fts, rank) VALUES ('hashsize', 16777216);
