-- Facts derived by the analysis stage, normalised for facets and charts.
CREATE TABLE document_topics (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    PRIMARY KEY (document_id, topic)
);
CREATE INDEX document_topics_topic ON document_topics(topic);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    date TEXT,
    people INTEGER,
    vulnerable TEXT NOT NULL DEFAULT '[]',
    country TEXT,
    place TEXT,
    evidence TEXT NOT NULL,
    evidence_start INTEGER NOT NULL,
    evidence_end INTEGER NOT NULL
);
CREATE INDEX events_document ON events(document_id);
CREATE INDEX events_type_country ON events(type, country);

CREATE TABLE statistics (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    measure TEXT NOT NULL,
    country TEXT,
    period TEXT,
    value INTEGER NOT NULL,
    evidence TEXT NOT NULL
);
CREATE INDEX statistics_measure ON statistics(measure, period);

CREATE TABLE document_countries (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    country TEXT NOT NULL,
    PRIMARY KEY (document_id, country)
);
