-- Verify blog:posts on pg

SELECT 1;
