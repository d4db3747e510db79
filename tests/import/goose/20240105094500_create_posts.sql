-- +goose Up
-- +goose StatementBegin
CREATE TABLE posts (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title text NOT NULL,
    body text,
    created_at timestamptz NOT NULL DEFAULT now()
);
-- +goose StatementEnd
CREATE INDEX posts_user_id_idx ON posts (user_id);

-- +goose Down
DROP TABLE posts;
