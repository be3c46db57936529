-- What the last settled sync judged of each resource it declared, beside where the resource is: its
-- hash before it covered what it uses, what it needs (key ids, one a line), and the admission
-- policies' warnings and audit findings about it (JSON); and what besides the commit the verdict
-- depended on (executor, policies, program). A new process judges a commit that changes only some
-- resources' content from these rows, as an agent does from the verdict it holds, instead of
-- judging every resource again. Rows of older versions have none of it (NULL): the next settled
-- sync judges whole and writes it.
ALTER TABLE declared_resource ADD COLUMN parsed_hash TEXT;
ALTER TABLE declared_resource ADD COLUMN needs TEXT;
ALTER TABLE declared_resource ADD COLUMN warnings TEXT;
ALTER TABLE declared_resource ADD COLUMN audits TEXT;
ALTER TABLE repository ADD COLUMN declared_environment TEXT;
