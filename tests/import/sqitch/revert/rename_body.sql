-- Revert blog:rename_body from pg

BEGIN;

ALTER TABLE posts RENAME COLUMN content TO body;

COMMIT;
