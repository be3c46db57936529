-- Commit statuses as delivered to the forge, the last one per repository, commit and context: a
-- status equal to it is not posted again, and a commit that has a final status gets no new pending.
CREATE TABLE status_delivery (
  repository TEXT NOT NULL,
  commit_sha TEXT NOT NULL,
  context TEXT NOT NULL,
  state TEXT NOT NULL,
  description TEXT NOT NULL,
  provider TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  delivered_at TEXT NOT NULL,
  PRIMARY KEY (repository, commit_sha, context)
);
