-- Revert blog:posts_created_at_idx from pg

DROP INDEX CONCURRENTLY posts_created_at_idx;
