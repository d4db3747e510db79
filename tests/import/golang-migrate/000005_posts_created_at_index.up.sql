CREATE INDEX CONCURRENTLY posts_created_at_idx ON posts (created_at);
