-- Contacts and attachments of incidents: confidential, editors only. Every personal field
-- (name, phone, handle, notes; a file's name, type and bytes) is AES-GCM ciphertext; no
-- FTS index covers these tables. Keyed by incident id without a foreign key, as case_notes.
CREATE TABLE case_contacts (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL,
    ciphertext BLOB NOT NULL,
    author TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX case_contacts_incident ON case_contacts(incident_id);

CREATE TABLE case_attachments (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL,
    meta BLOB NOT NULL,
    ciphertext BLOB NOT NULL,
    size INTEGER NOT NULL,
    author TEXT NOT NULL,
    created_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX case_attachments_incident ON case_attachments(incident_id);
