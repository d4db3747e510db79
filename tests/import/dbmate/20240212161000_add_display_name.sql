-- migrate:up
alter table users add column display_name text;

-- migrate:down
alter table users drop column display_name;
