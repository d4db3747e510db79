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
