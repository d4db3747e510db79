-- tests/e2e/matview/app.sql - materialized views with indexes (unique,
-- expression, partial, another access method, a comment) for
-- tests/e2e/91-cov-matview.t.
create schema "Reports";
create table customer (id bigint primary key, name text not null, city text);
create table sale (id bigint primary key, customer_id bigint not null references customer (id),
                   amount numeric(12,2) not null, at date not null);
create materialized view "Reports".totals as
    select c.id, c.name, sum(s.amount) as amount, max(s.at) as last_sale
    from customer c join sale s on s.customer_id = c.id group by c.id, c.name;
create unique index totals_id on "Reports".totals (id);
create index totals_name_lower on "Reports".totals (lower(name)) where amount > 0;
create index totals_last on "Reports".totals using brin (last_sale);
comment on index "Reports".totals_id is 'refresh concurrently needs it';
create materialized view big_sales as select id, amount from sale where amount > 1000;
create index on big_sales (amount desc nulls last);
-- comments on every kind the model keeps them for
create view recent as select id, amount from sale where at > date '2026-01-01';
comment on view recent is 'this year''s sales';
comment on materialized view "Reports".totals is 'per customer';
create function add_tax(v numeric, pct integer) returns numeric language sql immutable
    as $$ select v * (100 + pct) / 100 $$;
comment on function add_tax(numeric, integer) is 'gross from net';
create procedure "Reports".refresh() language sql as $$ refresh materialized view "Reports".totals $$;
comment on procedure "Reports".refresh() is 'nightly';
create function add_amount(s numeric, v numeric) returns numeric language sql immutable
    as $$ select coalesce(s, 0) + v $$;
create aggregate total_of(numeric) (sfunc = add_amount, stype = numeric);
comment on aggregate total_of(numeric) is 'a sum';
create function touch() returns trigger language plpgsql as $$ begin return new; end $$;
create trigger sale_touch before insert on sale for each row execute function touch();
comment on trigger sale_touch on sale is 'keeps rows fresh';
create domain positive as numeric check (value > 0);
comment on domain positive is 'greater than zero';
create type money_range as range (subtype = numeric);
comment on type money_range is 'a price band';
create type address as (street text, city text);
comment on type address is 'where to ship';
