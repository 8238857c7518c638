-- The near-duplicate index: one row per band of each stored MinHash signature
-- (tumen.banding: 18 bands of 7 values, band_hash = the band's blake2b, 64 bits).  A new
-- text's candidates are the documents sharing a (band, band_hash) with it, so no process
-- holds every signature in memory.  The rows of documents stored before this migration
-- are filled by its Python step (tumen.store.migrations.PYTHON_STEPS).
CREATE TABLE minhash_bands (
    band SMALLINT NOT NULL,
    band_hash BIGINT NOT NULL,
    document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (band, band_hash, document_id)
);
-- replacing a document's signature deletes its rows; so does the cascade
CREATE INDEX minhash_bands_document ON minhash_bands(document_id);
