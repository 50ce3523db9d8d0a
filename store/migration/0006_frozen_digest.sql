-- A published version is frozen in every table that belongs to it: no row of it may be inserted,
-- replaced, updated or deleted (REPLACE deletes without firing DELETE triggers unless
-- recursive_triggers is on: the connection string turns it on). A version is published only by
-- the update that sets its digest, and each published version carries a SHA-256 digest of its
-- content chained to the previous published version of its month, so that a change made with
-- triggers dropped is still evident (`dutyroster verify`).

ALTER TABLE rosters ADD COLUMN digest TEXT NOT NULL DEFAULT '';

CREATE TRIGGER rosters_born_draft BEFORE INSERT ON rosters WHEN NEW.status <> 'draft'
BEGIN SELECT RAISE(ABORT, 'a roster version is stored as a draft and then published'); END;

CREATE TRIGGER assignments_frozen_insert BEFORE INSERT ON assignments
WHEN (SELECT status FROM rosters WHERE id = NEW.roster_id) = 'published'
BEGIN SELECT RAISE(ABORT, 'published rosters are never changed in place'); END;
CREATE TRIGGER unfilled_frozen_insert BEFORE INSERT ON unfilled
WHEN (SELECT status FROM rosters WHERE id = NEW.roster_id) = 'published'
BEGIN SELECT RAISE(ABORT, 'published rosters are never changed in place'); END;

CREATE TRIGGER rotation_state_frozen_insert BEFORE INSERT ON rotation_state
WHEN (SELECT status FROM rosters WHERE id = NEW.roster_id) = 'published'
BEGIN SELECT RAISE(ABORT, 'published rosters are never changed in place'); END;
CREATE TRIGGER rotation_state_frozen_update BEFORE UPDATE ON rotation_state
WHEN (SELECT status FROM rosters WHERE id = OLD.roster_id) = 'published'
	OR (SELECT status FROM rosters WHERE id = NEW.roster_id) = 'published'
BEGIN SELECT RAISE(ABORT, 'published rosters are never changed in place'); END;
CREATE TRIGGER rotation_state_frozen_delete BEFORE DELETE ON rotation_state
WHEN (SELECT status FROM rosters WHERE id = OLD.roster_id) = 'published'
BEGIN SELECT RAISE(ABORT, 'published rosters are never changed in place'); END;

CREATE TRIGGER roster_officers_frozen_insert BEFORE INSERT ON roster_officers
WHEN (SELECT status FROM rosters WHERE id = NEW.roster_id) = 'published'
BEGIN SELECT RAISE(ABORT, 'published rosters are never changed in place'); END;
CREATE TRIGGER roster_officers_frozen_update BEFORE UPDATE ON roster_officers
WHEN (SELECT status FROM rosters WHERE id = OLD.roster_id) = 'published'
	OR (SELECT status FROM rosters WHERE id = NEW.roster_id) = 'published'
BEGIN SELECT RAISE(ABORT, 'published rosters are never changed in place'); END;
CREATE TRIGGER roster_officers_frozen_delete BEFORE DELETE ON roster_officers
WHEN (SELECT status FROM rosters WHERE id = OLD.roster_id) = 'published'
BEGIN SELECT RAISE(ABORT, 'published rosters are never changed in place'); END;

-- An update may not move a draft's rows into a published version either.
DROP TRIGGER assignments_frozen_update;
CREATE TRIGGER assignments_frozen_update BEFORE UPDATE ON assignments
WHEN (SELECT status FROM rosters WHERE id = OLD.roster_id) = 'published'
	OR (SELECT status FROM rosters WHERE id = NEW.roster_id) = 'published'
BEGIN SELECT RAISE(ABORT, 'published rosters are never changed in place'); END;
DROP TRIGGER unfilled_frozen_update;
CREATE TRIGGER unfilled_frozen_update BEFORE UPDATE ON unfilled
WHEN (SELECT status FROM rosters WHERE id = OLD.roster_id) = 'published'
	OR (SELECT status FROM rosters WHERE id = NEW.roster_id) = 'published'
BEGIN SELECT RAISE(ABORT, 'published rosters are never changed in place'); END;

-- Publishing sets the digest in the same update; a published version without one is refused.
CREATE TRIGGER rosters_published_with_digest BEFORE UPDATE OF status ON rosters
WHEN OLD.status = 'draft' AND NEW.status = 'published' AND NEW.digest = ''
BEGIN SELECT RAISE(ABORT, 'a published version needs its digest'); END;
