-- Verify blog:display_name on pg

SELECT 1;
