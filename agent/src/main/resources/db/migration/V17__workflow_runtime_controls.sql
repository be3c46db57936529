-- What `poros runtime` records. A paused workflow's schedule fires and starts nothing until it is
-- resumed (kept here, so a pause outlives the agent). A stop asked of a run: whoever runs it sees
-- the mark when its killed node ends, and ends the run as failed (stopped) instead of retrying.
CREATE TABLE workflow_pause (
  resource_key TEXT PRIMARY KEY,
  paused_at    TEXT NOT NULL
) WITHOUT ROWID;
ALTER TABLE run ADD COLUMN stop_requested INTEGER NOT NULL DEFAULT 0;
