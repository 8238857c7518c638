-- The WARC files (shards) `tumen backfill` has finished, written after the shard's last
-- page: a re-run skips them. document_ids (JSON) are the documents the shard added or
-- updated; they are folded into the incidents at the end of the run (incidents_done = 1).
CREATE TABLE backfill_shards (
    key TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    records INTEGER NOT NULL,
    stored INTEGER NOT NULL,
    document_ids TEXT NOT NULL DEFAULT '[]',
    incidents_done INTEGER NOT NULL DEFAULT 0,
    finished_at TEXT NOT NULL
);
-- A shard cut short by a killed run is read again: its pages already written are found by
-- their WARC record id (and their documents by fetch), so nothing is stored twice.
CREATE INDEX fetches_warc_record ON fetches(warc_record_id) WHERE warc_record_id IS NOT NULL;
CREATE INDEX documents_fetch ON documents(fetch_id);
