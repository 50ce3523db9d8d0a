-- A notification the daemon no longer owes (a reminder of a duty an amendment took away) is
-- cancelled, never sent, and kept as the record of it.
CREATE TABLE notifications_v8 (
	id          INTEGER PRIMARY KEY,
	created_at  TEXT NOT NULL,
	channel     TEXT NOT NULL CHECK (channel <> ''),
	kind        TEXT NOT NULL,
	message     TEXT NOT NULL CHECK (json_valid(message)),
	status      TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
	attempts    INTEGER NOT NULL DEFAULT 0,
	last_error  TEXT NOT NULL DEFAULT '',
	claimed_at  TEXT,
	claim_token TEXT,
	sent_at     TEXT,
	CHECK (status <> 'sending' OR (claimed_at IS NOT NULL AND claim_token IS NOT NULL))
) STRICT;
INSERT INTO notifications_v8 SELECT id, created_at, channel, kind, message, status, attempts, last_error, claimed_at, claim_token, sent_at
	FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_v8 RENAME TO notifications;
CREATE INDEX notifications_pending ON notifications (status, id);
