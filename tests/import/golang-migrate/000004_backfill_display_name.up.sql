-- every existing user gets a display name from the address
UPDATE users SET display_name = split_part(email, '@', 1) WHERE display_name IS NULL;
