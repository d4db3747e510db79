-- migrate:up
alter table posts add column published boolean not null default false;
