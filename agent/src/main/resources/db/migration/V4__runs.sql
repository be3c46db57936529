-- Workflow runs and their node runs (one row per attempt), for the local executor.
CREATE TABLE run (
  id            INTEGER PRIMARY KEY,
  resource_key  TEXT NOT NULL,
  spec_hash     TEXT NOT NULL,             -- the resource's hash the run ran
  trigger       TEXT NOT NULL,             -- created | changed | manual | schedule
  state         TEXT NOT NULL CHECK (state IN ('pending', 'running', 'succeeded', 'failed')),
  progress      TEXT NOT NULL DEFAULT '',  -- succeeded nodes / all nodes, e.g. 3/5
  started_at    TEXT NOT NULL,
  finished_at   TEXT,
  message       TEXT NOT NULL DEFAULT '',
  owner_pid     INTEGER NOT NULL,          -- the Poros process running it, and when that process
  owner_start   TEXT NOT NULL              -- started: a run whose owner is gone was abandoned
);
CREATE INDEX run_resource ON run (resource_key, id);

CREATE TABLE node_run (
  run_id        INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
  node          TEXT NOT NULL,
  attempt       INTEGER NOT NULL,
  state         TEXT NOT NULL CHECK (state IN ('pending', 'running', 'succeeded', 'failed', 'skipped')),
  exit_code     INTEGER,
  log_path      TEXT,
  started_at    TEXT,
  finished_at   TEXT,
  message       TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (run_id, node, attempt)
);
