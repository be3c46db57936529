-- What a sync's judgement noted without failing anything: its warnings (the loader's and the
-- admission policies' warn findings and errors) and the policies' audit findings. Each a JSON list
-- of at most 100 lines, with the full count beside it.
ALTER TABLE sync ADD COLUMN warnings TEXT;
ALTER TABLE sync ADD COLUMN warning_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync ADD COLUMN audits TEXT;
ALTER TABLE sync ADD COLUMN audit_count INTEGER NOT NULL DEFAULT 0;
