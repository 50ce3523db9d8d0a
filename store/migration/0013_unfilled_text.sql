-- An unfilled place's reason in Vietnamese as well, so that Vietnamese documents and tables give it
-- in Vietnamese; reason keeps the English text, which the version's digest covers.
ALTER TABLE unfilled ADD COLUMN reason_vi TEXT NOT NULL DEFAULT '';
