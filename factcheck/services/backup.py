"""Backup and restore: every table of the schema, streamed to and from one deterministic archive.

The archive is a ZIP file with one JSON Lines member per table and a manifest (format version,
schema revision, each table's columns, row count, SHA-256 and id counter); docs/backup-format.md
describes it. Tables come from `Base.metadata`, so a table added later is backed up without a
change here; `backup_codecs` says how each column type is written.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import psycopg
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlalchemy.orm import Session

from factcheck.errors import DomainError
from factcheck.models import Base
from factcheck.services.backup_codecs import Codec, codec_for, encode_row
from factcheck.services.bulk import ANALYZE_AFTER

log = logging.getLogger(__name__)

FORMAT = "factcheck-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
BATCH = 500  # rows read, or inserted, at a time: memory stays flat however big the table
# Every member gets the same date (the earliest ZIP can hold) and mode: the archive's bytes depend
# on the data alone.
_MEMBER_DATE = (1980, 1, 1, 0, 0, 0)
_MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
# What a damaged ZIP or member raises while it is read.
_DAMAGED = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    struct.error,
    KeyError,
    TypeError,
    ValueError,
    OSError,
)


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


def schema_revision() -> str:
    """The Alembic revision this code's models describe: the head of its migrations."""
    head = ScriptDirectory(str(_MIGRATIONS)).get_current_head()
    assert head is not None
    return head


def _codecs(table: sa.Table) -> list[Codec]:
    try:
        return [codec_for(column) for column in table.columns]
    except TypeError as exc:
        raise BackupError(str(exc)) from exc


def _columns(table: sa.Table) -> list[tuple[str, str]]:
    return [(c.name, codec.kind) for c, codec in zip(table.columns, _codecs(table), strict=True)]


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


def _counter_kept(table: sa.Table) -> bool:
    """Whether the table promises never to reuse an id (see models.base.NO_ID_REUSE)."""
    return bool(table.dialect_options["sqlite"]["autoincrement"])


def _last_id(connection: sa.Connection, table: sa.Table) -> int | None:
    """The highest id the table has handed out: its largest id, or its counter if ids are never
    reused and the counter is ahead (rows deleted)."""
    column = table.autoincrement_column
    if column is None:
        return None
    highest = connection.scalar(sa.select(sa.func.max(column))) or 0
    if not _counter_kept(table):
        return highest
    dialect = connection.dialect.name
    if dialect == "sqlite":
        counter = connection.scalar(
            sa.text("SELECT seq FROM sqlite_sequence WHERE name = :name"), {"name": table.name}
        )
        return max(highest, counter or 0)
    if dialect == "postgresql":
        sequence = _pg_sequence(connection, table, column)
        if sequence is not None:
            last, called = connection.execute(
                sa.text(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608 - from PostgreSQL
            ).one()
            return max(highest, last if called else last - 1)
    return highest


def _pg_sequence(connection: sa.Connection, table: sa.Table, column: sa.Column[Any]) -> str | None:
    quoted = connection.dialect.identifier_preparer.format_table(table)
    return connection.scalar(
        sa.text("SELECT pg_get_serial_sequence(:table, :column)"),
        {"table": quoted, "column": column.name},
    )


def _write_table(
    connection: sa.Connection, archive: zipfile.ZipFile, table: sa.Table
) -> TableEntry:
    codecs = _codecs(table)
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
        columns=_columns(table),
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
        _require_revision(connection, revision, doing="back up")
        _require_tables(connection, doing="back up")
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


# --- Reading --------------------------------------------------------------------------------------


@contextmanager
def _opened(path: Path) -> Iterator[zipfile.ZipFile]:
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError as exc:
        raise BackupError(f"There is no file {path}.") from exc
    except IsADirectoryError as exc:
        raise BackupError(f"{path} is a directory, not a backup.") from exc
    except PermissionError as exc:
        raise BackupError(f"Cannot read {path}: {exc.strerror}.") from exc
    except _DAMAGED as exc:
        raise _damaged(path, exc) from exc
    with archive:
        yield archive


def _damaged(path: Path, exc: BaseException) -> BackupError:
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return BackupError(f"{path} is not a complete, undamaged factcheck backup ({detail}).")


def _read_manifest(archive: zipfile.ZipFile, revision: str) -> list[TableEntry]:
    manifest = json.loads(archive.read(MANIFEST))
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ValueError("its manifest is not a factcheck backup's")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise ValueError("its manifest has no format version")
    if version > FORMAT_VERSION:
        raise BackupError(
            f"The backup is in format version {version}, newer than this factcheck reads "
            f"(version {FORMAT_VERSION}): restore it with the version of factcheck that made it."
        )
    theirs = manifest.get("schema_revision")
    if theirs != revision:
        raise BackupError(
            f"The backup was made at schema revision {theirs}, and this factcheck is at "
            f"{revision}: restore it with the version of factcheck that made it."
        )
    entries = [
        TableEntry(
            name=t["name"],
            member=t["member"],
            columns=[(name, kind) for name, kind in t["columns"]],
            rows=t["rows"],
            sha256=t["sha256"],
            last_id=t.get("last_id"),
        )
        for t in manifest["tables"]
    ]
    expected = [(table.name, _columns(table)) for table in Base.metadata.sorted_tables]
    if [(e.name, e.columns) for e in entries] != expected:
        raise ValueError("its tables are not those of its schema revision")
    return entries


def _lines(archive: zipfile.ZipFile, entry: TableEntry) -> Iterator[bytes]:
    """The member's lines, checked against the manifest's row count and SHA-256 when all read."""
    digest = hashlib.sha256()
    rows = 0
    with archive.open(entry.member) as member:
        for line in member:
            digest.update(line)
            rows += 1
            yield line
    if rows != entry.rows or digest.hexdigest() != entry.sha256:
        raise ValueError(f"{entry.member} does not match its checksum")


def verify(path: Path) -> list[TableEntry]:
    """Read the whole archive and check it, without a database: a damaged, truncated or foreign
    archive, or one this code cannot restore, is refused before anything is changed."""
    with _opened(path) as archive:
        try:
            entries = _read_manifest(archive, schema_revision())
            for entry in entries:
                for _ in _lines(archive, entry):
                    pass
        except _DAMAGED as exc:
            raise _damaged(path, exc) from exc
    return entries


# --- Restoring ------------------------------------------------------------------------------------


def has_tables(session: Session) -> bool:
    """Whether the database has any of the schema's tables (none: it needs migrating first)."""
    present = set(sa.inspect(session.connection()).get_table_names())
    return any(table.name in present for table in Base.metadata.sorted_tables)


def _require_revision(connection: sa.Connection, revision: str, *, doing: str) -> None:
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


def _require_tables(connection: sa.Connection, *, doing: str) -> None:
    present = set(sa.inspect(connection).get_table_names())
    for table in Base.metadata.sorted_tables:
        if table.name not in present:
            raise BackupError(
                f"The database has no table {table.name}: run `flask --app factcheck db upgrade` "
                f"first, then {doing} again."
            )


def _require_empty(connection: sa.Connection) -> None:
    _require_tables(connection, doing="restore")
    for table in Base.metadata.sorted_tables:
        if connection.scalar(sa.select(sa.literal(1)).select_from(table).limit(1)) is not None:
            raise BackupError(
                f"The database is not empty (table {table.name} has rows): restore needs an "
                "empty database."
            )


def _batches(
    archive: zipfile.ZipFile, entry: TableEntry, codecs: list[Codec]
) -> Iterator[list[list[Any]]]:
    batch: list[list[Any]] = []
    width = len(codecs)
    for line in _lines(archive, entry):
        values = json.loads(line)
        if not isinstance(values, list) or len(values) != width:
            raise ValueError(f"{entry.member} has a row that is not one of its table's")
        batch.append(
            [
                None if v is None else codec.decode(v)
                for codec, v in zip(codecs, values, strict=True)
            ]
        )
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _copy(connection: sa.Connection, table: sa.Table, batches: Iterator[list[list[Any]]]) -> None:
    """PostgreSQL: the rows through COPY, a table in one stream (JSON goes as its text)."""
    quote = connection.dialect.identifier_preparer.quote
    names = ", ".join(quote(c.name) for c in table.columns)
    target = connection.dialect.identifier_preparer.format_table(table)
    raw = connection.connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(f"COPY {target} ({names}) FROM STDIN") as copy:  # type: ignore[union-attr]
        for batch in batches:
            for row in batch:
                copy.write_row(row)


def _insert(connection: sa.Connection, table: sa.Table, batches: Iterator[list[list[Any]]]) -> None:
    """SQLite: one executemany per batch. Each column's own type converts its values (JSON goes as
    its text, untouched), without a compiled statement's work for every row."""
    dialect = connection.dialect
    convert = [
        None if isinstance(c.type, sa.JSON) else c.type.bind_processor(dialect)
        for c in table.columns
    ]
    quote = dialect.identifier_preparer.quote
    statement = (  # identifiers of the schema's own tables, quoted by the dialect
        f"INSERT INTO {dialect.identifier_preparer.format_table(table)} "  # noqa: S608
        f"({', '.join(quote(c.name) for c in table.columns)}) "
        f"VALUES ({', '.join('?' for _ in table.columns)})"
    )
    for batch in batches:
        connection.exec_driver_sql(
            statement,
            [
                tuple(
                    v if f is None or v is None else f(v) for f, v in zip(convert, row, strict=True)
                )
                for row in batch
            ],
        )


def _load(
    connection: sa.Connection, archive: zipfile.ZipFile, entry: TableEntry, table: sa.Table
) -> None:
    batches = _batches(archive, entry, _codecs(table))
    if connection.dialect.name == "postgresql" and connection.dialect.driver == "psycopg":
        _copy(connection, table, batches)
        if entry.rows >= ANALYZE_AFTER:
            quoted = connection.dialect.identifier_preparer.format_table(table)
            connection.exec_driver_sql(f"ANALYZE {quoted}")
    elif connection.dialect.name == "sqlite":
        _insert(connection, table, batches)
    else:
        raise BackupError(
            "Backups are restored into SQLite, or PostgreSQL through psycopg 3, not "
            f"{connection.dialect.name} ({connection.dialect.driver})."
        )


def _set_counter(connection: sa.Connection, table: sa.Table, last_id: int) -> None:
    """Start the table's id counter after ``last_id``, so a new row never takes a restored id,
    nor one that was handed out and deleted before the backup."""
    dialect = connection.dialect.name
    column = table.autoincrement_column
    if column is None:
        return
    if dialect == "postgresql":
        sequence = _pg_sequence(connection, table, column)
        if sequence is not None:
            connection.execute(
                sa.text("SELECT setval(:sequence, :value, :called)"),
                {"sequence": sequence, "value": max(last_id, 1), "called": last_id > 0},
            )
    elif dialect == "sqlite" and _counter_kept(table):
        # The row SQLite made while loading, or one left by rows deleted before: replaced.
        name = {"name": table.name}
        connection.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = :name"), name)
        if last_id > 0:
            connection.execute(
                sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES (:name, :seq)"),
                {**name, "seq": last_id},
            )


def _refused(entry: TableEntry, exc: Exception) -> BackupError:
    cause = getattr(exc, "orig", None) or exc
    detail = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
    return BackupError(f"The database refused a row of table {entry.name} ({detail}).")


def restore(session: Session, path: Path) -> Summary:
    """Load the archive at ``path`` into the session's (empty) database, keeping every id, in the
    session's transaction: the caller commits, or rolls back on a `BackupError`."""
    revision = schema_revision()
    verify(path)
    connection = session.connection()
    _require_revision(connection, revision, doing="restore")
    _require_empty(connection)
    with _opened(path) as archive:
        entries = _read_manifest_or_refuse(path, archive, revision)
        for entry in entries:
            table = Base.metadata.tables[entry.name]
            try:
                _load(connection, archive, entry, table)
            except _DAMAGED as exc:
                raise _damaged(path, exc) from exc
            except (sa.exc.StatementError, psycopg.Error) as exc:
                raise _refused(entry, exc) from exc
            if entry.last_id is not None:
                _set_counter(connection, table, entry.last_id)
    summary = Summary(len(entries), sum(e.rows for e in entries), revision)
    log.info(
        "Restored %d rows of %d tables (schema %s) from %s",
        summary.rows,
        summary.tables,
        revision,
        path,
    )
    return summary


def _read_manifest_or_refuse(
    path: Path, archive: zipfile.ZipFile, revision: str
) -> list[TableEntry]:
    try:
        return _read_manifest(archive, revision)
    except _DAMAGED as exc:
        raise _damaged(path, exc) from exc
