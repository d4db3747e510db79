-- Verify blog:rename_body on pg

SELECT 1;
