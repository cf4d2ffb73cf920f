"""the editor's desk: each claim's state, assignments, approval votes, published versions;
claims with verdicts start in review or submitted, as their verdicts say

Revision ID: 0011
Revises: 0010
Created: 2026-12-03 15:40:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("speech_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("assigned_by_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("second", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assigned_by_id"],
            ["user.id"],
            name=op.f("fk_assignment_assigned_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
            name=op.f("fk_assignment_claim_id_claim"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["user.id"],
            name=op.f("fk_assignment_reviewer_id_user"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["speech_id"],
            ["speech.id"],
            name=op.f("fk_assignment_speech_id_speech"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment")),
        sa.UniqueConstraint(
            "speech_id",
            "claim_id",
            "reviewer_id",
            name=op.f("uq_assignment_speech_id_claim_id_reviewer_id"),
        ),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assignment_assigned_by_id"), ["assigned_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_assignment_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_assignment_reviewer_id"), ["reviewer_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_assignment_speech_id"), ["speech_id"], unique=False)
        batch_op.create_index(
            "uq_assignment_whole_speech",
            ["speech_id", "reviewer_id"],
            unique=True,
            sqlite_where=sa.text("claim_id IS NULL"),
            postgresql_where=sa.text("claim_id IS NULL"),
        )

    op.create_table(
        "publication",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("speech_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "first",
                "correction",
                "withdrawal",
                name=op.f("ck_publication_kind"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "content",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("unpublished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "kind = 'first' OR note IS NOT NULL", name=op.f("ck_publication_correction_has_note")
        ),
        sa.CheckConstraint("number >= 1", name=op.f("ck_publication_number_from_one")),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
            name=op.f("fk_publication_claim_id_claim"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["user.id"],
            name=op.f("fk_publication_published_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["speech_id"],
            ["speech.id"],
            name=op.f("fk_publication_speech_id_speech"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication")),
        sa.UniqueConstraint("claim_id", "number", name=op.f("uq_publication_claim_id_number")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("publication", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_publication_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_publication_published_at"), ["published_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_publication_published_by_id"), ["published_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_publication_speech_id"), ["speech_id"], unique=False)

    op.create_table(
        "approval_vote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("verdict_id", sa.Integer(), nullable=False),
        sa.Column("verdict_version", sa.Integer(), nullable=False),
        sa.Column("editor_id", sa.Integer(), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
            name=op.f("fk_approval_vote_claim_id_claim"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["editor_id"],
            ["user.id"],
            name=op.f("fk_approval_vote_editor_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["verdict_id"],
            ["verdict.id"],
            name=op.f("fk_approval_vote_verdict_id_verdict"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_vote")),
        sa.UniqueConstraint(
            "verdict_id", "editor_id", name=op.f("uq_approval_vote_verdict_id_editor_id")
        ),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("approval_vote", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_approval_vote_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_approval_vote_editor_id"), ["editor_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_approval_vote_verdict_id"), ["verdict_id"], unique=False
        )

    op.create_table(
        "claim_workflow",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("speech_id", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "open",
                "in_review",
                "submitted",
                "sent_back",
                "approved",
                "published",
                "withdrawn",
                "dismissed",
                name=op.f("ck_claim_workflow_state"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("verdict_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "state <> 'sent_back' OR comment IS NOT NULL",
            name=op.f("ck_claim_workflow_sent_back_has_comment"),
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["user.id"],
            name=op.f("fk_claim_workflow_changed_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
            name=op.f("fk_claim_workflow_claim_id_claim"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["speech_id"],
            ["speech.id"],
            name=op.f("fk_claim_workflow_speech_id_speech"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["verdict_id"],
            ["verdict.id"],
            name=op.f("fk_claim_workflow_verdict_id_verdict"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("claim_id", name=op.f("pk_claim_workflow")),
    )
    with op.batch_alter_table("claim_workflow", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_claim_workflow_changed_by_id"), ["changed_by_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_claim_workflow_speech_id"), ["speech_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_claim_workflow_state"), ["state"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_claim_workflow_verdict_id"), ["verdict_id"], unique=False
        )

    # Claims already judged: in review while their verdicts are drafts, submitted once one is.
    op.execute(
        """
        INSERT INTO claim_workflow
            (claim_id, speech_id, state, verdict_id, changed_at, version)
        SELECT c.id, c.speech_id,
               CASE WHEN MAX(CASE WHEN v.status = 'submitted' THEN 1 ELSE 0 END) = 1
                    THEN 'submitted' ELSE 'in_review' END,
               MAX(CASE WHEN v.status = 'submitted' THEN v.id END),
               MAX(v.updated_at), 1
        FROM claim AS c JOIN verdict AS v ON v.claim_id = c.id
        WHERE c.status = 'open'
        GROUP BY c.id, c.speech_id
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("claim_workflow", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_workflow_verdict_id"))
        batch_op.drop_index(batch_op.f("ix_claim_workflow_state"))
        batch_op.drop_index(batch_op.f("ix_claim_workflow_speech_id"))
        batch_op.drop_index(batch_op.f("ix_claim_workflow_changed_by_id"))

    op.drop_table("claim_workflow")
    with op.batch_alter_table("approval_vote", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_approval_vote_verdict_id"))
        batch_op.drop_index(batch_op.f("ix_approval_vote_editor_id"))
        batch_op.drop_index(batch_op.f("ix_approval_vote_claim_id"))

    op.drop_table("approval_vote")
    with op.batch_alter_table("publication", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_publication_speech_id"))
        batch_op.drop_index(batch_op.f("ix_publication_published_by_id"))
        batch_op.drop_index(batch_op.f("ix_publication_published_at"))
        batch_op.drop_index(batch_op.f("ix_publication_claim_id"))

    op.drop_table("publication")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_assignment_whole_speech",
            sqlite_where=sa.text("claim_id IS NULL"),
            postgresql_where=sa.text("claim_id IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_assignment_speech_id"))
        batch_op.drop_index(batch_op.f("ix_assignment_reviewer_id"))
        batch_op.drop_index(batch_op.f("ix_assignment_claim_id"))
        batch_op.drop_index(batch_op.f("ix_assignment_assigned_by_id"))

    op.drop_table("assignment")
