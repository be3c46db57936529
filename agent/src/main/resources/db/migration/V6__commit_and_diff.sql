-- The commit a sync read as people know it (subject line and author), and the diff each event
-- applied (secret values masked; null for events that changed no spec).
ALTER TABLE sync ADD COLUMN commit_message TEXT NOT NULL DEFAULT '';
ALTER TABLE sync ADD COLUMN commit_author TEXT NOT NULL DEFAULT '';
ALTER TABLE event ADD COLUMN diff TEXT;
