-- Pull-request previews, the latest per repository and pull request: which head commit was
-- planned, what merging it would do (counts, problems, each change's diff with secrets masked),
-- and the comment that shows it on the forge. A closed pull request's row stays, marked closed.
CREATE TABLE preview (
  repository TEXT NOT NULL,
  number INTEGER NOT NULL,
  head_sha TEXT NOT NULL,
  base_branch TEXT NOT NULL,
  state TEXT NOT NULL,
  verdict TEXT NOT NULL,
  creates INTEGER NOT NULL,
  updates INTEGER NOT NULL,
  deletes INTEGER NOT NULL,
  unchanged INTEGER NOT NULL,
  invalid INTEGER NOT NULL,
  problems TEXT NOT NULL,
  changes TEXT NOT NULL,
  error TEXT NOT NULL,
  comment_id INTEGER,
  previewed_at TEXT NOT NULL,
  PRIMARY KEY (repository, number)
);
