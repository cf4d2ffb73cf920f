"""an editor's resolution of submitted verdicts that disagree, and the one a claim holds

Revision ID: 0012
Revises: 0011
Created: 2026-12-03 18:37:35
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "resolution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("verdict_id", sa.Integer(), nullable=True),
        sa.Column("rating_label", sa.String(length=60), nullable=False),
        sa.Column(
            "verdicts",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
            name=op.f("fk_resolution_claim_id_claim"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"],
            ["user.id"],
            name=op.f("fk_resolution_resolved_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["verdict_id"],
            ["verdict.id"],
            name=op.f("fk_resolution_verdict_id_verdict"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resolution")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("resolution", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_resolution_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_resolution_resolved_by_id"), ["resolved_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_resolution_verdict_id"), ["verdict_id"], unique=False)

    with op.batch_alter_table("claim_workflow", schema=None) as batch_op:
        batch_op.add_column(sa.Column("resolution_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_claim_workflow_resolution_id"), ["resolution_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_claim_workflow_resolution_id_resolution"),
            "resolution",
            ["resolution_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("claim_workflow", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_claim_workflow_resolution_id_resolution"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_claim_workflow_resolution_id"))
        batch_op.drop_column("resolution_id")

    with op.batch_alter_table("resolution", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resolution_verdict_id"))
        batch_op.drop_index(batch_op.f("ix_resolution_resolved_by_id"))
        batch_op.drop_index(batch_op.f("ix_resolution_claim_id"))

    op.drop_table("resolution")
