-- migrate:up
update users set display_name = split_part(email, '@', 1) where display_name is null;

-- migrate:down
