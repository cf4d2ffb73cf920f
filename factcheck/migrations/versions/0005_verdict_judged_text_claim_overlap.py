"""verdicts record the claim they judged; claims of a speech may not overlap

Revision ID: 0005
Revises: 0004
Created: 2026-12-03 09:10:00

Existing verdicts are stamped with their claim as it is now: the best record there is of what they
judged. The overlap guard is an exclusion constraint on PostgreSQL and two triggers on SQLite; a
database whose claims already overlap stops the upgrade with the constraint's name.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

CONSTRAINT = "ex_claim_spans_do_not_overlap"
POSTGRESQL = (
    f"ALTER TABLE claim ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
    "(int4range(speech_id, speech_id, '[]') WITH =, int4range(start, \"end\") WITH &&)"
)
OVERLAPS_NEW = (
    "WHEN EXISTS (SELECT 1 FROM claim AS c WHERE c.speech_id = NEW.speech_id "
    'AND c.id IS NOT NEW.id AND c.start >= NEW.start AND c.start < NEW."end") '
    'OR (SELECT c."end" FROM claim AS c WHERE c.speech_id = NEW.speech_id '
    "AND c.id IS NOT NEW.id AND c.start < NEW.start ORDER BY c.start DESC LIMIT 1) > NEW.start "
    "BEGIN SELECT RAISE(ABORT, "
    "'ex_claim_spans_do_not_overlap: claims of a speech may not overlap'); END"
)
SQLITE_TRIGGERS = {
    "claim_no_overlap_insert": "BEFORE INSERT ON claim",
    "claim_no_overlap_update": 'BEFORE UPDATE OF speech_id, start, "end" ON claim',
}
# Batch mode rebuilds a table on SQLite: keep AUTOINCREMENT (ids are never reused).
NO_ID_REUSE = {"sqlite_autoincrement": True}


def upgrade() -> None:
    with op.batch_alter_table("verdict", table_kwargs=NO_ID_REUSE) as batch:
        batch.add_column(sa.Column("claim_start", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("claim_end", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("claim_text", sa.Text(), nullable=True))
        batch.add_column(sa.Column("claim_restatement", sa.String(length=300), nullable=True))
    claim = sa.table(
        "claim",
        sa.column("id", sa.Integer),
        sa.column("start", sa.Integer),
        sa.column("end", sa.Integer),
        sa.column("text", sa.Text),
        sa.column("restatement", sa.String),
    )
    verdict = sa.table(
        "verdict",
        sa.column("claim_id", sa.Integer),
        sa.column("claim_start", sa.Integer),
        sa.column("claim_end", sa.Integer),
        sa.column("claim_text", sa.Text),
        sa.column("claim_restatement", sa.String),
    )

    def of_claim(column: str) -> sa.ScalarSelect:
        return (
            sa.select(claim.c[column]).where(claim.c.id == verdict.c.claim_id).scalar_subquery()
        )

    op.execute(
        verdict.update().values(
            claim_start=of_claim("start"),
            claim_end=of_claim("end"),
            claim_text=of_claim("text"),
            claim_restatement=of_claim("restatement"),
        )
    )
    with op.batch_alter_table("verdict", table_kwargs=NO_ID_REUSE) as batch:
        batch.alter_column("claim_start", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("claim_end", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("claim_text", existing_type=sa.Text(), nullable=False)

    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRESQL)
    else:
        for name, when in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {when} {OVERLAPS_NEW}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE claim DROP CONSTRAINT {CONSTRAINT}")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    with op.batch_alter_table("verdict", table_kwargs=NO_ID_REUSE) as batch:
        batch.drop_column("claim_restatement")
        batch.drop_column("claim_text")
        batch.drop_column("claim_end")
        batch.drop_column("claim_start")
