-- The processes the local executor supervises (service and worker replicas): found again, by pid
-- and start time, when Poros starts again, so that nothing runs twice and nothing is forgotten.
CREATE TABLE process (
  resource_key   TEXT NOT NULL,
  replica        INTEGER NOT NULL,
  pid            INTEGER,
  started_at     TEXT,                     -- the process's own start time, as the OS reports it
  spec_hash      TEXT NOT NULL,            -- the resource's hash the process runs
  restarts       INTEGER NOT NULL DEFAULT 0,
  last_exit_code INTEGER,
  state          TEXT NOT NULL,            -- starting | running | backoff | stopped
  updated_at     TEXT NOT NULL,
  PRIMARY KEY (resource_key, replica)
);
