"""speech version: a speech's details are edited under optimistic locking, like claims

Revision ID: 0008
Revises: 0007
Created: 2026-12-03 12:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN with a default: no table rebuild on SQLite (the claim triggers are untouched).
    op.add_column(
        "speech", sa.Column("version", sa.Integer(), server_default="1", nullable=False)
    )


def downgrade() -> None:
    # A native DROP COLUMN (SQLite 3.35 and later): a batch rebuild of `speech` would drop the
    # table its claims cascade from.
    op.drop_column("speech", "version")
