-- Look-ups of one monitor that used to read every monitor of the project: by unique key (what read-only API keys
-- name monitors by), and by name (the API's `unique` fields). A monitor's unique key is the SHA-1 of its uuid, which
-- SQL cannot compute here; the store fills it for monitors made before this column, on the first look-up that misses.
ALTER TABLE checks ADD COLUMN unique_key TEXT;
CREATE INDEX ix_checks_project_unique_key ON checks (project_id, unique_key);
CREATE INDEX ix_checks_project_name ON checks (project_id, name);
-- A project's monitors in id order, as every list reads them, without sorting the project first.
CREATE INDEX ix_checks_project ON checks (project_id, id);
