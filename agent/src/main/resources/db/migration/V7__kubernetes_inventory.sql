-- The Kubernetes objects each resource owns (its inventory): what prune deletes when the resource
-- no longer renders them, and what the next sync compares with, so that an unchanged object is not
-- written again. A row is written before its object is applied (hash '') and completed after, so
-- a crash in between leaves the object known, and pruned or re-applied by the next sync.
CREATE TABLE k8s_object (
  resource_key TEXT NOT NULL,
  api_group    TEXT NOT NULL,            -- '' for the core group
  api_version  TEXT NOT NULL,            -- as applied, e.g. apps/v1
  kind         TEXT NOT NULL,
  namespace    TEXT NOT NULL,            -- '' for cluster-scoped objects
  name         TEXT NOT NULL,
  uid          TEXT NOT NULL DEFAULT '',
  hash         TEXT NOT NULL DEFAULT '', -- of what was applied; '' while applying
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (resource_key, api_group, kind, namespace, name)
);
CREATE INDEX k8s_object_by_object ON k8s_object (api_group, kind, namespace, name);
