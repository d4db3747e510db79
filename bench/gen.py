#!/usr/bin/env python3
"""gen.py - writes one N-revision history three ways for the benchmarks.

Usage: gen.py DIR N [--seed S] [--only migc]

Writes, from one generated list of revisions (each an upgrade and an
explicit downgrade, both as PostgreSQL statements):

  DIR/migc/       a migc project (migc.conf, versions/*.mig)
  DIR/alembic/    an Alembic project (alembic.ini, env.py, versions/*.py),
                  one op.execute() per statement, transaction_per_migration
  DIR/sql/        upgrade.sql and downgrade.sql for `psql -f`: one
                  transaction per revision holding its statements and its
                  version-table statement (INSERT on upgrade, DELETE on
                  downgrade), the migrator's layout
                  upgrade_1rt.sql, downgrade_1rt.sql: the same, but each
                  revision joined with psql's \\; into one query string,
                  so it costs one round trip (what issue 7 part 4 is after)

The mix is the issue's "realistic" one: create table (id plus 2-4 columns
of mixed types, some with defaults), add column, add a foreign key column
to an earlier table, create index, alter nullability, default or type.
Every downgrade is written out, so that all three tools run exactly the same
statements.  Deterministic for a given seed.
"""
import argparse
import os
import random

# (type, default literal or None); the default is also valid after a type
# change because only integer->bigint and varchar->text changes are made.
TYPES = [
    ("integer", "0"), ("bigint", "0"), ("text", "''"), ("varchar(80)", "'x'"),
    ("boolean", "false"), ("numeric(10,2)", "0"), ("timestamptz", "now()"),
    ("date", "current_date"), ("jsonb", "'{}'"), ("uuid", None),
    ("double precision", "0"), ("smallint", "1"), ("text[]", "'{}'"),
]
INDEXABLE = {"integer", "bigint", "text", "varchar(80)", "boolean",
             "numeric(10,2)", "timestamptz", "date", "uuid",
             "double precision", "smallint"}


class Col:
    def __init__(self, typ, notnull, default):
        self.typ, self.notnull, self.default = typ, notnull, default


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.tables = {}      # name -> {col: Col}
        self.indexed = set()  # (table, col)
        self.n_tables = 0
        self.n_cols = 0

    def new_col(self):
        self.n_cols += 1
        return "c%d" % self.n_cols

    def create_table(self):
        self.n_tables += 1
        t = "t%d" % self.n_tables
        cols = {}
        defs = ["id serial primary key"]
        for _ in range(self.r.randint(2, 4)):
            c = self.new_col()
            typ, default = self.r.choice(TYPES)
            spec = "%s %s" % (c, typ)
            notnull = False
            if default is not None and self.r.random() < 0.6:
                spec += " not null default %s" % default
                notnull = True
            else:
                default = None
            cols[c] = Col(typ, notnull, default)
            defs.append(spec)
        self.tables[t] = cols
        return (["create table %s (%s)" % (t, ", ".join(defs))],
                ["drop table %s" % t])

    def pick(self):
        return self.r.choice(list(self.tables))

    def add_column(self):
        t = self.pick()
        c = self.new_col()
        typ, default = self.r.choice(TYPES)
        if default is not None and self.r.random() < 0.5:
            spec = "%s %s not null default %s" % (c, typ, default)
            self.tables[t][c] = Col(typ, True, default)
        else:
            spec = "%s %s" % (c, typ)
            self.tables[t][c] = Col(typ, False, None)
        return (["alter table %s add column %s" % (t, spec)],
                ["alter table %s drop column %s" % (t, c)])

    def add_fk(self):
        if len(self.tables) < 2:
            return None
        names = list(self.tables)
        child = self.r.choice(names[1:])
        parent = self.r.choice(names[:names.index(child)])
        c = "%s_id_%d" % (parent, self.n_cols)
        self.n_cols += 1
        action = self.r.choice(["", " on delete cascade", " on delete set null"])
        # a foreign key column is never altered or indexed by the generator
        # afterwards: keep it out of the table's column list
        return (["alter table %s add column %s integer references %s (id)%s"
                 % (child, c, parent, action)],
                ["alter table %s drop column %s" % (child, c)])

    def create_index(self):
        t = self.pick()
        cols = [c for c, col in self.tables[t].items()
                if col.typ in INDEXABLE and (t, c) not in self.indexed]
        if not cols:
            return None
        c = self.r.choice(cols)
        self.indexed.add((t, c))
        name = "ix_%s_%s" % (t, c)
        return (["create index %s on %s (%s)" % (name, t, c)],
                ["drop index %s" % name])

    def alter_column(self):
        t = self.pick()
        if not self.tables[t]:
            return None
        c = self.r.choice(list(self.tables[t]))
        col = self.tables[t][c]
        kind = self.r.choice(["nullability", "default", "type"])
        pre = "alter table %s alter column %s " % (t, c)
        if kind == "nullability":
            if col.notnull:
                col.notnull = False
                return [pre + "drop not null"], [pre + "set not null"]
            if col.default is None:
                return None
            col.notnull = True
            return [pre + "set not null"], [pre + "drop not null"]
        if kind == "default":
            if col.default is not None:
                if col.notnull:
                    return None  # keep not null columns' defaults
                old, col.default = col.default, None
                return [pre + "drop default"], [pre + "set default %s" % old]
            d = dict(TYPES).get(col.typ)
            if d is None:
                return None
            col.default = d
            return [pre + "set default %s" % d], [pre + "drop default"]
        if col.typ == "integer":
            col.typ = "bigint"
            return ([pre + "type bigint"],
                    [pre + "type integer using %s::integer" % c])
        if col.typ == "varchar(80)":
            col.typ = "text"
            return ([pre + "type text"],
                    [pre + "type varchar(80) using %s::varchar(80)" % c])
        return None

    def step(self, i):
        if i < 3:
            return self.create_table()
        choices = [(self.create_table, 24), (self.add_column, 24),
                   (self.add_fk, 12), (self.create_index, 18),
                   (self.alter_column, 22)]
        while True:
            f = self.r.choices([c[0] for c in choices], [c[1] for c in choices])[0]
            res = f()
            if res is not None:
                return res


def rev_id(i):
    return "%012x" % (0xb00000000000 + i * 7919)


MIGC_CONF = """\
# generated by bench/gen.py
name = bench
version_table = migc_version
# The bench measures speed; these advisory rules would fire on most
# generated revisions (indexes built inside a transaction, type changes,
# set not null on existing tables) and only add printing to the figures.
lint.create-index-not-concurrently = off
lint.drop-index-not-concurrently = off
lint.alter-column-type = off
lint.set-not-null = off
lint.drop-column = off
lint.drop-table = off
lint.constraint-without-not-valid = off
lint.integer-primary-key = off
lint.varchar-length = off
"""

ALEMBIC_INI = """\
# generated by bench/gen.py
[alembic]
script_location = %(here)s

[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console
qualname =

[logger_sqlalchemy]
level = WARN
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %%(levelname)-5.5s [%%(name)s] %%(message)s
"""

# Alembic's standard env.py, reduced to what a project of raw op.execute()
# needs.  The database comes from BENCH_DB (libpq takes host, port and user
# from PGHOST, PGPORT and PGUSER, exactly as for psql and the migrator).
# `-x schema=NAME` (bench/fleet_bench.sh's tenant schemas) puts the version
# table in NAME and runs with search_path NAME, Alembic's usual way of
# migrating a schema per tenant; without it nothing changes.
ALEMBIC_ENV = """\
# generated by bench/gen.py
import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine, pool

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)
url = "postgresql+psycopg2:///" + os.environ.get("BENCH_DB", "postgres")
schema = context.get_x_argument(as_dictionary=True).get("schema")
connect_args = {"options": "-csearch_path=" + schema} if schema else {}


def run_migrations_offline():
    context.configure(url=url, literal_binds=True,
                      transaction_per_migration=True,
                      version_table_schema=schema)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    engine = create_engine(url, poolclass=pool.NullPool,
                           connect_args=connect_args)
    with engine.connect() as connection:
        context.configure(connection=connection,
                          transaction_per_migration=True,
                          version_table_schema=schema)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
"""

MAKO = """\
\"\"\"${message}\"\"\"
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
"""


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def sql_str(s):
    return "'" + s.replace("'", "''") + "'"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--only", choices=["migc"])
    # a last revision with K check constraints and K expression indexes,
    # spread over the tables (what the compiler cannot predict for check)
    ap.add_argument("--extras", type=int, default=0)
    a = ap.parse_args()
    g = Gen(a.seed)
    revs = []
    for i in range(a.n):
        up, down = g.step(i)
        revs.append((rev_id(i), "step %d" % (i + 1), up, list(reversed(down))))
    if a.extras > 0:
        names = list(g.tables)
        pick = names[::max(1, len(names) // a.extras)][:a.extras]
        up = ["alter table %s add constraint %s_id_check check (id > 0)" % (t, t)
              for t in pick]
        up += ["create index ix_%s_expr on %s ((id %% 10))" % (t, t) for t in pick]
        down = ["drop index ix_%s_expr" % t for t in pick]
        down += ["alter table %s drop constraint %s_id_check" % (t, t) for t in pick]
        revs.append((rev_id(a.n), "extras", up, down))

    m = os.path.join(a.dir, "migc")
    os.makedirs(os.path.join(m, "versions"), exist_ok=True)
    write(os.path.join(m, "migc.conf"), MIGC_CONF)
    parent = "base"
    for i, (rid, msg, up, down) in enumerate(revs):
        body = ["revision %s" % rid, "parent   %s" % parent,
                'message  "%s"' % msg, "", "upgrade {"]
        body += ["    %s;" % s for s in up] + ["}", "", "downgrade {"]
        body += ["    %s;" % s for s in down] + ["}"]
        write(os.path.join(m, "versions", "%s_step_%d.mig" % (rid, i + 1)),
              "\n".join(body) + "\n")
        parent = rid
    if a.only == "migc":
        return

    al = os.path.join(a.dir, "alembic")
    os.makedirs(os.path.join(al, "versions"), exist_ok=True)
    write(os.path.join(al, "alembic.ini"), ALEMBIC_INI)
    write(os.path.join(al, "env.py"), ALEMBIC_ENV)
    write(os.path.join(al, "script.py.mako"), MAKO)
    parent = None
    for i, (rid, msg, up, down) in enumerate(revs):
        body = ['"""%s"""' % msg, "from alembic import op", "",
                "revision = %r" % rid, "down_revision = %r" % parent,
                "branch_labels = None", "depends_on = None", "", "",
                "def upgrade():"]
        body += ["    op.execute(%r)" % s for s in up]
        body += ["", "", "def downgrade():"]
        body += ["    op.execute(%r)" % s for s in down]
        write(os.path.join(al, "versions", "%s_step_%d.py" % (rid, i + 1)),
              "\n".join(body) + "\n")
        parent = rid

    s = os.path.join(a.dir, "sql")
    os.makedirs(s, exist_ok=True)
    head = ["SET standard_conforming_strings = on;",
            "SET search_path TO public;"]
    vt = ("CREATE TABLE IF NOT EXISTS migc_version (revision text PRIMARY KEY,"
          " checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(),"
          " duration_ms bigint NOT NULL, migc_version text NOT NULL);")
    ups, downs, ups1, downs1 = head + [vt], list(head), head + [vt], list(head)
    for rid, msg, up, down in revs:
        ins = ("INSERT INTO migc_version (revision, checksum, applied_at,"
               " duration_ms, migc_version) VALUES (%s, %s, now(), 0, '0.1.0')"
               % (sql_str(rid), sql_str("0" * 64)))
        dele = "DELETE FROM migc_version WHERE revision = %s" % sql_str(rid)
        for out, one, stmts in ((ups, ups1, up + [ins]),
                                (downs, downs1, down + [dele])):
            out.append("BEGIN;")
            out += ["%s;" % x for x in stmts]
            out.append("COMMIT;")
            one.append("\\; ".join(["BEGIN"] + stmts + ["COMMIT"]) + ";")
    # the downgrade file undoes the revisions newest first
    write(os.path.join(s, "upgrade.sql"), "\n".join(ups) + "\n")
    write(os.path.join(s, "upgrade_1rt.sql"), "\n".join(ups1) + "\n")
    write(os.path.join(s, "downgrade.sql"), "\n".join(
        head + rev_blocks_reversed(downs[len(head):])) + "\n")
    write(os.path.join(s, "downgrade_1rt.sql"), "\n".join(
        head + list(reversed(downs1[len(head):]))) + "\n")


def rev_blocks_reversed(lines):
    """Reverses the order of BEGIN...COMMIT blocks, keeping each intact."""
    blocks, cur = [], []
    for ln in lines:
        cur.append(ln)
        if ln == "COMMIT;":
            blocks.append(cur)
            cur = []
    out = []
    for b in reversed(blocks):
        out += b
    return out


if __name__ == "__main__":
    main()
