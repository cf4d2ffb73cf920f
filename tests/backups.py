"""Helpers for the backup tests: an app on a fresh database of either kind, its row counts, and
archives damaged or altered on purpose."""

from __future__ import annotations

import hashlib
import io
import json
import uuid
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from factcheck.extensions import db
from factcheck.models import Base
from factcheck.services import backup
from tests.conftest import (
    Backend,
    _pg_unavailable,
    create_schema,
    drop_schema,
    make_app,
    postgres_url,
)

KINDS = ("sqlite", "postgresql")


@contextmanager
def fresh_app(kind: str, tmp_path: Path, *, tables: bool = True) -> Iterator[Flask]:
    """An app on a database of its own: a new SQLite file, or a new PostgreSQL schema."""
    schema = None
    if kind == "sqlite":
        folder = tmp_path / f"sqlite-{uuid.uuid4().hex[:8]}"
        folder.mkdir()
        application = make_app(Backend("sqlite"), folder)
    else:
        url = postgres_url()
        try:
            schema = create_schema(url, prefix="fc_restore")
        except sa.exc.OperationalError as exc:
            _pg_unavailable(str(exc.orig).strip().splitlines()[0])
        application = make_app(Backend("postgresql", url=url, schema=schema), tmp_path)
    try:
        if tables:
            with application.app_context():
                Base.metadata.create_all(db.engine)
        yield application
    finally:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()
        if schema is not None:
            drop_schema(postgres_url(), schema)


def row_counts(app: Flask) -> dict[str, int]:
    with app.app_context(), db.engine.connect() as conn:
        present = set(sa.inspect(conn).get_table_names())
        return {
            t.name: conn.scalar(sa.select(sa.func.count()).select_from(t))
            for t in Base.metadata.sorted_tables
            if t.name in present
        }


def rewritten(
    data: bytes, changes: dict[str, Callable[[bytes], bytes]], *, sign: bool = True
) -> bytes:
    """The archive with some members changed; with ``sign``, the manifest's row counts and
    checksums made to agree with the changed members."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        contents = {info.filename: source.read(info) for info in source.infolist()}
        for name, change in changes.items():
            contents[name] = change(contents[name])
        if sign and backup.MANIFEST not in changes:
            manifest = json.loads(contents[backup.MANIFEST])
            for table in manifest["tables"]:
                member = contents[table["member"]]
                table["rows"] = member.count(b"\n")
                table["sha256"] = hashlib.sha256(member).hexdigest()
            contents[backup.MANIFEST] = json.dumps(manifest).encode()
        for info in source.infolist():
            target.writestr(info, contents[info.filename])
    return out.getvalue()


def member_data_start(data: bytes, info: zipfile.ZipInfo) -> int:
    """Where a member's compressed data begins: after its local header, name and extra field."""
    header = info.header_offset
    name_length = int.from_bytes(data[header + 26 : header + 28], "little")
    extra_length = int.from_bytes(data[header + 28 : header + 30], "little")
    return header + 30 + name_length + extra_length


def flipped(data: bytes, member: str) -> bytes:
    """The archive with one byte of ``member``'s compressed data inverted."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
    at = member_data_start(data, info) + info.compress_size // 2
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


def with_manifest(**fields: object) -> Callable[[bytes], bytes]:
    def change(text: bytes) -> bytes:
        return json.dumps({**json.loads(text), **fields}).encode()

    return change
