"""speech imports run in the background: a long transcript waits here with its progress; an
index of a speech's speakers, for the workspace's filter

Revision ID: 0010
Revises: 0009
Created: 2026-12-03 12:30:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "speech_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("speech_id", sa.Integer(), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "queued",
                "splitting",
                "storing",
                "done",
                "failed",
                name=op.f("ck_speech_import_import_state"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("characters", sa.Integer(), nullable=False),
        sa.Column("spans", sa.Integer(), nullable=True),
        sa.Column("message", sa.String(length=500), nullable=True),
        sa.Column(
            "details",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("transcript", sa.Text(), nullable=False),
        sa.Column("transcript_format", sa.String(length=32), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user.id"],
            name=op.f("fk_speech_import_created_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["speech_id"],
            ["speech.id"],
            name=op.f("fk_speech_import_speech_id_speech"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speech_import")),
        sqlite_autoincrement=True,
    )
    for column in ("created_by_id", "speech_id"):
        op.create_index(op.f(f"ix_speech_import_{column}"), "speech_import", [column], unique=False)
    op.create_index(
        op.f("ix_claim_speech_id_speaker"), "claim", ["speech_id", "speaker"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_claim_speech_id_speaker"), table_name="claim")
    op.drop_table("speech_import")
