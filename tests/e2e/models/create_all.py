"""tests/e2e/models/create_all.py - prints the DDL metadata.create_all()
runs for MODULE:ATTR (a mock engine: no database driver), after the
schemas it needs (create_all does not create schemas)."""
import importlib
import sys

from sqlalchemy import MetaData, create_mock_engine

sys.path.insert(0, "")
modname, attr = sys.argv[1].split(":")
obj = getattr(importlib.import_module(modname), attr)
md = obj if isinstance(obj, MetaData) else obj.metadata
for schema in sorted({t.schema for t in md.tables.values() if t.schema}):
    print("CREATE SCHEMA %s;" % schema)


def executor(sql, *args, **kwargs):
    print(str(sql.compile(dialect=engine.dialect)).strip() + ";")


engine = create_mock_engine("postgresql://", executor)
md.create_all(engine, checkfirst=False)
