-- Each post may name the people who receive its roster (the plan's posts[].contacts), and a
-- delivery may record that a version was superseded by a newer one before it was sent.
ALTER TABLE posts ADD COLUMN contacts TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(contacts));
ALTER TABLE deliveries ADD COLUMN superseded_by INTEGER CHECK (superseded_by IS NULL OR superseded_by > version);
