-- Amendments: a published month changes only by new versions, each saying what it is based on.
ALTER TABLE rosters ADD COLUMN kind TEXT NOT NULL DEFAULT 'generated' CHECK (kind IN ('generated', 'amendment'));
ALTER TABLE rosters ADD COLUMN based_on INTEGER CHECK (based_on IS NULL OR based_on >= 1);

-- The views (my, now, next) find assignments by roster and time (the primary key) or by officer
-- and time; a separate index on start time is not needed and slows every insert.
DROP INDEX assignments_start;
