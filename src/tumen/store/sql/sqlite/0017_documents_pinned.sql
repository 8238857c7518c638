-- A notice pinned to the top of a board (공지): listed first whatever its date, so pages
-- that list documents mark it rather than take it for the newest report.
ALTER TABLE documents ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
