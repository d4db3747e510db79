-- migrate:up transaction:false
create index concurrently posts_created_at_idx on posts (created_at);

-- migrate:down transaction:false
drop index concurrently posts_created_at_idx;
