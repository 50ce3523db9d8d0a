-- The plan: the Center, its areas, officers, posts, shifts, rules and holiday settings.
-- Rows are never deleted by an import: what disappears from the plan file becomes inactive,
-- because stored rosters refer to it.

CREATE TABLE center (
	id            INTEGER PRIMARY KEY CHECK (id = 1),
	name          TEXT NOT NULL CHECK (name <> ''),
	parent        TEXT NOT NULL,
	place         TEXT NOT NULL,
	hotline       TEXT NOT NULL,
	timezone      TEXT NOT NULL CHECK (timezone <> ''),
	document_code TEXT NOT NULL,
	signer_title  TEXT NOT NULL,
	signer_name   TEXT NOT NULL,
	recipients    TEXT NOT NULL CHECK (json_valid(recipients) AND json_type(recipients) = 'array')
) STRICT;

CREATE TABLE rules (
	id                   INTEGER PRIMARY KEY CHECK (id = 1),
	min_rest_hours       INTEGER NOT NULL CHECK (min_rest_hours >= 0),
	max_per_month        INTEGER NOT NULL CHECK (max_per_month >= 1),
	max_consecutive_days INTEGER NOT NULL CHECK (max_consecutive_days >= 1),
	weight_weekday       INTEGER NOT NULL CHECK (weight_weekday > 0),   -- thousandths
	weight_weekend       INTEGER NOT NULL CHECK (weight_weekend > 0),
	weight_holiday       INTEGER NOT NULL CHECK (weight_holiday > 0),
	weight_night         INTEGER NOT NULL CHECK (weight_night > 0),
	notice_working_days  INTEGER NOT NULL CHECK (notice_working_days >= 0)
) STRICT;

CREATE TABLE holiday_settings (
	id       INTEGER PRIMARY KEY CHECK (id = 1),
	calendar TEXT NOT NULL CHECK (calendar IN ('vn', 'none'))
) STRICT;

CREATE TABLE holiday_add (
	date TEXT PRIMARY KEY CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	name TEXT NOT NULL CHECK (name <> '')
) STRICT;

CREATE TABLE holiday_remove (
	date TEXT PRIMARY KEY CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
) STRICT;

CREATE TABLE areas (
	id     TEXT PRIMARY KEY CHECK (id <> ''),
	name   TEXT NOT NULL,
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE officers (
	id            TEXT PRIMARY KEY CHECK (id <> ''),
	name          TEXT NOT NULL CHECK (name <> ''),
	role          TEXT NOT NULL CHECK (role IN ('legal_aid_officer', 'lawyer', 'collaborator', 'support')),
	phone         TEXT NOT NULL CHECK (phone <> ''),
	email         TEXT NOT NULL DEFAULT '',
	share_milli   INTEGER NOT NULL DEFAULT 1000 CHECK (share_milli > 0),
	max_per_month INTEGER CHECK (max_per_month IS NULL OR max_per_month >= 1),
	active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	source        TEXT NOT NULL CHECK (source IN ('plan', 'cli'))
) STRICT;

CREATE TABLE officer_areas (
	officer_id TEXT NOT NULL REFERENCES officers (id),
	area_id    TEXT NOT NULL REFERENCES areas (id),
	PRIMARY KEY (officer_id, area_id)
) STRICT;

-- Unavailability: whole days (from_date..to_date), a window (from_at..to_at, local
-- YYYY-MM-DDTHH:MM) or a recurring window (rrule, start_min..end_min).
CREATE TABLE unavailability (
	id         INTEGER PRIMARY KEY,
	officer_id TEXT NOT NULL REFERENCES officers (id),
	kind       TEXT NOT NULL CHECK (kind IN ('days', 'window', 'rrule')),
	from_date  TEXT,
	to_date    TEXT,
	from_at    TEXT,
	to_at      TEXT,
	rrule      TEXT,
	start_min  INTEGER CHECK (start_min IS NULL OR start_min BETWEEN 0 AND 1439),
	end_min    INTEGER CHECK (end_min IS NULL OR end_min BETWEEN 0 AND 1439),
	reason     TEXT NOT NULL DEFAULT '',
	source     TEXT NOT NULL CHECK (source IN ('plan', 'cli')),
	position   INTEGER NOT NULL DEFAULT 0,
	CHECK (kind <> 'days' OR (from_date IS NOT NULL AND to_date IS NOT NULL AND from_date <= to_date)),
	CHECK (kind <> 'window' OR (from_at IS NOT NULL AND to_at IS NOT NULL AND from_at < to_at)),
	CHECK (kind <> 'rrule' OR (rrule IS NOT NULL AND start_min IS NOT NULL AND end_min IS NOT NULL))
) STRICT;
CREATE INDEX unavailability_officer ON unavailability (officer_id);

CREATE TABLE posts (
	id       TEXT PRIMARY KEY CHECK (id <> ''),
	name     TEXT NOT NULL CHECK (name <> ''),
	kind     TEXT NOT NULL CHECK (kind IN ('court', 'investigation', 'detention', 'other')),
	area_id  TEXT REFERENCES areas (id),
	address  TEXT NOT NULL DEFAULT '',
	phone    TEXT NOT NULL DEFAULT '',
	active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	position INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE shifts (
	post_id      TEXT NOT NULL REFERENCES posts (id),
	id           TEXT NOT NULL CHECK (id <> ''),
	label        TEXT NOT NULL,
	rrule        TEXT NOT NULL CHECK (rrule <> ''),
	anchor       TEXT,
	start_min    INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
	end_min      INTEGER NOT NULL CHECK (end_min BETWEEN 0 AND 1439),
	mode         TEXT NOT NULL CHECK (mode IN ('in_person', 'phone')),
	need         INTEGER NOT NULL CHECK (need >= 1),
	roles        TEXT NOT NULL CHECK (json_valid(roles) AND json_array_length(roles) > 0),
	backup       INTEGER NOT NULL DEFAULT 0 CHECK (backup >= 0),
	backup_roles TEXT NOT NULL CHECK (json_valid(backup_roles)),
	holidays     TEXT NOT NULL CHECK (holidays IN ('skip', 'keep')),
	strategy     TEXT NOT NULL CHECK (strategy IN ('balanced', 'rotation')),
	rotation     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(rotation)),
	active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	position     INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (post_id, id)
) STRICT;

-- What each write command did: time, user, command, summary.
CREATE TABLE audit (
	id      INTEGER PRIMARY KEY,
	at      TEXT NOT NULL,
	user    TEXT NOT NULL,
	command TEXT NOT NULL,
	summary TEXT NOT NULL
) STRICT;
