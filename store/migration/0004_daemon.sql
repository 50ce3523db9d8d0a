-- The daemon: its settings from the plan, a record of every job run, what it delivered and
-- reminded, the notifications it owes, and which process holds the database.

CREATE TABLE daemon_settings (
	id     INTEGER PRIMARY KEY CHECK (id = 1),
	config TEXT NOT NULL CHECK (json_valid(config))
) STRICT;

CREATE TABLE job_runs (
	job         TEXT NOT NULL CHECK (job IN ('generate', 'deadline', 'deliver', 'remind')),
	due         TEXT NOT NULL, -- RFC 3339, UTC: the scheduled time this run answers
	started_at  TEXT NOT NULL,
	finished_at TEXT,
	result      TEXT NOT NULL CHECK (result IN ('running', 'ok', 'error')),
	detail      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (job, due)
) STRICT;

CREATE TABLE deliveries (
	month        TEXT NOT NULL,
	version      INTEGER NOT NULL,
	folder       TEXT NOT NULL,
	manifest     TEXT NOT NULL CHECK (json_valid(manifest)),
	delivered_at TEXT NOT NULL,
	PRIMARY KEY (month, version)
) STRICT;

CREATE TABLE reminders (
	officer_id TEXT NOT NULL REFERENCES officers (id),
	post_id    TEXT NOT NULL,
	shift_id   TEXT NOT NULL,
	start_unix INTEGER NOT NULL,
	month      TEXT NOT NULL,
	version    INTEGER NOT NULL,
	sent_at    TEXT NOT NULL,
	PRIMARY KEY (officer_id, post_id, shift_id, start_unix)
) STRICT;

-- An outbox: a notification is written in the same transaction as what it reports, then sent,
-- retried and marked; a failure stays recorded with its error.
CREATE TABLE notifications (
	id         INTEGER PRIMARY KEY,
	created_at TEXT NOT NULL,
	channel    INTEGER NOT NULL CHECK (channel >= 0), -- index of the notifier in daemon.notify
	kind       TEXT NOT NULL,
	message    TEXT NOT NULL CHECK (json_valid(message)),
	status     TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
	attempts   INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	sent_at    TEXT
) STRICT;
CREATE INDEX notifications_pending ON notifications (status, id);

CREATE TABLE daemon_lock (
	id        INTEGER PRIMARY KEY CHECK (id = 1),
	pid       INTEGER NOT NULL,
	host      TEXT NOT NULL,
	since     TEXT NOT NULL,
	heartbeat TEXT NOT NULL
) STRICT;
