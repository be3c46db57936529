-- What the last settled sync of each repository loaded, file by file: each file's blob, and where
-- each resource it declared starts. The next sync parses only the files whose blob differs and
-- rebuilds the others' resources from their recorded rows (which a settled sync left equal to what
-- the files declare). repository.declared_sync names the sync these rows describe; every sync
-- clears it when it starts and a settled one sets it in the transaction that finishes it, so a sync
-- cut short leaves nothing to trust.
ALTER TABLE repository ADD COLUMN declared_sync INTEGER;
CREATE TABLE declared_file (
  repository_id INTEGER NOT NULL REFERENCES repository (id),
  path          TEXT NOT NULL,
  blob          TEXT NOT NULL,
  PRIMARY KEY (repository_id, path)
) WITHOUT ROWID;
CREATE TABLE declared_resource (
  repository_id INTEGER NOT NULL REFERENCES repository (id),
  key           TEXT NOT NULL,
  path          TEXT NOT NULL,
  line          INTEGER NOT NULL,
  files         TEXT,
  PRIMARY KEY (repository_id, key)
) WITHOUT ROWID;
CREATE INDEX declared_resource_path ON declared_resource (repository_id, path);
