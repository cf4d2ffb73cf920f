"""How a backup writes each column's values as JSON, the same from SQLite and PostgreSQL, and
reads them back into the values SQLAlchemy binds.

A column's codec is chosen by its SQLAlchemy type (the type a `TypeDecorator` stores as), never by
table, so a new table needs nothing here; a column of a type not listed is refused by name.
"""

from __future__ import annotations

import base64
import enum
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import sqlalchemy as sa


@dataclass(frozen=True)
class Codec:
    kind: str  # named in the manifest, and in docs/backup-format.md
    encode: Callable[[Any], Any]  # a value SQLAlchemy read -> a JSON value
    decode: Callable[[Any], Any]  # that JSON value -> a value SQLAlchemy (or COPY) can write


_CANONICAL = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
)
_ROW = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def canonical_json(text: str) -> str:
    """A JSON document in one spelling: keys sorted, no spaces. PostgreSQL's jsonb keeps keys in
    an order of its own and SQLite keeps the text as written; the archive must not show which."""
    return _CANONICAL.encode(json.loads(text))


def _text(value: Any) -> str:
    return value.value if isinstance(value, enum.Enum) else str(value)


def _same(value: Any) -> Any:
    return value


INTEGER = Codec("integer", int, int)
FLOAT = Codec("float", float, float)  # JSON keeps a double exactly (shortest round-trip repr)
DECIMAL = Codec("decimal", lambda v: str(Decimal(v)), Decimal)
BOOLEAN = Codec("boolean", bool, bool)  # SQLite's 0/1 come back as booleans
TEXT = Codec("text", _text, _same)  # enums as their stored value
DATE = Codec("date", date.isoformat, date.fromisoformat)
TIME = Codec("time", lambda v: v.isoformat(timespec="microseconds"), time.fromisoformat)
# Every timestamp with its microseconds and its offset (+00:00 for the UTC columns).
DATETIME = Codec("datetime", lambda v: v.isoformat(timespec="microseconds"), datetime.fromisoformat)
JSON = Codec("json", canonical_json, _same)  # read as text; None is SQL NULL, "null" JSON null
BINARY = Codec("binary", lambda v: base64.b64encode(bytes(v)).decode("ascii"), base64.b64decode)
UUID = Codec("uuid", str, uuid.UUID)

# Checked in order: a subclass before its base (Float is a Numeric, Enum a String).
_BY_TYPE: tuple[tuple[type[sa.types.TypeEngine[Any]], Codec], ...] = (
    (sa.JSON, JSON),
    (sa.Boolean, BOOLEAN),
    (sa.Float, FLOAT),
    (sa.Numeric, DECIMAL),
    (sa.Integer, INTEGER),
    (sa.DateTime, DATETIME),
    (sa.Date, DATE),
    (sa.Time, TIME),
    (sa.String, TEXT),
    (sa.LargeBinary, BINARY),
    (sa.Uuid, UUID),
)


def codec_for(column: sa.Column[Any]) -> Codec:
    stored = column.type
    if isinstance(stored, sa.types.TypeDecorator):
        stored = stored.impl_instance
    for kind, codec in _BY_TYPE:
        if isinstance(stored, kind):
            return codec
    raise TypeError(
        f"A backup cannot hold column {column.table.name}.{column.name} of type {column.type}: "
        "teach factcheck/services/backup_codecs.py its type."
    )


def encode_row(codecs: Sequence[Codec], row: Sequence[Any]) -> bytes:
    """One row as one line of JSON: an array of its values in the table's column order."""
    values = [None if v is None else c.encode(v) for c, v in zip(codecs, row, strict=True)]
    return _ROW.encode(values).encode("utf-8") + b"\n"
