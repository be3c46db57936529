-- A bundle member can wait for a condition: status 'waiting'. SQLite cannot alter a CHECK
-- constraint, so the table is rebuilt (foreign keys are off while migrations run).
CREATE TABLE resource_v3 (
  key           TEXT PRIMARY KEY,
  repository_id INTEGER NOT NULL REFERENCES repository (id),
  type          TEXT NOT NULL,
  version       TEXT NOT NULL,
  name          TEXT NOT NULL,
  workspace     TEXT,
  layer         TEXT NOT NULL,
  executor      TEXT NOT NULL,
  spec_json     TEXT NOT NULL,
  hash          TEXT NOT NULL,
  commit_sha    TEXT NOT NULL,
  source_file   TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('active', 'error', 'waiting', 'deleted')),
  runtime       TEXT CHECK (runtime IN ('pending', 'running', 'succeeded', 'failed')),
  health        TEXT,
  message       TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  deleted_at    TEXT
);
INSERT INTO resource_v3 SELECT * FROM resource;
DROP TABLE resource;
ALTER TABLE resource_v3 RENAME TO resource;
CREATE INDEX resource_repository ON resource (repository_id);
