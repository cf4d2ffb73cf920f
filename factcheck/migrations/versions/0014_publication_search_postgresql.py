"""full-text search of published checks on PostgreSQL: each publication's tsvector in a table of
its own under a GIN index, kept by a trigger (a search had parsed every publication)

Revision ID: 0014
Revises: 0013
Created: 2026-12-03 22:25:00
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

TABLE = "publication_search"
# The fields SQLite's table holds (0013), in the order they are joined.
PATHS = (
    "{claim,text}",
    "{claim,restatement}",
    "{verdict,conclusion}",
    "{verdict,explanation}",
    "{speech,title}",
    "{speech,speaker}",
)


def _document(row: str) -> str:
    fields = ", ".join(f"{row}.content #>> '{path}'" for path in PATHS)
    return f"to_tsvector('english', concat_ws(' ', {fields}))"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"CREATE TABLE {TABLE} ("
        "id INTEGER PRIMARY KEY REFERENCES publication (id) ON DELETE CASCADE, "
        "document TSVECTOR NOT NULL)"
    )
    # What was published before this migration, then its index (quicker than row by row).
    op.execute(
        f"INSERT INTO {TABLE} (id, document) "
        f"SELECT publication.id, {_document('publication')} FROM publication"
    )
    op.execute(f"CREATE INDEX {TABLE}_document ON {TABLE} USING gin (document)")
    op.execute(
        f"CREATE FUNCTION {TABLE}_insert() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN INSERT INTO {TABLE} (id, document) VALUES (NEW.id, {_document('NEW')}); "
        "RETURN NEW; END $$"
    )
    op.execute(
        f"CREATE TRIGGER {TABLE}_insert AFTER INSERT ON publication "
        f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_insert()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP TRIGGER {TABLE}_insert ON publication")
    op.execute(f"DROP FUNCTION {TABLE}_insert()")
    op.execute(f"DROP TABLE {TABLE}")
