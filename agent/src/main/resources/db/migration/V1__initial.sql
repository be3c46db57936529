-- Poros DB, first version: repositories, resources, syncs and their events.
CREATE TABLE repository (
  id             INTEGER PRIMARY KEY,
  url            TEXT NOT NULL,
  branch         TEXT NOT NULL,             -- as asked for; '' means the remote's HEAD
  path           TEXT NOT NULL,
  last_commit    TEXT,
  last_synced_at TEXT,
  UNIQUE (url, branch, path)
);

CREATE TABLE resource (
  key           TEXT PRIMARY KEY,
  repository_id INTEGER NOT NULL REFERENCES repository (id),
  type          TEXT NOT NULL,
  version       TEXT NOT NULL,
  name          TEXT NOT NULL,
  workspace     TEXT,
  layer         TEXT NOT NULL,
  executor      TEXT NOT NULL,
  spec_json     TEXT NOT NULL,             -- canonical JSON, secret values masked
  hash          TEXT NOT NULL,             -- '' while never applied (rejected on first sight)
  commit_sha    TEXT NOT NULL,             -- the commit that last changed it
  source_file   TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('active', 'error', 'deleted')),
  runtime       TEXT CHECK (runtime IN ('pending', 'running', 'succeeded', 'failed')),
  health        TEXT,
  message       TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  deleted_at    TEXT
);
CREATE INDEX resource_repository ON resource (repository_id);

CREATE TABLE sync (
  id            INTEGER PRIMARY KEY,
  repository_id INTEGER NOT NULL REFERENCES repository (id),
  commit_sha    TEXT,
  trigger       TEXT NOT NULL,
  started_at    TEXT NOT NULL,
  finished_at   TEXT,
  outcome       TEXT NOT NULL DEFAULT 'running',
  created       INTEGER NOT NULL DEFAULT 0,
  updated       INTEGER NOT NULL DEFAULT 0,
  deleted       INTEGER NOT NULL DEFAULT 0,
  failed        INTEGER NOT NULL DEFAULT 0,
  message       TEXT NOT NULL DEFAULT ''
);

CREATE TABLE event (
  id           INTEGER PRIMARY KEY,
  sync_id      INTEGER REFERENCES sync (id),
  resource_key TEXT NOT NULL,
  action       TEXT NOT NULL,
  message      TEXT NOT NULL DEFAULT '',
  at           TEXT NOT NULL
);
