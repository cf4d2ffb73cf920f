"""transcript formats, media times, check-worthiness

Revision ID: 0002
Revises: 0001
Created: 2026-11-27 23:26:45
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# SQLite batch operations rebuild tables; keep AUTOINCREMENT (no id reuse) when they do.
NO_ID_REUSE = {"sqlite_autoincrement": True}

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("claim", schema=None, table_kwargs=NO_ID_REUSE) as batch_op:
        batch_op.add_column(sa.Column("media_start_ms", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("media_end_ms", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("checkworthiness", sa.Double(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("claim_type", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column(
                "checkworthiness_reasons", JSON, server_default=sa.text("'[]'"), nullable=False
            )
        )
        batch_op.create_check_constraint(
            op.f("ck_claim_checkworthiness_in_unit_range"),
            "checkworthiness >= 0 AND checkworthiness <= 1",
        )
        batch_op.create_check_constraint(
            op.f("ck_claim_media_times_ordered"), "media_end_ms >= media_start_ms"
        )

    with op.batch_alter_table("speech", schema=None, table_kwargs=NO_ID_REUSE) as batch_op:
        batch_op.add_column(
            sa.Column(
                "transcript_format",
                sa.Enum(
                    "plain",
                    "speakers",
                    "srt",
                    "vtt",
                    name=op.f("ck_speech_transcript_format"),
                    native_enum=False,
                    create_constraint=True,
                    length=32,
                ),
                server_default="plain",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("source_text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("media_url", sa.String(length=2000), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("speech", schema=None, table_kwargs=NO_ID_REUSE) as batch_op:
        batch_op.drop_constraint(op.f("ck_speech_transcript_format"), type_="check")
        batch_op.drop_column("media_url")
        batch_op.drop_column("source_text")
        batch_op.drop_column("transcript_format")

    with op.batch_alter_table("claim", schema=None, table_kwargs=NO_ID_REUSE) as batch_op:
        batch_op.drop_constraint(op.f("ck_claim_media_times_ordered"), type_="check")
        batch_op.drop_constraint(op.f("ck_claim_checkworthiness_in_unit_range"), type_="check")
        batch_op.drop_column("checkworthiness_reasons")
        batch_op.drop_column("claim_type")
        batch_op.drop_column("checkworthiness")
        batch_op.drop_column("media_end_ms")
        batch_op.drop_column("media_start_ms")
