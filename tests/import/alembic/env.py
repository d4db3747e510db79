# The application's env.py: imports the app, which migc import never needs.
from logging.config import fileConfig

from alembic import context

from app.db import Base  # noqa: F401  (not importable here, on purpose)
from app.settings import DATABASE_URL

config = context.config
target_metadata = Base.metadata


def run_migrations_online():
    raise SystemExit("this env.py is the application's; migc import does not run it")


run_migrations_online()
