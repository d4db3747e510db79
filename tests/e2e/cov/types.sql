-- tests/e2e/cov/types.sql - a database with every built-in type of
-- PostgreSQL 15 that migc models (with modifiers and arrays), under
-- keyword, quoted and mixed-case names (tests/e2e/90-cov-types.t).
CREATE SCHEMA "Geo";
CREATE EXTENSION citext;
CREATE EXTENSION hstore WITH SCHEMA "Geo";
CREATE TABLE "Geo"."Shapes" (
    "Id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "point" point NOT NULL DEFAULT '(0,0)'::point,
    line line, lseg lseg, "Box" box, path path, polygon polygon, circle circle,
    "points" point[], boxes box[][],
    "Name" citext NOT NULL DEFAULT 'x'::citext, names public.citext[], attrs "Geo".hstore
);
CREATE TABLE public."user" (
    "order" integer PRIMARY KEY,
    addr inet, net cidr DEFAULT '10.0.0.0/8', mac macaddr, mac8 macaddr8,
    nets cidr[],
    flags bit(8) DEFAULT B'00000000', flag bit, bits bit varying(16), anybits varbit,
    "Bits" bit(3)[],
    doc tsvector, q tsquery, docs tsvector[],
    r1 int4range, r2 int8range, r3 numrange DEFAULT '[0,1)', r4 tsrange, r5 tstzrange, r6 daterange,
    m1 int4multirange, m2 int8multirange, m3 nummultirange, m4 tsmultirange,
    m5 tstzmultirange, m6 datemultirange, rs int4range[],
    price money NOT NULL DEFAULT 0, prices money[],
    body xml,
    o oid, rc regclass, rp regproc, rt regtype, rn regnamespace, rr regrole, rcfg regconfig,
    "char" "char" DEFAULT 'a', chars "char"[], nm name, lsn pg_lsn, snap txid_snapshot, snap2 pg_snapshot,
    jp jsonpath, x8 xid8,
    i1 interval day to second(3), i2 interval year to month, i3 interval(2),
    i4 interval hour, i5 interval second(0), i6 interval minute[],
    t1 time(3) with time zone, t2 timestamp(0) without time zone, t3 timestamp(6) with time zone,
    t4 time(0), t5 time with time zone[],
    "MixedCase" character varying(20)[], c1 "char", c2 character(4),
    "Twice" bigint GENERATED ALWAYS AS ("order" * 2) STORED,
    label text GENERATED ALWAYS AS (lower(nm::text) || 'x') STORED
);
CREATE INDEX user_doc_idx ON public."user" USING gin (doc);
CREATE INDEX "user_R1_idx" ON public."user" USING gist (r1);
COMMENT ON COLUMN public."user".price IS 'in the database''s currency';
