"""claim merges and verdict withdrawals as tables of their own, carried over from the audit log

Revision ID: 0006
Revises: 0005
Created: 2026-12-03 09:40:00

Until now a merged-away claim was found by following 'claim.merged_into' events, and a withdrawn
verdict by scanning 'verdict.withdraw' events. Both facts get their own tables; the upgrade fills
them from those events (chains of merges resolved to the claim that holds the text now).
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

NO_ID_REUSE = {"sqlite_autoincrement": True}


def upgrade() -> None:
    merges = op.create_table(
        "claim_merge",
        sa.Column("absorbed_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("into_id", sa.Integer(), nullable=False),
        sa.Column("speech_id", sa.Integer(), nullable=False),
        sa.Column("merged_by_id", sa.Integer(), nullable=True),
        sa.Column("merged_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["into_id"], ["claim.id"], name=op.f("fk_claim_merge_into_id_claim"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["merged_by_id"],
            ["user.id"],
            name=op.f("fk_claim_merge_merged_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["speech_id"],
            ["speech.id"],
            name=op.f("fk_claim_merge_speech_id_speech"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("absorbed_id", name=op.f("pk_claim_merge")),
    )
    for column in ("into_id", "merged_by_id", "speech_id"):
        op.create_index(op.f(f"ix_claim_merge_{column}"), "claim_merge", [column], unique=False)

    withdrawals = op.create_table(
        "verdict_withdrawal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("verdict_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("withdrawn_by_id", sa.Integer(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user.id"],
            name=op.f("fk_verdict_withdrawal_author_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
            name=op.f("fk_verdict_withdrawal_claim_id_claim"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["withdrawn_by_id"],
            ["user.id"],
            name=op.f("fk_verdict_withdrawal_withdrawn_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verdict_withdrawal")),
        **NO_ID_REUSE,
    )
    for column in ("author_id", "claim_id", "withdrawn_by_id"):
        op.create_index(
            op.f(f"ix_verdict_withdrawal_{column}"), "verdict_withdrawal", [column], unique=False
        )
    _carry_over(merges, withdrawals)


def _carry_over(merges: sa.Table, withdrawals: sa.Table) -> None:
    conn = op.get_bind()
    events = sa.table(
        "audit_event",
        sa.column("id", sa.Integer),
        sa.column("action", sa.String),
        sa.column("object_id", sa.Integer),
        sa.column("speech_id", sa.Integer),
        sa.column("claim_id", sa.Integer),
        sa.column("actor_id", sa.Integer),
        sa.column("before", sa.JSON),
        sa.column("after", sa.JSON),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    claims = set(conn.scalars(sa.text("SELECT id FROM claim")))
    users = set(conn.scalars(sa.text('SELECT id FROM "user"')))
    speeches = set(conn.scalars(sa.text("SELECT id FROM speech")))
    rows = conn.execute(
        sa.select(events).where(events.c.action == "claim.merged_into").order_by(events.c.id)
    ).all()
    into = {row.object_id: (row.after or {}).get("into") for row in rows}

    def holder_of(claim_id: int | None) -> int | None:
        """The claim that holds ``claim_id``'s text now, following merges (a loop gives None)."""
        for _ in range(len(into) + 1):
            if claim_id is None or claim_id in claims:
                return claim_id
            claim_id = into.get(claim_id)
        return None

    merged = []
    for row in rows:
        holder = holder_of(into.get(row.object_id))
        if holder is not None and row.speech_id in speeches and row.object_id not in claims:
            merged.append(
                {
                    "absorbed_id": row.object_id,
                    "into_id": holder,
                    "speech_id": row.speech_id,
                    "merged_by_id": row.actor_id if row.actor_id in users else None,
                    "merged_at": row.created_at,
                }
            )
    if merged:
        op.bulk_insert(merges, merged)

    withdrawn = []
    for row in conn.execute(
        sa.select(events).where(events.c.action == "verdict.withdraw").order_by(events.c.id)
    ):
        author = (row.before or {}).get("author_id")
        claim_id = holder_of(row.claim_id)
        if claim_id is not None:
            withdrawn.append(
                {
                    "verdict_id": row.object_id,
                    "claim_id": claim_id,
                    "author_id": author if author in users else None,
                    "withdrawn_by_id": row.actor_id if row.actor_id in users else None,
                    "withdrawn_at": row.created_at,
                }
            )
    if withdrawn:
        op.bulk_insert(withdrawals, withdrawn)


def downgrade() -> None:
    for column in ("author_id", "claim_id", "withdrawn_by_id"):
        op.drop_index(op.f(f"ix_verdict_withdrawal_{column}"), table_name="verdict_withdrawal")
    op.drop_table("verdict_withdrawal")
    for column in ("into_id", "merged_by_id", "speech_id"):
        op.drop_index(op.f(f"ix_claim_merge_{column}"), table_name="claim_merge")
    op.drop_table("claim_merge")
