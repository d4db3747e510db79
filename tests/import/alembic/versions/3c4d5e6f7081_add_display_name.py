"""add display name and fill it in

Revision ID: 3c4d5e6f7081
Revises: 1a2b3c4d5e6f
Create Date: 2024-02-12 16:10:00
"""
import sqlalchemy as sa
from alembic import op

revision = "3c4d5e6f7081"
down_revision = "1a2b3c4d5e6f"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("display_name", sa.Text(), nullable=True))
    op.execute("UPDATE users SET display_name = split_part(email, '@', 1)")


def downgrade():
    op.drop_column("users", "display_name")
