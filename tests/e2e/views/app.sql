-- A small application schema with views: keyword, quoted and mixed-case
-- names, two schemas, a view on a view, a materialized view, a view with
-- column names, a check option (tests/e2e/91-cov-views.t).
CREATE SCHEMA "Reports";
CREATE TABLE "user" (id bigint PRIMARY KEY, email text NOT NULL, "Display Name" text, active boolean NOT NULL DEFAULT true);
CREATE TABLE "order" (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES "user" (id), total numeric(12,2) NOT NULL, "select" text);
CREATE VIEW active_users AS SELECT id, email, "Display Name" FROM "user" WHERE active;
CREATE VIEW "Big Orders" (order_id, "from", total) AS SELECT o.id, u.email, o.total FROM "order" o JOIN active_users u ON u.id = o.user_id WHERE o.total > 100;
CREATE VIEW "Reports"."Totals" AS SELECT user_id, sum(total) AS "Sum", count(*) AS n FROM "order" GROUP BY user_id;
CREATE MATERIALIZED VIEW "Reports".top_users AS SELECT t.user_id, t."Sum" FROM "Reports"."Totals" t ORDER BY t."Sum" DESC LIMIT 10;
CREATE VIEW "table" AS SELECT id, email FROM "user" WHERE email LIKE '%@%' WITH LOCAL CHECK OPTION;
-- functions, a procedure and a trigger
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.active := coalesce(NEW.active, true);
    RETURN NEW;
END $$;
CREATE TRIGGER "Before Insert" BEFORE INSERT ON "user" FOR EACH ROW EXECUTE FUNCTION touch();
CREATE FUNCTION "Reports".order_count(uid bigint, OUT n bigint) LANGUAGE sql STABLE AS $$ SELECT count(*) FROM public."order" WHERE user_id = uid $$;
CREATE PROCEDURE "Reports"."refresh"(IN "full" boolean DEFAULT true) LANGUAGE sql AS $$ REFRESH MATERIALIZED VIEW "Reports".top_users $$;
CREATE VIEW "Reports".user_orders AS SELECT id, "Reports".order_count(id) AS n FROM "user";
COMMENT ON VIEW active_users IS 'modelled: adopted and compared';
