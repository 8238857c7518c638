-- Where each statistic's sentence lies in its document's text, as the analysis found it
-- (as events keep theirs): incident assembly reads where a report's first figure starts.
-- Rows stored before this migration take the offsets of their document's stored analysis
-- (a Python step, tumen.store.facts.fill_statistic_offsets).
ALTER TABLE statistics ADD COLUMN evidence_start INTEGER;
ALTER TABLE statistics ADD COLUMN evidence_end INTEGER;
