-- How likely each event is real (0..1, analyze/confidence.py); NULL for events stored
-- before the model existed, until `tumen reanalyze` runs the analyser again.
ALTER TABLE events ADD COLUMN confidence DOUBLE PRECISION;
