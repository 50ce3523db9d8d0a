-- Secret links to the web pages and calendar feeds of `dutyroster serve`. Only a link's
-- SHA-256 is kept: the link itself is shown once, when it is made.
CREATE TABLE links (
	id            INTEGER PRIMARY KEY,
	secret_sha256 TEXT NOT NULL UNIQUE,
	scope         TEXT NOT NULL CHECK (scope IN ('center', 'post', 'officer')),
	target        TEXT NOT NULL DEFAULT '',
	label         TEXT NOT NULL DEFAULT '',
	created_at    TEXT NOT NULL,
	created_by    TEXT NOT NULL,
	revoked_at    TEXT,
	last_used_at  TEXT,
	uses          INTEGER NOT NULL DEFAULT 0,
	CHECK ((scope = 'center') = (target = ''))
) STRICT;

-- A label names one live link, so `link revoke LABEL` is never ambiguous.
CREATE UNIQUE INDEX links_live_label ON links (label) WHERE revoked_at IS NULL AND label != '';
