-- An unfilled place's reason kept unformatted as well (its English format and arguments as
-- JSON), so that documents and tables give it in the reader's language. reason keeps the English
-- text, which the version's digest covers.
ALTER TABLE unfilled ADD COLUMN reason_format TEXT NOT NULL DEFAULT '';
ALTER TABLE unfilled ADD COLUMN reason_args TEXT NOT NULL DEFAULT '';
