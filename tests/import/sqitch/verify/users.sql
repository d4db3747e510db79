-- Verify blog:users on pg

SELECT 1;
