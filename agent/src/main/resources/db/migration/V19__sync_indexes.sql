-- A sync row is added every poll, so the sync table grows for as long as an agent runs: the
-- lookups each sync makes (its repository's newest rows, its unfinished ones) go through indexes
-- rather than reading the whole table.
CREATE INDEX sync_repository ON sync (repository_id, id);
CREATE INDEX sync_unfinished ON sync (repository_id) WHERE finished_at IS NULL;
