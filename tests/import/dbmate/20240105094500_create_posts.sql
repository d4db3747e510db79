-- migrate:up
create table posts (
    id bigserial primary key,
    user_id bigint not null references users (id) on delete cascade,
    title text not null,
    body text,
    created_at timestamptz not null default now()
);
create index posts_user_id_idx on posts (user_id);

-- migrate:down
drop table posts;
