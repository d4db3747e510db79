-- Deploy blog:rename_body to pg

BEGIN;

ALTER TABLE posts RENAME COLUMN body TO content;

COMMIT;
