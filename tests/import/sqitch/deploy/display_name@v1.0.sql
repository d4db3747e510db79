-- Deploy blog:display_name to pg

BEGIN;

ALTER TABLE users ADD COLUMN display_name TEXT;
UPDATE users SET display_name = split_part(email, '@', 1);

COMMIT;
