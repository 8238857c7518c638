-- Search is answered by the tantivy index (tumen.index, migration 0021). The FTS5 table was
-- still written (with Korean morphemes computed for it) on every document write, and read by
-- nothing: `python -m bench search` builds its own FTS5 copy to compare against.
DROP TABLE IF EXISTS documents_fts;
