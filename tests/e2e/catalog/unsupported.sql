-- Objects migc's language cannot express: the catalog reader lists them
-- as unsupported instead of dropping them (tests/e2e/94-catalog.t); app.posint
-- is a domain (known since issue 12 part 2); a column typed by a table's
-- row type (app.accounts) is one migc does not know (aclitem, PostgreSQL's
-- own, is adopted since then); the exclusion constraint of app.rooms is
-- read since then too, a comment on a domain's constraint is not.
CREATE VIEW app.rich_accounts AS SELECT id FROM app.accounts WHERE balance > 100;
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER accounts_touch BEFORE UPDATE ON app.accounts FOR EACH ROW EXECUTE FUNCTION app.touch();
CREATE SEQUENCE app.free_seq;
CREATE DOMAIN app.posint AS integer CHECK (VALUE > 0);
CREATE TABLE app.measures (at date NOT NULL, v integer) PARTITION BY RANGE (at);
CREATE TABLE app.rooms (r int4range, p app.posint, a app.accounts, EXCLUDE USING gist (r WITH &&));
CREATE TABLE app.legacy (a integer) INHERITS (app.accounts);
CREATE UNLOGGED TABLE app.scratch (a integer);
CREATE INDEX items_name_pattern_idx ON items USING gist (to_tsvector('simple', name) tsvector_ops (siglen = 100));
ALTER TABLE items ADD COLUMN g integer GENERATED ALWAYS AS (parent_id * 2) STORED;
CREATE EXTENSION pg_trgm SCHEMA app;
CREATE POLICY p ON items USING (true);
ALTER TABLE items ENABLE ROW LEVEL SECURITY;
COMMENT ON SCHEMA app IS 'the app';
COMMENT ON CONSTRAINT posint_check ON DOMAIN app.posint IS 'positive';
