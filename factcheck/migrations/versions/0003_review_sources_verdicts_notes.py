"""review: rating scales, sources, verdicts, notes, settings

Revision ID: 0003
Revises: 0002
Created: 2026-11-27 23:58:04.082255
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# SQLite batch operations rebuild tables; keep AUTOINCREMENT (no id reuse) when they do.
NO_ID_REUSE = {"sqlite_autoincrement": True}

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rating_scale",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating_scale")),
        sa.UniqueConstraint("name", name=op.f("uq_rating_scale_name")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column(
            "value",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "rating",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scale_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=60), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("colour", sa.String(length=7), nullable=False),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.Column("retired", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.CheckConstraint("length(colour) = 7", name=op.f("ck_rating_colour_is_hex")),
        sa.CheckConstraint("position >= 0", name=op.f("ck_rating_position_not_negative")),
        sa.ForeignKeyConstraint(
            ["scale_id"],
            ["rating_scale.id"],
            name=op.f("fk_rating_scale_id_rating_scale"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating")),
        sa.UniqueConstraint("scale_id", "label", name=op.f("uq_rating_scale_id_label")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("rating", schema=None, table_kwargs=NO_ID_REUSE) as batch_op:
        batch_op.create_index(batch_op.f("ix_rating_scale_id"), ["scale_id"], unique=False)

    op.create_table(
        "note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user.id"], name=op.f("fk_note_author_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claim.id"], name=op.f("fk_note_claim_id_claim"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("note", schema=None, table_kwargs=NO_ID_REUSE) as batch_op:
        batch_op.create_index(batch_op.f("ix_note_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_note_claim_id"), ["claim_id"], unique=False)

    op.create_table(
        "source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("publisher", sa.String(length=200), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("accessed_on", sa.Date(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column(
            "stance",
            sa.Enum(
                "supports",
                "refutes",
                "context",
                name=op.f("ck_source_stance"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "kind",
            sa.Enum(
                "primary_data",
                "official_record",
                "expert",
                "news_report",
                "other",
                name=op.f("ck_source_kind"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("is_public", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("position >= 0", name=op.f("ck_source_position_not_negative")),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claim.id"], name=op.f("fk_source_claim_id_claim"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user.id"],
            name=op.f("fk_source_created_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("source", schema=None, table_kwargs=NO_ID_REUSE) as batch_op:
        batch_op.create_index(batch_op.f("ix_source_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_source_created_by_id"), ["created_by_id"], unique=False
        )

    op.create_table(
        "verdict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("rating_id", sa.Integer(), nullable=False),
        sa.Column("rating_label", sa.String(length=60), nullable=False),
        sa.Column("rating_value", sa.Integer(), nullable=True),
        sa.Column("conclusion", sa.Text(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "submitted",
                name=op.f("ck_verdict_status"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user.id"], name=op.f("fk_verdict_author_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claim.id"], name=op.f("fk_verdict_claim_id_claim"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["rating_id"],
            ["rating.id"],
            name=op.f("fk_verdict_rating_id_rating"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verdict")),
        sa.UniqueConstraint("claim_id", "author_id", name=op.f("uq_verdict_claim_id_author_id")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("verdict", schema=None, table_kwargs=NO_ID_REUSE) as batch_op:
        batch_op.create_index(batch_op.f("ix_verdict_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_verdict_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_verdict_rating_id"), ["rating_id"], unique=False)

    with op.batch_alter_table("audit_event", schema=None, table_kwargs=NO_ID_REUSE) as batch_op:
        batch_op.add_column(sa.Column("claim_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_audit_event_claim_id"), ["claim_id"], unique=False)

    with op.batch_alter_table("claim", schema=None, table_kwargs=NO_ID_REUSE) as batch_op:
        batch_op.add_column(sa.Column("restatement", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("claim", schema=None, table_kwargs=NO_ID_REUSE) as batch_op:
        batch_op.drop_column("restatement")

    with op.batch_alter_table("audit_event", schema=None, table_kwargs=NO_ID_REUSE) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_claim_id"))
        batch_op.drop_column("claim_id")

    with op.batch_alter_table("verdict", schema=None, table_kwargs=NO_ID_REUSE) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verdict_rating_id"))
        batch_op.drop_index(batch_op.f("ix_verdict_claim_id"))
        batch_op.drop_index(batch_op.f("ix_verdict_author_id"))

    op.drop_table("verdict")
    with op.batch_alter_table("source", schema=None, table_kwargs=NO_ID_REUSE) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_created_by_id"))
        batch_op.drop_index(batch_op.f("ix_source_claim_id"))

    op.drop_table("source")
    with op.batch_alter_table("note", schema=None, table_kwargs=NO_ID_REUSE) as batch_op:
        batch_op.drop_index(batch_op.f("ix_note_claim_id"))
        batch_op.drop_index(batch_op.f("ix_note_author_id"))

    op.drop_table("note")
    with op.batch_alter_table("rating", schema=None, table_kwargs=NO_ID_REUSE) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rating_scale_id"))

    op.drop_table("rating")
    op.drop_table("setting")
    op.drop_table("rating_scale")
