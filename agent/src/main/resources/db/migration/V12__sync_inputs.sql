-- What a sync's plan depended on, so that a sync of the same inputs can end after the fetch.
-- Each repository's resources carry a generation, raised by triggers whenever a row that a plan
-- reads changes (its owner, hash, status, spec, executor or drift; not its health or runtime, which
-- supervisors write all the time), is added or removed. A clean sync records its inputs: the
-- commit, the files it read, its executor, the program, its own generation and the sum of the
-- others' (what it may use). Another sync with the same inputs would plan nothing but unchanged.
-- (No INSERT OR IGNORE in the triggers: the statement that fires a trigger overrides its
-- conflict clause, and the recorder's upserts would turn the IGNORE into an abort.)
CREATE TABLE resource_generation (
  repository_id INTEGER PRIMARY KEY,
  value         INTEGER NOT NULL
);
INSERT INTO resource_generation (repository_id, value) SELECT DISTINCT repository_id, 1 FROM resource;
CREATE TRIGGER resource_generation_insert AFTER INSERT ON resource BEGIN INSERT INTO resource_generation SELECT NEW.repository_id, 0 WHERE NOT EXISTS (SELECT 1 FROM resource_generation WHERE repository_id = NEW.repository_id); UPDATE resource_generation SET value = value + 1 WHERE repository_id = NEW.repository_id; END;
CREATE TRIGGER resource_generation_delete AFTER DELETE ON resource BEGIN INSERT INTO resource_generation SELECT OLD.repository_id, 0 WHERE NOT EXISTS (SELECT 1 FROM resource_generation WHERE repository_id = OLD.repository_id); UPDATE resource_generation SET value = value + 1 WHERE repository_id = OLD.repository_id; END;
CREATE TRIGGER resource_generation_update AFTER UPDATE OF repository_id, hash, status, spec_json, executor, drift ON resource BEGIN INSERT INTO resource_generation SELECT NEW.repository_id, 0 WHERE NOT EXISTS (SELECT 1 FROM resource_generation WHERE repository_id = NEW.repository_id); UPDATE resource_generation SET value = value + 1 WHERE repository_id IN (OLD.repository_id, NEW.repository_id); END;
ALTER TABLE sync ADD COLUMN inputs TEXT;
