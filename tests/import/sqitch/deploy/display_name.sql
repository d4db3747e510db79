-- Deploy blog:display_name to pg

BEGIN;

UPDATE users SET display_name = split_part(email, '@', 1) WHERE display_name IS NULL;
ALTER TABLE users ALTER COLUMN display_name SET NOT NULL;

COMMIT;
