-- Drift: what the cluster holds that differs from what Poros applied, per resource ('' when in
-- sync), found by watching the objects it manages; and each object as applied, to compare with.
ALTER TABLE resource ADD COLUMN drift TEXT NOT NULL DEFAULT '';
ALTER TABLE k8s_object ADD COLUMN applied TEXT NOT NULL DEFAULT '';
