-- Watch rules, the events they matched, and every delivery attempt.
CREATE TABLE alert_rules (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    filters TEXT NOT NULL DEFAULT '{}',
    triggers TEXT NOT NULL DEFAULT '[]',
    follow TEXT NOT NULL DEFAULT '[]',
    silence_days INTEGER NOT NULL DEFAULT 7,
    webhook_url TEXT,
    webhook_secret TEXT,
    email TEXT,
    feed_token TEXT NOT NULL UNIQUE,
    enabled INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

-- One row per (rule, event): the unique key is what makes delivery happen once,
-- also across restarts. The rule's Atom feed reads these rows.
CREATE TABLE alert_events (
    id INTEGER PRIMARY KEY,
    rule_id INTEGER NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
    event_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    incident_id INTEGER,
    title TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (rule_id, event_key)
);
CREATE INDEX alert_events_rule ON alert_events(rule_id, id DESC);

CREATE TABLE alert_deliveries (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES alert_events(id) ON DELETE CASCADE,
    rule_id INTEGER NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
    event_key TEXT NOT NULL,
    channel TEXT NOT NULL,
    target TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    delivered_at TEXT,
    UNIQUE (rule_id, event_key, channel)
);
CREATE INDEX alert_deliveries_pending ON alert_deliveries(status, next_attempt_at);

CREATE TABLE alert_attempts (
    id INTEGER PRIMARY KEY,
    delivery_id INTEGER NOT NULL REFERENCES alert_deliveries(id) ON DELETE CASCADE,
    attempted_at TEXT NOT NULL,
    ok INTEGER NOT NULL,
    status_code INTEGER,
    error TEXT,
    duration_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX alert_attempts_delivery ON alert_attempts(delivery_id);

-- What the watcher has already seen, so a change is noticed once whoever made it
-- (tumen watch, tumen ingest, a staff action). Baseline: everything there today.
CREATE TABLE alert_seen_incidents (
    incident_id INTEGER PRIMARY KEY,
    updated_at TEXT NOT NULL
);
CREATE TABLE alert_seen_documents (
    document_id INTEGER PRIMARY KEY,
    status TEXT NOT NULL
);
CREATE TABLE alert_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO alert_seen_incidents SELECT id, updated_at FROM incidents;
INSERT OR REPLACE INTO alert_seen_documents
    SELECT d.document_id, i.status FROM incident_documents d JOIN incidents i ON i.id = d.incident_id;
INSERT INTO alert_state VALUES ('last_document_id', (SELECT coalesce(max(id), 0) FROM documents));
