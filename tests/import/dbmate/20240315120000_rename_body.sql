-- migrate:up
alter table posts rename column body to content;

-- migrate:down
alter table posts rename column content to body;
