-- The admission verdicts that found nothing, per resource: a digest of what they depended on (each
-- matching policy's content, the resource's hash, and whatever else a policy reads). A new process
-- trusts a resource whose digest is unchanged instead of evaluating its policies again; a digest is
-- a pure function of those inputs, so a row is never wrong, only unused, and needs no transaction
-- with the sync.
CREATE TABLE cleared_verdict (
  repository_id INTEGER NOT NULL REFERENCES repository (id),
  key           TEXT NOT NULL,
  digest        TEXT NOT NULL,
  PRIMARY KEY (repository_id, key)
) WITHOUT ROWID;
