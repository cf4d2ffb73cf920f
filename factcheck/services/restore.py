"""Restore: a backup archive checked whole, then loaded into an empty database in the caller's
transaction (COPY on PostgreSQL), every id kept and every id counter set past the last id the
backed-up database handed out. See services/backup.py for the writing, docs/backup-format.md for
the format.
"""

from __future__ import annotations

import hashlib
import json
import logging
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa
from sqlalchemy.orm import Session

from factcheck.models import Base
from factcheck.services.backup import (
    BATCH,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    BackupError,
    Summary,
    TableEntry,
    codecs_of,
    columns_of,
    counter_kept,
    pg_sequence,
    require_revision,
    require_tables,
    schema_revision,
)
from factcheck.services.backup_codecs import Codec
from factcheck.services.bulk import ANALYZE_AFTER

log = logging.getLogger(__name__)

# What a damaged ZIP or member raises while it is read: a flipped bit in a ZIP header can also
# ask for a compression method, encryption or a ZIP version that zipfile does not implement
# (NotImplementedError and RuntimeError).
_DAMAGED = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    struct.error,
    KeyError,
    TypeError,
    ValueError,
    OverflowError,
    OSError,
    RuntimeError,
)


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
    expected = [(table.name, columns_of(table)) for table in Base.metadata.sorted_tables]
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


def _require_empty(connection: sa.Connection) -> None:
    require_tables(connection, doing="restore")
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
    batches = _batches(archive, entry, codecs_of(table))
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
        sequence = pg_sequence(connection, table, column)
        if sequence is not None:
            connection.execute(
                sa.text("SELECT setval(:sequence, :value, :called)"),
                {"sequence": sequence, "value": max(last_id, 1), "called": last_id > 0},
            )
    elif dialect == "sqlite" and counter_kept(table):
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
    entries = verify(path)
    connection = session.connection()
    require_revision(connection, revision, doing="restore")
    _require_empty(connection)
    with _opened(path) as archive:
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
