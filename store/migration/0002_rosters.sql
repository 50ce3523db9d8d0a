-- Rosters: every generated or amended version of a month, its assignments and unfilled places.
-- A published version is frozen: triggers refuse any change to it or its rows.

CREATE TABLE rosters (
	id           INTEGER PRIMARY KEY,
	month        TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
	version      INTEGER NOT NULL CHECK (version >= 1),
	status       TEXT NOT NULL CHECK (status IN ('draft', 'published')),
	seed         INTEGER NOT NULL,
	created_at   TEXT NOT NULL,
	created_by   TEXT NOT NULL,
	reason       TEXT NOT NULL DEFAULT '',
	published_at TEXT,
	published_by TEXT,
	UNIQUE (month, version)
) STRICT;

CREATE TABLE assignments (
	roster_id    INTEGER NOT NULL REFERENCES rosters (id),
	post_id      TEXT NOT NULL,
	shift_id     TEXT NOT NULL,
	start_unix   INTEGER NOT NULL, -- seconds since 1970 UTC; shown in center.timezone
	end_unix     INTEGER NOT NULL,
	officer_id   TEXT NOT NULL REFERENCES officers (id),
	role         TEXT NOT NULL CHECK (role IN ('duty', 'backup')),
	weight_milli INTEGER NOT NULL CHECK (weight_milli > 0),
	flags        INTEGER NOT NULL CHECK (flags BETWEEN 0 AND 7), -- 1 weekend, 2 holiday, 4 night
	CHECK (end_unix > start_unix),
	PRIMARY KEY (roster_id, start_unix, officer_id),
	FOREIGN KEY (post_id, shift_id) REFERENCES shifts (post_id, id)
) STRICT, WITHOUT ROWID;
CREATE INDEX assignments_officer ON assignments (officer_id, start_unix);
CREATE INDEX assignments_start ON assignments (start_unix);

CREATE TABLE unfilled (
	roster_id  INTEGER NOT NULL REFERENCES rosters (id),
	post_id    TEXT NOT NULL,
	shift_id   TEXT NOT NULL,
	start_unix INTEGER NOT NULL,
	end_unix   INTEGER NOT NULL,
	role       TEXT NOT NULL CHECK (role IN ('duty', 'backup')),
	missing    INTEGER NOT NULL CHECK (missing >= 1),
	reason     TEXT NOT NULL CHECK (reason <> ''),
	UNIQUE (roster_id, start_unix, post_id, shift_id, role),
	FOREIGN KEY (post_id, shift_id) REFERENCES shifts (post_id, id)
) STRICT; -- a rowid table: reasons are long, and WITHOUT ROWID suits small rows

-- Where each rotation shift stood after this version, for the next month.
CREATE TABLE rotation_state (
	roster_id  INTEGER NOT NULL REFERENCES rosters (id),
	post_id    TEXT NOT NULL,
	shift_id   TEXT NOT NULL,
	next_index INTEGER NOT NULL CHECK (next_index >= 0),
	owed       TEXT NOT NULL CHECK (json_valid(owed)),
	PRIMARY KEY (roster_id, post_id, shift_id),
	FOREIGN KEY (post_id, shift_id) REFERENCES shifts (post_id, id)
) STRICT, WITHOUT ROWID;

-- Who took part in a version, with what share and what burden (roster.BurdenUnits summed,
-- before dividing by share): the ground of the fairness ledger.
CREATE TABLE roster_officers (
	roster_id    INTEGER NOT NULL REFERENCES rosters (id),
	officer_id   TEXT NOT NULL REFERENCES officers (id),
	share_milli  INTEGER NOT NULL CHECK (share_milli > 0),
	burden_units INTEGER NOT NULL CHECK (burden_units >= 0),
	PRIMARY KEY (roster_id, officer_id)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER rosters_frozen BEFORE UPDATE ON rosters WHEN OLD.status = 'published'
BEGIN SELECT RAISE(ABORT, 'published rosters are never changed in place'); END;
CREATE TRIGGER rosters_kept BEFORE DELETE ON rosters WHEN OLD.status = 'published'
BEGIN SELECT RAISE(ABORT, 'published rosters are never deleted'); END;
CREATE TRIGGER assignments_frozen_update BEFORE UPDATE ON assignments
WHEN (SELECT status FROM rosters WHERE id = OLD.roster_id) = 'published'
BEGIN SELECT RAISE(ABORT, 'published rosters are never changed in place'); END;
CREATE TRIGGER assignments_frozen_delete BEFORE DELETE ON assignments
WHEN (SELECT status FROM rosters WHERE id = OLD.roster_id) = 'published'
BEGIN SELECT RAISE(ABORT, 'published rosters are never changed in place'); END;
CREATE TRIGGER unfilled_frozen_update BEFORE UPDATE ON unfilled
WHEN (SELECT status FROM rosters WHERE id = OLD.roster_id) = 'published'
BEGIN SELECT RAISE(ABORT, 'published rosters are never changed in place'); END;
CREATE TRIGGER unfilled_frozen_delete BEFORE DELETE ON unfilled
WHEN (SELECT status FROM rosters WHERE id = OLD.roster_id) = 'published'
BEGIN SELECT RAISE(ABORT, 'published rosters are never changed in place'); END;
