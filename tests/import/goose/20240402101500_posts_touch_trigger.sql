-- +goose Up
ALTER TABLE posts ADD COLUMN updated_at timestamptz;

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION posts_touch() RETURNS trigger AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd

CREATE TRIGGER posts_touch BEFORE UPDATE ON posts
    FOR EACH ROW EXECUTE FUNCTION posts_touch();

-- +goose Down
DROP TRIGGER IF EXISTS posts_touch ON posts;
DROP FUNCTION IF EXISTS posts_touch();
ALTER TABLE posts DROP COLUMN updated_at;
