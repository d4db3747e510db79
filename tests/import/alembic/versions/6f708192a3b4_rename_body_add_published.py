"""rename posts.body, add published

Revision ID: 6f708192a3b4
Revises: 5e6f708192a3
Create Date: 2024-04-02 10:15:00
"""
import sqlalchemy as sa
from alembic import op

revision = "6f708192a3b4"
down_revision = "5e6f708192a3"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("posts", "body", new_column_name="content")
    op.add_column("posts", sa.Column("published", sa.Boolean(), nullable=False,
                                     server_default=sa.text("false")))


def downgrade():
    op.drop_column("posts", "published")
    op.alter_column("posts", "content", new_column_name="body")
