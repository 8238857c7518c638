-- Sources the user listed, with the health of their last crawl.
CREATE TABLE sources (
    name TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    url TEXT NOT NULL,
    language TEXT,
    max_pages INTEGER NOT NULL DEFAULT 5,
    interval_minutes INTEGER NOT NULL DEFAULT 60,
    last_fetch TEXT,
    last_status INTEGER,
    last_error TEXT,
    new_items INTEGER NOT NULL DEFAULT 0,
    total_items INTEGER NOT NULL DEFAULT 0
);

-- Every request made or file read, with where its body is archived.
CREATE TABLE fetches (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    final_url TEXT,
    status INTEGER NOT NULL,
    headers TEXT NOT NULL DEFAULT '{}',
    fetched_at TEXT NOT NULL,
    body_hash TEXT,
    content_type TEXT,
    etag TEXT,
    last_modified TEXT,
    warc_path TEXT,
    warc_record_id TEXT,
    source TEXT
);
CREATE INDEX fetches_url ON fetches(url, id);

-- One row per distinct report.
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    canonical_url TEXT NOT NULL UNIQUE,
    title TEXT,
    author TEXT,
    published TEXT,
    language TEXT,
    summary TEXT,
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    source TEXT,
    listing_url TEXT,
    fetch_id INTEGER REFERENCES fetches(id),
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    minhash BLOB,
    analysis TEXT
);
CREATE INDEX documents_hash ON documents(content_hash);
CREATE INDEX documents_published ON documents(published);

-- URLs and texts recognised as copies of a stored document.
CREATE TABLE duplicates (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('url', 'hash', 'near')),
    similarity REAL,
    seen_at TEXT NOT NULL,
    UNIQUE (document_id, url)
);

-- Full-text index; rowid is documents.id. `terms` holds morphemes and n-grams for Korean
-- and Japanese so that a stem matches its inflected forms.
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, body, terms, tokenize = 'porter unicode61 remove_diacritics 2'
);
