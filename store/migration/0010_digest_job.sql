-- The daemon's digest job records its runs like the others.
CREATE TABLE job_runs_v10 (
	job         TEXT NOT NULL CHECK (job IN ('generate', 'deadline', 'deliver', 'remind', 'digest')),
	due         TEXT NOT NULL,
	started_at  TEXT NOT NULL,
	finished_at TEXT,
	result      TEXT NOT NULL CHECK (result IN ('running', 'ok', 'error', 'abandoned')),
	detail      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (job, due)
) STRICT;
INSERT INTO job_runs_v10 SELECT job, due, started_at, finished_at, result, detail FROM job_runs;
DROP TABLE job_runs;
ALTER TABLE job_runs_v10 RENAME TO job_runs;
