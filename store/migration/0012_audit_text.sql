-- The audit summary kept unformatted as well (its English format, the catalogue's key, and the
-- arguments as JSON), so that the log is shown in the reader's language; summary keeps the
-- English text, as before.
ALTER TABLE audit ADD COLUMN summary_format TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN summary_args TEXT NOT NULL DEFAULT '';
