-- Interrupted runs, and the process of a running workflow node.
-- A run the agent's stopping cut short is 'interrupted' (run, node and the resource's runtime), so
-- that the next start can run a one-shot workflow again; and a node's process is recorded (pid and
-- start instant, as for replicas), so that the next agent can stop what a killed one left running.
-- SQLite cannot alter a CHECK constraint: the three tables are rebuilt (foreign keys are off while
-- migrations run).
CREATE TABLE run_v11 (
  id            INTEGER PRIMARY KEY,
  resource_key  TEXT NOT NULL,
  spec_hash     TEXT NOT NULL,
  trigger       TEXT NOT NULL,             -- created | changed | manual | schedule | rerun
  state         TEXT NOT NULL CHECK (state IN ('pending', 'running', 'succeeded', 'failed', 'interrupted')),
  progress      TEXT NOT NULL DEFAULT '',
  started_at    TEXT NOT NULL,
  finished_at   TEXT,
  message       TEXT NOT NULL DEFAULT '',
  owner_pid     INTEGER NOT NULL,
  owner_start   TEXT NOT NULL
);
INSERT INTO run_v11 SELECT * FROM run;
DROP TABLE run;
ALTER TABLE run_v11 RENAME TO run;
CREATE INDEX run_resource ON run (resource_key, id);

CREATE TABLE node_run_v11 (
  run_id        INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
  node          TEXT NOT NULL,
  attempt       INTEGER NOT NULL,
  state         TEXT NOT NULL CHECK (state IN ('pending', 'running', 'succeeded', 'failed', 'skipped', 'interrupted')),
  exit_code     INTEGER,
  log_path      TEXT,
  started_at    TEXT,
  finished_at   TEXT,
  message       TEXT NOT NULL DEFAULT '',
  pid           INTEGER,                   -- the node's process on this machine, and when it
  pid_start     TEXT,                      -- started: what a killed agent left running
  PRIMARY KEY (run_id, node, attempt)
);
INSERT INTO node_run_v11 (run_id, node, attempt, state, exit_code, log_path, started_at, finished_at, message)
  SELECT run_id, node, attempt, state, exit_code, log_path, started_at, finished_at, message FROM node_run;
DROP TABLE node_run;
ALTER TABLE node_run_v11 RENAME TO node_run;

CREATE TABLE resource_v11 (
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
  runtime       TEXT CHECK (runtime IN ('pending', 'running', 'succeeded', 'failed', 'interrupted')),
  health        TEXT,
  message       TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  deleted_at    TEXT,
  drift         TEXT NOT NULL DEFAULT ''
);
INSERT INTO resource_v11 SELECT * FROM resource;
DROP TABLE resource;
ALTER TABLE resource_v11 RENAME TO resource;
CREATE INDEX resource_repository ON resource (repository_id);
