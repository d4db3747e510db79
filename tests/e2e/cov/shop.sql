-- A shop's database with every object kind issue 12 names, written as a
-- team would over time (not generated): schemas, extensions, enum,
-- composite and range types, domains, standalone and owned sequences,
-- tables of built-in types with generated and identity columns, keys,
-- partial and expression indexes, a partitioned table with partitions,
-- views, a materialized view, functions, a procedure, an aggregate,
-- triggers, row level security and comments.
create schema shop;
create schema "Audit";
create extension if not exists citext with schema public;
create type shop.order_state as enum ('new', 'paid', 'shipped', 'Cancelled');
create type shop.address as (street text, city text, "zip Code" varchar(10));
create type shop.price_range as range (subtype = numeric);
create domain shop.email as citext check (value ~ '^[^@]+@[^@]+$');
create domain shop.qty as integer not null default 1 check (value > 0);
create sequence shop.invoice_no as bigint start with 1000 increment by 10;
create table shop."user" (
    id bigint generated always as identity primary key,
    "Email" shop.email not null unique,
    name text not null,
    home shop.address,
    ip inet,
    net cidr,
    mac macaddr,
    balance money default 0,
    prefs jsonb not null default '{}',
    flags bit(8) default B'00000000',
    tags text[] default '{}',
    grade "char",
    spot point,
    created timestamptz not null default now()
);
create table shop.product (
    id serial primary key,
    sku varchar(32) not null,
    title text not null,
    price numeric(10,2) not null check (price >= 0),
    band shop.price_range,
    doc xml,
    search tsvector generated always as (to_tsvector('simple', title)) stored,
    weight_g integer,
    weight_kg numeric generated always as (weight_g / 1000.0) stored,
    constraint product_sku_key unique (sku)
);
create index product_title_lower on shop.product (lower(title));
create index product_cheap on shop.product (price) where price < 10;
create index product_search on shop.product using gin (search);
create table shop."order" (
    id bigint not null,
    placed date not null,
    user_id bigint not null references shop."user" (id) on delete cascade,
    state shop.order_state not null default 'new',
    invoice bigint default nextval('shop.invoice_no'),
    total numeric(12,2),
    primary key (id, placed)
) partition by range (placed);
create table shop.order_2025 partition of shop."order" for values from ('2025-01-01') to ('2026-01-01');
create table shop.order_2026 partition of shop."order" for values from ('2026-01-01') to ('2027-01-01');
create table shop.order_rest partition of shop."order" default;
create table shop.line (
    order_id bigint not null,
    placed date not null,
    product_id integer not null references shop.product (id),
    n shop.qty,
    stay int4range,
    foreign key (order_id, placed) references shop."order" (id, placed) on delete cascade
);
create index line_product on shop.line (product_id);
create table "Audit".log (
    at timestamptz not null default now(),
    who text not null default current_user,
    what text not null,
    bits varbit(16)
);
create function shop.line_total(p numeric, n integer) returns numeric
    language sql immutable as $$ select p * n $$;
create function shop.add_total(s numeric, v numeric) returns numeric
    language sql immutable as $$ select coalesce(s, 0) + v $$;
create aggregate shop.sum_total(numeric) (sfunc = shop.add_total, stype = numeric, initcond = '0');
create function "Audit".note() returns trigger language plpgsql as $$
begin
    insert into "Audit".log (what) values (tg_table_name || ' ' || tg_op);
    return new;
end
$$;
create trigger product_audit after insert or update on shop.product
    for each row execute function "Audit".note();
create procedure shop.close_day(d date) language plpgsql as $$
begin
    update shop."order" set state = 'shipped' where placed = d and state = 'paid';
end
$$;
create view shop.order_summary as
    select o.id, o.placed, u."Email", shop.sum_total(shop.line_total(p.price, l.n)) as total
    from shop."order" o
    join shop."user" u on u.id = o.user_id
    join shop.line l on l.order_id = o.id and l.placed = o.placed
    join shop.product p on p.id = l.product_id
    group by o.id, o.placed, u."Email";
create materialized view shop.best_sellers as
    select product_id, count(*) as sold from shop.line group by product_id;
create unique index best_sellers_product on shop.best_sellers (product_id);
alter table shop."order" enable row level security;
create policy own_orders on shop."order" for select using (user_id = 1);
comment on table shop.product is 'what the shop sells';
comment on column shop."user"."Email" is 'login, case-insensitive';
comment on view shop.order_summary is 'one line per order';
