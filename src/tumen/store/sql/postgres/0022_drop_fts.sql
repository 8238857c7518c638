-- Search is answered by the tantivy index (tumen.index, migration 0021). The tsvector column
-- (and its GIN index) was still computed on every document write, from the Korean morphemes
-- in `terms`, and read by nothing.
DROP INDEX IF EXISTS documents_tsv;
ALTER TABLE documents DROP COLUMN IF EXISTS tsv;
ALTER TABLE documents DROP COLUMN IF EXISTS terms;
