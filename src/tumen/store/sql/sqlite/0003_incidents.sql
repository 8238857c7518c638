-- Incidents assembled from events; rebuilt from documents at any time.
-- `key` is derived from the earliest event, so a rebuild keeps ids stable.
CREATE TABLE incidents (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    urgency_score REAL NOT NULL DEFAULT 0,
    urgency_level TEXT NOT NULL DEFAULT 'low',
    people_min INTEGER,
    people_max INTEGER,
    vulnerable TEXT NOT NULL DEFAULT '[]',
    countries TEXT NOT NULL DEFAULT '[]',
    places TEXT NOT NULL DEFAULT '[]',
    events TEXT NOT NULL DEFAULT '[]',
    first_report TEXT,
    last_report TEXT,
    sources_count INTEGER NOT NULL DEFAULT 0,
    conflicts TEXT NOT NULL DEFAULT '[]',
    confirmed_by TEXT,
    confirmed_at TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX incidents_urgency ON incidents(urgency_score DESC, id);
CREATE INDEX incidents_status ON incidents(status);
CREATE INDEX incidents_last_report ON incidents(last_report);

CREATE TABLE incident_documents (
    incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (incident_id, document_id)
);
CREATE INDEX incident_documents_document ON incident_documents(document_id);

CREATE TABLE incident_countries (
    incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    country TEXT NOT NULL,
    PRIMARY KEY (incident_id, country)
);
CREATE INDEX incident_countries_country ON incident_countries(country);

-- What staff did. Actions are anchored on documents (payload.anchor), not on incident
-- rows, so they are re-applied after every rebuild; incident_id is where each landed last.
CREATE TABLE incident_actions (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER,
    incident_key TEXT,
    action TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    username TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX incident_actions_incident ON incident_actions(incident_id);
