-- Revert blog:display_name from pg

BEGIN;

ALTER TABLE users ALTER COLUMN display_name DROP NOT NULL;

COMMIT;
