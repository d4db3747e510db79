-- Verify blog:posts_created_at_idx on pg

SELECT 1;
