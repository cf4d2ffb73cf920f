"""full-text search of published checks: SQLite's FTS5 table of publications, kept by triggers
(PostgreSQL searches the publications themselves)

Revision ID: 0013
Revises: 0012
Created: 2026-12-03 19:25:00
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

TABLE = "publication_search"
COLUMNS = {
    "claim": "'$.claim.text'",
    "restatement": "'$.claim.restatement'",
    "conclusion": "'$.verdict.conclusion'",
    "explanation": "'$.verdict.explanation'",
    "speech": "'$.speech.title'",
    "speaker": "'$.speech.speaker'",
}


def _values(row: str) -> str:
    return ", ".join(
        f"coalesce(json_extract({row}.content, {path}), '')" for path in COLUMNS.values()
    )


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    names = ", ".join(COLUMNS)
    op.execute(
        f"CREATE VIRTUAL TABLE {TABLE} USING fts5({names}, "
        "tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    op.execute(
        f"CREATE TRIGGER {TABLE}_insert AFTER INSERT ON publication BEGIN "
        f"INSERT INTO {TABLE} (rowid, {names}) VALUES (NEW.id, {_values('NEW')}); END"
    )
    op.execute(
        f"CREATE TRIGGER {TABLE}_delete AFTER DELETE ON publication BEGIN "
        f"DELETE FROM {TABLE} WHERE rowid = OLD.id; END"
    )
    # What was published before this migration.
    op.execute(
        f"INSERT INTO {TABLE} (rowid, {names}) "
        f"SELECT publication.id, {_values('publication')} FROM publication"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(f"DROP TRIGGER {TABLE}_delete")
    op.execute(f"DROP TRIGGER {TABLE}_insert")
    op.execute(f"DROP TABLE {TABLE}")
