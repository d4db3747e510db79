"""tests/e2e/naming/models.py - SQLAlchemy's own names for 89-naming.t.

Prints the DDL that MetaData(naming_convention=...).create_all() would run
for the schema of tests/e2e/naming/versions, compiled with SQLAlchemy's
PostgreSQL dialect (no database driver needed); psql runs it.  The
convention is the one tests/e2e/naming/migc.conf sets.
"""
from sqlalchemy import (BigInteger, CheckConstraint, Column, ForeignKey,
                        ForeignKeyConstraint, Index, Integer, MetaData,
                        PrimaryKeyConstraint, Table, Text, UniqueConstraint,
                        func)
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateIndex, CreateSchema, CreateTable

md = MetaData(naming_convention={
    "pk": "pk_%(table_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s_%(referred_column_0_name)s",
    "ix": "ix_%(column_0_N_label)s",
})

users = Table(
    "users", md,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    Column("email", Text, nullable=False, unique=True),
    Column("org", Text),
    Column("age", Integer),
    CheckConstraint("age >= 18", name="adult"),
    UniqueConstraint("org", "email"),
)
Index(None, func.lower(users.c.email), users.c.org)

invoices = Table(
    "invoices", md,
    Column("id", BigInteger, autoincrement=False),
    Column("user_id", BigInteger, ForeignKey("users.id", ondelete="CASCADE")),
    Column("parent_id", BigInteger),
    PrimaryKeyConstraint("id"),
    ForeignKeyConstraint(["parent_id"], ["billing.invoices.id"]),
    schema="billing",
)
Index(None, invoices.c.user_id)

long_table = Table(
    "a_very_long_table_name_that_goes_on_and_on_for_quite_a_while", md,
    Column("a_rather_long_column_name_as_well", BigInteger, unique=True),
    Column("another_rather_long_column_name", BigInteger),
    UniqueConstraint("a_rather_long_column_name_as_well",
                     "another_rather_long_column_name"),
)

# a name of at most 63 characters but more bytes (PostgreSQL keeps 63
# bytes of it), and one shortened by SQLAlchemy to 60 characters that are
# still more than 63 bytes
umlauts = Table(
    "größe_der_überlangen_tabelle_für_äöü_umlaute", md,
    Column("grün", BigInteger, primary_key=True, autoincrement=False),
    Column("blau", BigInteger),
    UniqueConstraint("grün", "blau"),
)
Index(None, umlauts.c.blau, umlauts.c["grün"])

dialect = postgresql.dialect()
print(str(CreateSchema("billing").compile(dialect=dialect)) + ";")
for table in md.sorted_tables:
    print(str(CreateTable(table).compile(dialect=dialect)).strip() + ";")
    for index in sorted(table.indexes, key=lambda i: i.name):
        print(str(CreateIndex(index).compile(dialect=dialect)) + ";")
