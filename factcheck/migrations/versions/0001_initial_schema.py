"""users, speeches, claims, audit log

Revision ID: 0001
Revises:
Created: 2026-11-27 23:20:44.495185
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# SQLite batch operations rebuild tables; keep AUTOINCREMENT (no id reuse) when they do.
NO_ID_REUSE = {"sqlite_autoincrement": True}

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "admin",
                "editor",
                "reviewer",
                name=op.f("ck_user_role"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("email = lower(email)", name=op.f("ck_user_email_lowercase")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user")),
        sa.UniqueConstraint("email", name=op.f("uq_user_email")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("speech_id", sa.Integer(), nullable=True),
        sa.Column(
            "before",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column(
            "after",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["user.id"],
            name=op.f("fk_audit_event_actor_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("audit_event", schema=None, table_kwargs=NO_ID_REUSE) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_event_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_event_created_at"), ["created_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audit_event_object_type_object_id"),
            ["object_type", "object_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_audit_event_speech_id"), ["speech_id"], unique=False)

    op.create_table(
        "speech",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("speaker", sa.String(length=200), nullable=False),
        sa.Column("delivered_on", sa.Date(), nullable=True),
        sa.Column("occasion", sa.String(length=300), nullable=True),
        sa.Column("source_url", sa.String(length=2000), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("transcript", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "in_review",
                "published",
                "archived",
                name=op.f("ck_speech_status"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user.id"],
            name=op.f("fk_speech_created_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speech")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("speech", schema=None, table_kwargs=NO_ID_REUSE) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_speech_created_by_id"), ["created_by_id"], unique=False
        )

    op.create_table(
        "claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("speech_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "dismissed",
                name=op.f("ck_claim_status"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "dismiss_reason",
            sa.Enum(
                "not_a_claim",
                "opinion",
                "not_checkworthy",
                "duplicate",
                name=op.f("ck_claim_dismiss_reason"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("dismiss_note", sa.String(length=500), nullable=True),
        sa.Column("dismissed_by_id", sa.Integer(), nullable=True),
        sa.Column("speaker", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(status = 'dismissed') = (dismiss_reason IS NOT NULL)",
            name=op.f("ck_claim_dismissed_has_reason"),
        ),
        sa.CheckConstraint('"end" > start', name=op.f("ck_claim_start_before_end")),
        sa.CheckConstraint("start >= 0", name=op.f("ck_claim_start_not_negative")),
        sa.ForeignKeyConstraint(
            ["dismissed_by_id"],
            ["user.id"],
            name=op.f("fk_claim_dismissed_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["speech_id"], ["speech.id"], name=op.f("fk_claim_speech_id_speech"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim")),
        sa.UniqueConstraint("speech_id", "start", name=op.f("uq_claim_speech_id_start")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("claim", schema=None, table_kwargs=NO_ID_REUSE) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_claim_dismissed_by_id"), ["dismissed_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_claim_speech_id"), ["speech_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("claim", schema=None, table_kwargs=NO_ID_REUSE) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_status"))
        batch_op.drop_index(batch_op.f("ix_claim_speech_id"))
        batch_op.drop_index(batch_op.f("ix_claim_dismissed_by_id"))

    op.drop_table("claim")
    with op.batch_alter_table("speech", schema=None, table_kwargs=NO_ID_REUSE) as batch_op:
        batch_op.drop_index(batch_op.f("ix_speech_created_by_id"))

    op.drop_table("speech")
    with op.batch_alter_table("audit_event", schema=None, table_kwargs=NO_ID_REUSE) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_speech_id"))
        batch_op.drop_index(batch_op.f("ix_audit_event_object_type_object_id"))
        batch_op.drop_index(batch_op.f("ix_audit_event_created_at"))
        batch_op.drop_index(batch_op.f("ix_audit_event_actor_id"))

    op.drop_table("audit_event")
    op.drop_table("user")
