-- A job run cut short by the daemon's shutdown is recorded as interrupted (and runs again at the
-- next start). The check on result did not allow it: recording it failed, and the run stayed
-- 'running' until the next start marked it abandoned.
CREATE TABLE job_runs_v14 (
	job         TEXT NOT NULL CHECK (job IN ('generate', 'deadline', 'deliver', 'remind', 'digest')),
	due         TEXT NOT NULL,
	started_at  TEXT NOT NULL,
	finished_at TEXT,
	result      TEXT NOT NULL CHECK (result IN ('running', 'ok', 'error', 'abandoned', 'interrupted')),
	detail      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (job, due)
) STRICT;
INSERT INTO job_runs_v14 SELECT job, due, started_at, finished_at, result, detail FROM job_runs;
DROP TABLE job_runs;
ALTER TABLE job_runs_v14 RENAME TO job_runs;
