"""account links: one-time links an admin makes to set an account's password (invite, reset)

Revision ID: 0009
Revises: 0008
Created: 2026-12-03 12:55:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "account_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                "invite",
                "reset",
                name="purpose",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user.id"],
            name=op.f("fk_account_link_created_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_account_link_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_link")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_account_link_token_hash")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_account_link_created_by_id"), "account_link", ["created_by_id"], unique=False
    )
    op.create_index(op.f("ix_account_link_user_id"), "account_link", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_account_link_user_id"), table_name="account_link")
    op.drop_index(op.f("ix_account_link_created_by_id"), table_name="account_link")
    op.drop_table("account_link")
