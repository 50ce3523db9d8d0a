-- The outbox names its channel (the notifier's stable name, not its position in the plan's list)
-- and claims a message before sending it: 'sending' with a claim time and token, so that no two
-- rounds or processes send one message; a claim left by a crash returns to 'pending' after a
-- timeout. Job runs left 'running' by a crash are marked 'abandoned'.

CREATE TABLE notifications_v5 (
	id          INTEGER PRIMARY KEY,
	created_at  TEXT NOT NULL,
	channel     TEXT NOT NULL CHECK (channel <> ''), -- the notifier's name (roster.Notifier.ChannelName)
	kind        TEXT NOT NULL,
	message     TEXT NOT NULL CHECK (json_valid(message)),
	status      TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
	attempts    INTEGER NOT NULL DEFAULT 0,
	last_error  TEXT NOT NULL DEFAULT '',
	claimed_at  TEXT,
	claim_token TEXT,
	sent_at     TEXT,
	CHECK (status <> 'sending' OR (claimed_at IS NOT NULL AND claim_token IS NOT NULL))
) STRICT;
-- Old rows keep their position as '#N' until the store maps it to the name (see migrate).
INSERT INTO notifications_v5 (id, created_at, channel, kind, message, status, attempts, last_error, sent_at)
	SELECT id, created_at, '#' || channel, kind, message, status, attempts, last_error, sent_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_v5 RENAME TO notifications;
CREATE INDEX notifications_pending ON notifications (status, id);

CREATE TABLE job_runs_v5 (
	job         TEXT NOT NULL CHECK (job IN ('generate', 'deadline', 'deliver', 'remind')),
	due         TEXT NOT NULL, -- RFC 3339, UTC: the scheduled time this run answers
	started_at  TEXT NOT NULL,
	finished_at TEXT,
	result      TEXT NOT NULL CHECK (result IN ('running', 'ok', 'error', 'abandoned')),
	detail      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (job, due)
) STRICT;
INSERT INTO job_runs_v5 SELECT job, due, started_at, finished_at, result, detail FROM job_runs;
DROP TABLE job_runs;
ALTER TABLE job_runs_v5 RENAME TO job_runs;
