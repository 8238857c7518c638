-- The tantivy search index (tumen.index) is kept in step with the store through this queue:
-- a write of a document queues its id in the same transaction, and the writer drains the
-- queue into the index after its commit (tumen.store.indexing).
CREATE TABLE search_outbox (
    seq BIGSERIAL PRIMARY KEY,
    document_id BIGINT NOT NULL
);
-- index_id: recorded in the index folder, so that a folder built from another database
-- (a copy, a restored backup) is recognised and rebuilt rather than searched.
CREATE TABLE search_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO search_state (key, value) VALUES ('index_id', md5(random()::text || clock_timestamp()::text));
-- documents stored before the index existed are indexed by the first drain
INSERT INTO search_outbox (document_id) SELECT id FROM documents ORDER BY id;
