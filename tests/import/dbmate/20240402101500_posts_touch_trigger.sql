-- migrate:up
alter table posts add column updated_at timestamptz;

create function posts_touch() returns trigger language plpgsql as $body$
begin
    new.updated_at := now();
    return new;
end;
$body$;

create trigger posts_touch before update on posts
    for each row execute function posts_touch();

-- migrate:down
drop trigger posts_touch on posts;
drop function posts_touch();
alter table posts drop column updated_at;
