-- +goose Up
ALTER TABLE posts RENAME COLUMN body TO content;

-- +goose Down
ALTER TABLE posts RENAME COLUMN content TO body;
