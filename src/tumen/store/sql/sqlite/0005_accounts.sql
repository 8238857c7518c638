-- Accounts, sessions, API tokens, login throttling, confidential notes, withheld
-- incidents and the hash-chained audit log. Nothing here is public: no FTS index
-- covers these tables, and note bodies are AES-GCM ciphertext only.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    disabled INTEGER NOT NULL DEFAULT 0,
    totp_secret BLOB,
    created_at TEXT NOT NULL
);

-- Only the SHA-256 of a session id is stored, so a copy of the database opens no session.
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    ip TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    ip TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_failures_username ON login_failures(username, at);
CREATE INDEX login_failures_ip ON login_failures(ip, at);

-- Keyed by incident id without a foreign key: incidents are rebuilt, notes must survive.
CREATE TABLE case_notes (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL,
    ciphertext BLOB NOT NULL,
    private_names INTEGER NOT NULL DEFAULT 0,
    author TEXT NOT NULL,
    created_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX case_notes_incident ON case_notes(incident_id);

CREATE TABLE withheld_incidents (
    incident_id INTEGER PRIMARY KEY,
    reason TEXT NOT NULL,
    username TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    username TEXT,
    ip TEXT,
    action TEXT NOT NULL,
    target TEXT,
    detail TEXT NOT NULL DEFAULT '{}',
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);

-- The latest hash, so deleting the newest rows is detected too.
CREATE TABLE audit_head (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    last_id INTEGER NOT NULL,
    hash TEXT NOT NULL
);
-- Append-only triggers are created by SQLiteAccounts (migration files split on ';').
