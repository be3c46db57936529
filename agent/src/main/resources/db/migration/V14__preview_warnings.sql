-- A preview's warnings (admission policies that warn, and the loader's): shown with the problems,
-- failing nothing.
ALTER TABLE preview ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';
