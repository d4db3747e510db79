#!/usr/bin/env python3
"""genproject.py - writes a migc project of N revisions in a realistic mix.

Usage: genproject.py [--all-kinds] DIR N [SEED]
   or: write_project(DIR, N, SEED, all_kinds) from Python (many projects
       in one process)

The history is a chain: create tables (3-5 columns of mixed types and
defaults), add columns, add foreign keys to other tables, foreign key
cycles (two tables referencing each other, added in one revision) and
self-references (every 12th revision from the 6th and the 10th on, so
that any 10 revisions have both), create indexes, alter nullability,
defaults and types, rename and drop columns, enum types and comments.  About half of the revisions have a written downgrade; the
rest leave it to migc to derive.  Deterministic for a given SEED.

Table and column names are drawn, in turn, from plain names, PostgreSQL's
keyword list (common/pg_kwlist.h: reserved words and the like quoted,
unreserved ones bare, as PostgreSQL's quote_identifier writes them), mixed
case, non-ASCII and names with a space and a double quote, so that every
name reaches migc's quoting; some tables get a CHECK on a column, so that
a rename reaches the expression text too.  The choice of name style uses a
counter, not the random generator, so the shape of a history for a SEED
does not depend on it.

With --all-kinds the mix also holds the object kinds beyond tables (a
fifth of the steps): standalone sequences used by defaults, views and
materialized views (created, replaced, renamed, dropped), SQL and
PL/pgSQL functions, procedures, aggregates, triggers, domains, composite
and range types, generated and identity columns, partitioned tables with
partitions, row-level security and policies, extensions, grants, plain
SQL statements and execute bodies, each on tables of its own that the
other steps leave alone, with names in the same styles.
"""
import os
import random
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def load_keywords():
    """PostgreSQL's keywords: word -> category (UNRESERVED, RESERVED, ...)."""
    kw = {}
    with open(os.path.join(ROOT, "common", "pg_kwlist.h")) as f:
        for line in f:
            m = re.match(r'PG_KEYWORD\("([a-z_]+)", ([A-Z_]+)\)', line)
            if m:
                kw[m.group(1)] = m.group(2)
    return kw


KEYWORDS = load_keywords()
# Words migc's own grammar reads specially in a name's place; written quoted.
MIG_WORDS = {"revision", "parent", "message", "upgrade", "downgrade"}


def q(name):
    """name as SQL: bare exactly when PostgreSQL reads it back the same."""
    if (re.fullmatch(r"[a-z_][a-z0-9_]*", name)
            and KEYWORDS.get(name, "UNRESERVED") == "UNRESERVED"
            and name not in MIG_WORDS):
        return name
    return '"%s"' % name.replace('"', '""')

TYPES = [
    ("integer", "0"), ("bigint", "0"), ("text", "''"), ("varchar(80)", "'x'"),
    ("boolean", "false"), ("numeric(10,2)", "0"), ("timestamptz", "now()"),
    ("date", "current_date"), ("jsonb", "'{}'"), ("uuid", None),
    ("double precision", "0"), ("smallint", "1"), ("bytea", None),
    ("inet", None), ("text[]", "'{}'"), ("interval", "'1 day'"),
]


class Kinds:
    """The steps of --all-kinds (mixed into Gen)."""

    def kname(self, prefix):
        self.n_kinds += 1
        return self.fresh(prefix, self.n_kinds)

    def written(self, down):
        """A downgrade that must be written: migc cannot derive it."""
        self.must_write = True
        return down

    def own_table(self, extra=""):
        """A table of the step's own: id, a integer, b text."""
        t = self.kname("k")
        return t, ("    create table %s (id serial primary key, a integer not null default 0, b text%s);"
                   % (q(t), extra))

    def k_sequence(self):
        s, t = self.kname("seq"), self.kname("k")
        lit = q(s).replace("'", "''")
        return (["    create sequence %s start 100 increment by 5;" % q(s),
                 "    create table %s (id bigint primary key default nextval('%s'), b text);"
                 % (q(t), lit),
                 "    alter sequence %s owned by %s.id;" % (q(s), q(t))],
                self.written(["    drop table %s;" % q(t), "    drop sequence %s;" % q(s)]))

    def k_view(self):
        t, up = self.own_table()
        v, m = self.kname("v"), self.kname("mv")
        self.views.append((v, t))
        self.groups.append((["    drop materialized view %s;" % q(m), "VIEW %s" % v,
                              "    drop table %s;" % q(t)], t))
        return ([up,
                 "    create view %s as select id, a from %s where a > 0;" % (q(v), q(t)),
                 "    create materialized view %s as select a, count(*) as n from %s group by a;"
                 % (q(m), q(t))], None)

    def k_view_change(self):
        if not self.views:
            return self.k_view()
        v, t = self.views.pop(self.r.randrange(len(self.views)))
        how = self.r.choice(["replace", "rename", "drop"])
        if how == "replace":
            self.views.append((v, t))
            return (["    create or replace view %s as select id, a, b from %s;" % (q(v), q(t))], None)
        if how == "rename":
            n = self.kname("v")
            self.views.append((n, t))
            return (["    alter view %s rename to %s;" % (q(v), q(n))],
                    ["    alter view %s rename to %s;" % (q(n), q(v))])
        return (["    drop view %s;" % q(v)], None)

    def k_routines(self):
        t, up = self.own_table(", updated_at timestamptz")
        f, tf, tr = self.kname("f"), self.kname("tf"), self.kname("tr")
        pr, ag = self.kname("p"), self.kname("agg")
        self.groups.append((["    drop trigger %s on %s;" % (q(tr), q(t)),
                             "    drop aggregate %s(integer);" % q(ag),
                             "    drop procedure %s(integer);" % q(pr),
                             "    drop function %s(integer, integer);" % q(f),
                             "    drop function %s();" % q(tf),
                             "    drop table %s;" % q(t)], None))
        return ([up,
                 "    create function %s(x integer, y integer default 1) returns integer"
                 " language sql immutable as $$ select x + y $$;" % q(f),
                 "    create function %s() returns trigger language plpgsql as $$\n"
                 "    begin\n        new.updated_at := now();\n        return new;\n    end\n    $$;"
                 % q(tf),
                 "    create trigger %s before insert or update on %s for each row execute function %s();"
                 % (q(tr), q(t), q(tf)),
                 "    create procedure %s(v integer) language sql as $$ update %s set a = v $$;"
                 % (q(pr), q(t)),
                 "    create aggregate %s(integer) (sfunc = %s, stype = integer, initcond = '0');"
                 % (q(ag), q(f))], None)

    def k_types(self):
        d, c, r, t = self.kname("dom"), self.kname("ct"), self.kname("rng"), self.kname("k")
        return (["    create domain %s as integer default 1 not null check (value > 0);" % q(d),
                 "    create type %s as (x integer, y text);" % q(c),
                 "    create type %s as range (subtype = float8);" % q(r),
                 "    create table %s (id bigint primary key, p %s, q %s, s %s[]);"
                 % (q(t), q(d), q(c), q(r))],
                ["    drop table %s;" % q(t), "    drop type %s;" % q(r),
                 "    drop type %s;" % q(c), "    drop domain %s;" % q(d)])

    def k_generated(self):
        t, up = self.own_table()
        g, sq = self.kname("g"), self.kname("seq")
        self.groups.append((["    alter table %s drop column %s;" % (q(t), q(g)),
                             "    alter table %s drop column idn;" % q(t),
                             "    drop table %s;" % q(t)], None))
        return ([up,
                 "    alter table %s add column %s integer generated always as (a * 2) stored;"
                 % (q(t), q(g)),
                 "    alter table %s add column idn bigint generated by default as identity"
                 " (sequence name %s);" % (q(t), q(sq))], None)

    def k_partitions(self):
        t, p1, p2 = self.kname("pt"), self.kname("part"), self.kname("part")
        self.groups.append((["    alter table %s detach partition %s;" % (q(t), q(p1)),
                             "    drop table %s;" % q(p1), "    drop table %s;" % q(t)], None))
        return (["    create table %s (id bigint not null, at date not null, v text)"
                 " partition by range (at);" % q(t),
                 "    create table %s partition of %s for values from ('2024-01-01') to ('2025-01-01');"
                 % (q(p1), q(t)),
                 "    create table %s partition of %s default;" % (q(p2), q(t)),
                 "    create index on %s (at);" % q(t)], None)

    def k_rls(self):
        t, up = self.own_table()
        p = self.kname("pol")
        self.groups.append((["    drop policy %s on %s;" % (q(p), q(t)),
                             "    alter table %s disable row level security;" % q(t),
                             "    drop table %s;" % q(t)], None))
        return ([up,
                 "    alter table %s enable row level security;" % q(t),
                 "    create policy %s on %s for update using (a > 0) with check (b is not null);"
                 % (q(p), q(t))], None)

    def k_plain(self):
        t, up = self.own_table()
        return ([up,
                 "    insert into %s (a, b) values (1, 'it''s'), (2, ';');" % q(t),
                 "    update %s set b = 'x' where a = 1;" % q(t),
                 "    execute $$ delete from %s where a = 2 $$;" % q(t),
                 "    grant select, insert on %s to public;" % q(t)],
                self.written(["    execute $$ delete from %s $$;" % q(t), "    drop table %s;" % q(t)]))

    def k_extension(self):
        t = self.kname("k")
        return (["    create extension if not exists citext;",
                 "    create table %s (id bigint primary key, email citext not null);" % q(t)],
                ["    drop table %s;" % q(t), "    drop extension citext;"])

    def k_drop(self):
        """Drops what an earlier step made: migc derives the downgrade
        that creates it again from the model."""
        if not self.groups:
            return self.k_routines()
        stmts, t = self.groups.pop(self.r.randrange(len(self.groups)))
        up = []
        for st in stmts:
            if st.startswith("VIEW "):
                names = [v for v, vt in self.views if vt == t]
                self.views = [(v, vt) for v, vt in self.views if vt != t]
                up += ["    drop view %s;" % q(v) for v in names]
            else:
                up.append(st)
        return (up, None)

    def other_kind(self):
        ks = [self.k_sequence, self.k_view, self.k_view_change, self.k_routines, self.k_types,
              self.k_generated, self.k_partitions, self.k_rls, self.k_plain, self.k_drop]
        if self.n_kinds == 0:
            ks = [self.k_extension]   # once, first: every later table may use it
        return self.r.choice(ks)()


class Gen(Kinds):
    def __init__(self, seed, all_kinds=False):
        self.r = random.Random(seed)
        self.all_kinds = all_kinds
        self.n_kinds = 0
        self.must_write = False
        self.views = []       # (view name, its table) that exist
        self.groups = []      # drop statements of what a kinds step made
        self.tables = {}      # name -> {col: type}; 'id' is serial
        self.indexes = {}     # table -> [index names]
        self.n_tables = 0
        self.n_cols = 0
        self.n_enums = 0
        self.used = set()
        # reserved-like and unreserved words in turn
        res = sorted(w for w, c in KEYWORDS.items() if c != "UNRESERVED")
        unres = sorted(w for w, c in KEYWORDS.items() if c == "UNRESERVED")
        self.kw_list = [w for pair in zip(res, unres) for w in pair]
        self.kw_next = 0

    def fresh(self, prefix, n):
        """A new name in the n-th style: plain, keyword, mixed case,
        non-ASCII, or with a space and a double quote."""
        style = n % 5
        name = None
        if style == 1:
            while self.kw_next < len(self.kw_list) and name is None:
                w = self.kw_list[self.kw_next]
                self.kw_next += 1
                if w not in self.used:
                    name = w
        elif style == 2:
            name = "%s%dMixed" % (prefix.upper(), n)
        elif style == 3:
            name = "%s%d_größe" % (prefix, n)
        elif style == 4:
            name = '%s %d "q"' % (prefix, n)
        if name is None or name in self.used:
            name = "%s%d" % (prefix, n)
        self.used.add(name)
        return name

    def col_name(self):
        self.n_cols += 1
        return self.fresh("c", self.n_cols)

    def create_table(self):
        self.n_tables += 1
        name = self.fresh("t", self.n_tables)
        cols = {"id": "serial"}
        lines = ["        id serial primary key"]
        for _ in range(self.r.randint(2, 4)):
            c = self.col_name()
            typ, default = self.r.choice(TYPES)
            spec = "        %s %s" % (q(c), typ)
            if default is not None and self.r.random() < 0.6:
                spec += " not null default %s" % default
            cols[c] = typ
            lines.append(spec)
        ints = [c for c, ty in cols.items() if ty in ("integer", "bigint") and c != "id"]
        if ints and self.n_tables % 2 == 0:
            lines.append("        check (%s >= 0)" % q(ints[0]))
        self.tables[name] = cols
        up = ["    create table %s (\n%s\n    );" % (q(name), ",\n".join(lines))]
        return up, ["    drop table %s;" % q(name)]

    def pick_table(self):
        return self.r.choice(sorted(self.tables))

    def plain_cols(self, t):
        return [c for c, ty in self.tables[t].items() if c != "id" and not c.startswith("fk")]

    def add_column(self):
        t = self.pick_table()
        c = self.col_name()
        typ, default = self.r.choice(TYPES)
        spec = "%s %s" % (q(c), typ)
        if default is not None:
            spec += " not null default %s" % default
        self.tables[t][c] = typ
        return (["    alter table %s add column %s;" % (q(t), spec)],
                ["    alter table %s drop column %s;" % (q(t), q(c))])

    def add_fk(self):
        if len(self.tables) < 2:
            return None
        names = sorted(self.tables)
        child = self.r.choice(names[1:])
        parent = self.r.choice([n for n in names if n != child])
        c = "fk%d" % self.n_cols
        self.n_cols += 1
        self.tables[child][c] = "integer"
        action = self.r.choice(["", " on delete cascade", " on delete set null"])
        return (["    alter table %s add column %s integer references %s (id)%s;"
                 % (q(child), q(c), q(parent), action)],
                ["    alter table %s drop column %s;" % (q(child), q(c))])

    def fk_column(self, child, parent, action=""):
        c = "fk%d" % self.n_cols
        self.n_cols += 1
        self.tables[child][c] = "integer"
        return c, ("    alter table %s add column %s integer references %s (id)%s;"
                   % (q(child), q(c), q(parent), action))

    def add_fk_cycle(self):
        """A references B and B references A, in one revision."""
        if len(self.tables) < 2:
            return None
        a, b = self.r.sample(sorted(self.tables), 2)
        ca, up_a = self.fk_column(a, b)
        cb, up_b = self.fk_column(b, a, " on delete set null")
        return ([up_a, up_b],
                ["    alter table %s drop column %s;" % (q(b), q(cb)),
                 "    alter table %s drop column %s;" % (q(a), q(ca))])

    def add_self_fk(self):
        """A table referencing itself (a tree: parent rows)."""
        t = self.pick_table()
        c, up = self.fk_column(t, t, " on delete cascade")
        return ([up], ["    alter table %s drop column %s;" % (q(t), q(c))])

    def create_index(self):
        t = self.pick_table()
        cols = self.plain_cols(t) + [c for c in self.tables[t] if c.startswith("fk")]
        cols = [c for c in cols if self.tables[t][c] not in ("jsonb", "text[]")]
        if not cols:
            return None
        c = self.r.choice(cols)
        name = "ix_%s_%s" % (t, c)
        if name in self.indexes.setdefault(t, []):
            return None
        self.indexes[t].append(name)
        return (["    create index %s on %s (%s);" % (q(name), q(t), q(c))],
                ["    drop index %s;" % q(name)])

    def alter_column(self):
        t = self.pick_table()
        cols = self.plain_cols(t)
        if not cols:
            return None
        c = self.r.choice(cols)
        typ = self.tables[t][c]
        kind = self.r.choice(["default", "nullability", "type"])
        if kind == "default":
            return (["    alter table %s alter column %s drop default;" % (q(t), q(c))], None)
        if kind == "nullability":
            return (["    alter table %s alter column %s drop not null;" % (q(t), q(c))], None)
        if typ == "integer":
            self.tables[t][c] = "bigint"
            return (["    alter table %s alter column %s type bigint;" % (q(t), q(c))], None)
        if typ == "varchar(80)":
            self.tables[t][c] = "text"
            return (["    alter table %s alter column %s type text;" % (q(t), q(c))], None)
        return (["    alter table %s alter column %s set default null;" % (q(t), q(c))], None)

    def rename_column(self):
        t = self.pick_table()
        cols = self.plain_cols(t)
        if not cols:
            return None
        c = self.r.choice(cols)
        n = self.col_name()
        self.tables[t][n] = self.tables[t].pop(c)
        return (["    alter table %s rename column %s to %s;" % (q(t), q(c), q(n))],
                ["    alter table %s rename column %s to %s;" % (q(t), q(n), q(c))])

    def drop_column(self):
        t = self.pick_table()
        cols = self.plain_cols(t)
        if len(cols) < 2:
            return None
        c = self.r.choice(cols)
        del self.tables[t][c]
        self.indexes[t] = [i for i in self.indexes.get(t, []) if not i.endswith("_" + c)]
        return (["    alter table %s drop column %s;" % (q(t), q(c))], None)

    def enum(self):
        self.n_enums += 1
        e = "mood%d" % self.n_enums
        t = self.pick_table()
        c = self.col_name()
        self.tables[t][c] = e
        return (["    create type %s as enum ('sad', 'ok', 'happy');" % e,
                 "    alter table %s add column %s %s not null default 'ok';" % (q(t), q(c), e)],
                ["    alter table %s drop column %s;" % (q(t), q(c)),
                 "    drop type %s;" % e])

    def comment(self):
        t = self.pick_table()
        # the table may already have a comment: let migc derive the downgrade
        return (["    comment on table %s is 'table %s, it''s generated';" % (q(t), t)], None)

    def step(self, i):
        if i < 3 or not self.tables:
            return self.create_table()
        if i % 12 == 5:
            return self.add_fk_cycle()
        if i % 12 == 9:
            return self.add_self_fk()
        choices = [
            (self.create_table, 22), (self.add_column, 20), (self.add_fk, 12),
            (self.create_index, 14), (self.alter_column, 12), (self.rename_column, 6),
            (self.drop_column, 6), (self.enum, 4), (self.comment, 4),
        ]
        if self.all_kinds and self.r.random() < 0.2:
            return self.other_kind()
        while True:
            f = self.r.choices([c[0] for c in choices], [c[1] for c in choices])[0]
            res = f()
            if res is not None:
                return res


def write_project(out, n, seed=1, all_kinds=False):
    """Writes the project of N revisions for SEED into OUT."""
    g = Gen(seed, all_kinds)
    os.makedirs(os.path.join(out, "versions"), exist_ok=True)
    with open(os.path.join(out, "migc.conf"), "w") as f:
        f.write("name = gen\nversion_table = migc_version\n")
    parent = "base"
    for i in range(n):
        rid = "%012x" % (0xa00000000000 + i * 7919)
        g.must_write = False
        up, down = g.step(i)
        # written downgrades for about half; migc derives the others
        write_down = down is not None and (g.r.random() < 0.5 or g.must_write)
        body = ["revision %s" % rid, "parent   %s" % parent,
                'message  "generated step %d"' % (i + 1), "",
                "upgrade {"] + up + ["}"]
        if write_down:
            body += ["", "downgrade {"] + down + ["}"]
        with open(os.path.join(out, "versions", "%s_step_%d.mig" % (rid, i + 1)), "w") as f:
            f.write("\n".join(body) + "\n")
        parent = rid


def main():
    args = sys.argv[1:]
    all_kinds = "--all-kinds" in args
    args = [a for a in args if a != "--all-kinds"]
    write_project(args[0], int(args[1]), int(args[2]) if len(args) > 2 else 1, all_kinds)


if __name__ == "__main__":
    main()
