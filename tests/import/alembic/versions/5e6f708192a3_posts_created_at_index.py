"""index posts by creation time, concurrently

Revision ID: 5e6f708192a3
Revises: 4d5e6f708192
Create Date: 2024-03-01 08:00:00
"""
from alembic import op

revision = "5e6f708192a3"
down_revision = "4d5e6f708192"
branch_labels = None
depends_on = None


def upgrade():
    with op.get_context().autocommit_block():
        op.create_index("posts_created_at_idx", "posts", ["created_at"],
                        postgresql_concurrently=True)


def downgrade():
    with op.get_context().autocommit_block():
        op.drop_index("posts_created_at_idx", table_name="posts",
                      postgresql_concurrently=True)
