"""Backup: every table of the schema, streamed to one deterministic archive (services/restore.py
loads it back).

The archive is a ZIP file with one JSON Lines member per table and a manifest (format version,
schema revision, each table's columns, row count, SHA-256 and id counter); docs/backup-format.md
describes it. Tables come from `Base.metadata`, so a table added later is backed up without a
change here; `backup_codecs` says how each column type is written.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlalchemy.orm import Session

from factcheck.errors import DomainError
from factcheck.models import Base
from factcheck.services.backup_codecs import Codec, codec_for, encode_row

log = logging.getLogger(__name__)

FORMAT = "factcheck-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
BATCH = 500  # rows read, or inserted, at a time: memory stays flat however big the table
# Every member gets the same date (the earliest ZIP can hold) and mode: the archive's bytes depend
# on the data alone.
_MEMBER_DATE = (1980, 1, 1, 0, 0, 0)
_MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


class BackupError(DomainError):
    """An archive that cannot be written or restored, or a database it cannot be restored into."""


@dataclass(frozen=True)
class TableEntry:
    """One table as the manifest describes it."""

    name: str
    member: str
    columns: list[tuple[str, str]]  # (name, kind), in the table's column order
    rows: int
    sha256: str
    last_id: int | None  # the highest id ever handed out, for tables with an id counter

    def as_json(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "name": self.name,
            "member": self.member,
            "columns": [list(column) for column in self.columns],
            "rows": self.rows,
            "sha256": self.sha256,
        }
        if self.last_id is not None:
            entry["last_id"] = self.last_id
        return entry


@dataclass(frozen=True)
class Summary:
    tables: int
    rows: int
    schema_revision: str


@functools.cache
def schema_revision() -> str:
    """The Alembic revision this code's models describe: the head of its migrations."""
    head = ScriptDirectory(str(_MIGRATIONS)).get_current_head()
    assert head is not None
    return head


def codecs_of(table: sa.Table) -> list[Codec]:
    try:
        return [codec_for(column) for column in table.columns]
    except TypeError as exc:
        raise BackupError(str(exc)) from exc


def columns_of(table: sa.Table) -> list[tuple[str, str]]:
    return [(c.name, codec.kind) for c, codec in zip(table.columns, codecs_of(table), strict=True)]


# --- Writing --------------------------------------------------------------------------------------


def _member_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_MEMBER_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, whatever the machine
    info.external_attr = 0o644 << 16
    return info


def _order_by(table: sa.Table, dialect: str) -> list[Any]:
    """The primary key, compared byte by byte: PostgreSQL's collation would sort text keys in
    another order than SQLite, and the archive must not depend on the database it came from."""
    order: list[Any] = []
    for column in table.primary_key.columns:
        if dialect == "postgresql" and isinstance(column.type, sa.String):
            order.append(column.collate("C"))
        else:
            order.append(column)
    return order


def _select(table: sa.Table, dialect: str) -> sa.Select[Any]:
    # JSON is read as its text, so that SQL NULL and JSON null stay apart.
    columns = [
        sa.cast(c, sa.Text).label(c.name) if isinstance(c.type, sa.JSON) else c
        for c in table.columns
    ]
    return sa.select(*columns).order_by(*_order_by(table, dialect))


def counter_kept(table: sa.Table) -> bool:
    """Whether the table promises never to reuse an id (see models.base.NO_ID_REUSE)."""
    return bool(table.dialect_options["sqlite"]["autoincrement"])


def _last_id(connection: sa.Connection, table: sa.Table) -> int | None:
    """The highest id the table has handed out: its largest id, or its counter if ids are never
    reused and the counter is ahead (rows deleted)."""
    column = table.autoincrement_column
    if column is None:
        return None
    highest = connection.scalar(sa.select(sa.func.max(column))) or 0
    if not counter_kept(table):
        return highest
    dialect = connection.dialect.name
    if dialect == "sqlite":
        counter = connection.scalar(
            sa.text("SELECT seq FROM sqlite_sequence WHERE name = :name"), {"name": table.name}
        )
        return max(highest, counter or 0)
    if dialect == "postgresql":
        sequence = pg_sequence(connection, table, column)
        if sequence is not None:
            last, called = connection.execute(
                sa.text(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608 - from PostgreSQL
            ).one()
            return max(highest, last if called else last - 1)
    return highest


def pg_sequence(connection: sa.Connection, table: sa.Table, column: sa.Column[Any]) -> str | None:
    quoted = connection.dialect.identifier_preparer.format_table(table)
    return connection.scalar(
        sa.text("SELECT pg_get_serial_sequence(:table, :column)"),
        {"table": quoted, "column": column.name},
    )


def _write_table(
    connection: sa.Connection, archive: zipfile.ZipFile, table: sa.Table
) -> TableEntry:
    codecs = codecs_of(table)
    member = f"tables/{table.name}.jsonl"
    digest = hashlib.sha256()
    rows = 0
    result = connection.execution_options(yield_per=BATCH).execute(
        _select(table, connection.dialect.name)
    )
    with archive.open(_member_info(member), "w", force_zip64=True) as out:
        for partition in result.partitions():
            chunk = b"".join(encode_row(codecs, row) for row in partition)
            digest.update(chunk)
            out.write(chunk)
            rows += len(partition)
    return TableEntry(
        name=table.name,
        member=member,
        columns=columns_of(table),
        rows=rows,
        sha256=digest.hexdigest(),
        last_id=_last_id(connection, table),
    )


@contextmanager
def _snapshot(session: Session) -> Iterator[sa.Connection]:
    """A connection of its own that sees one moment of the database in every table."""
    engine = session.get_bind()
    assert isinstance(engine, sa.Engine)
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        elif connection.dialect.name == "sqlite":
            # pysqlite starts no transaction for a SELECT; without one, each table would be read
            # at a different moment.
            connection.exec_driver_sql("BEGIN")
        try:
            yield connection
        finally:
            connection.rollback()


def _manifest(revision: str, entries: list[TableEntry]) -> bytes:
    """The manifest as indented JSON, one line per table."""

    def dumps(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    tables = ",\n".join(f"    {dumps(entry.as_json())}" for entry in entries)
    text = (
        "{\n"
        f'  "format": {dumps(FORMAT)},\n'
        f'  "format_version": {FORMAT_VERSION},\n'
        f'  "schema_revision": {dumps(revision)},\n'
        f'  "tables": [\n{tables}\n  ]\n'
        "}\n"
    )
    return text.encode("utf-8")


def write_archive(session: Session, out: IO[bytes]) -> Summary:
    """Write the whole database to ``out`` (a seekable binary file), table by table."""
    revision = schema_revision()
    entries = []
    with _snapshot(session) as connection:
        require_revision(connection, revision, doing="back up")
        require_tables(connection, doing="back up")
        with zipfile.ZipFile(out, "w") as archive:
            for table in Base.metadata.sorted_tables:
                entries.append(_write_table(connection, archive, table))
            archive.writestr(_member_info(MANIFEST), _manifest(revision, entries))
    return Summary(len(entries), sum(e.rows for e in entries), revision)


def backup(session: Session, path: Path) -> Summary:
    """Back up the database to ``path``, readable by its owner only (it holds password hashes).

    The archive is written beside ``path`` and moved into place when complete, so a failed backup
    never leaves a partial archive where a good one is expected.
    """
    folder = path.parent if str(path.parent) else Path()
    try:
        handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as exc:
        raise BackupError(f"Cannot write to {folder}: {exc.strerror}.") from exc
    try:
        with os.fdopen(handle, "w+b") as out:
            summary = write_archive(session, out)
        os.chmod(partial, 0o600)
        os.replace(partial, path)
    except OSError as exc:
        Path(partial).unlink(missing_ok=True)
        raise BackupError(f"Cannot write {path}: {exc.strerror}.") from exc
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    log.info(
        "Backed up %d rows of %d tables (schema %s) to %s",
        summary.rows,
        summary.tables,
        summary.schema_revision,
        path,
    )
    return summary


# --- Checks shared with restoring ---------------------------------------------------------------


def require_revision(connection: sa.Connection, revision: str, *, doing: str) -> None:
    """A database migrated by Alembic must be at this code's revision (one made by `create_all`,
    as in the tests, has no version table and is taken to be)."""
    if not sa.inspect(connection).has_table("alembic_version"):
        return
    current = connection.scalar(sa.text("SELECT version_num FROM alembic_version"))
    if current != revision:
        raise BackupError(
            f"The database is at schema revision {current}, not {revision}: run "
            f"`flask --app factcheck db upgrade` first, then {doing} again."
        )


def require_tables(connection: sa.Connection, *, doing: str) -> None:
    present = set(sa.inspect(connection).get_table_names())
    for table in Base.metadata.sorted_tables:
        if table.name not in present:
            raise BackupError(
                f"The database has no table {table.name}: run `flask --app factcheck db upgrade` "
                f"first, then {doing} again."
            )
