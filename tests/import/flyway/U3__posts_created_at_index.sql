DROP INDEX CONCURRENTLY posts_created_at_idx;
