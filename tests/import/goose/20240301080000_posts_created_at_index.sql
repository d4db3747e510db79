-- +goose NO TRANSACTION
-- +goose Up
CREATE INDEX CONCURRENTLY posts_created_at_idx ON posts (created_at);

-- +goose Down
DROP INDEX CONCURRENTLY posts_created_at_idx;
