-- Revert blog:posts from pg

BEGIN;

DROP TABLE posts;

COMMIT;
