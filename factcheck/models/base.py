"""Declarative base, constraint naming convention and the column types every model shares."""

from __future__ import annotations

import enum
import json
from datetime import UTC, datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp stored as UTC; SQLite gives naive values back, so re-attach UTC."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def str_enum(enum_cls: type[enum.Enum], name: str) -> sa.Enum:
    """Enums are stored as their string values in VARCHAR with a CHECK constraint, on every database.

    Native PostgreSQL enums make adding a value a special migration; a CHECK constraint is rewritten in
    an ordinary (batch) migration on both databases.
    """
    return sa.Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


JSONType = sa.JSON().with_variant(JSONB(), "postgresql")

# orjson gives a float for an integer outside 64 bits (19 digits or more); the standard library
# keeps it exact. Digits mapped to "0" and the rest to " ", a run of 19 is a plain substring
# search: ten times quicker than a regular expression, which cost as much as the parsing.
_DIGITS_ONLY = bytes(48 if 48 <= i <= 57 else 32 for i in range(256))
_LONG_NUMBER = b"0" * 19


def read_json(text: str | bytes | bytearray | memoryview) -> Any:
    """The engines' reader of JSON columns: orjson (several times faster on the frozen
    publications an export or a public page reads), with exactly the standard library's values.

    Text orjson refuses (NaN, an out-of-range float, a lone surrogate) and text with a number
    too long for 64 bits go to the standard library. Anything but text raises TypeError, as
    ``json.loads`` does: SQLite hands back a bare number for a JSON value that is one, and
    SQLAlchemy passes it through on that error.
    """
    if isinstance(text, str):
        raw = text.encode("utf-8", "surrogatepass")
    elif isinstance(text, bytes | bytearray | memoryview):
        raw = text = bytes(text)
    else:
        raise TypeError(f"JSON text expected, not {type(text).__name__}")
    if _LONG_NUMBER not in raw.translate(_DIGITS_ONLY):
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass
    return json.loads(text)


# Ids appear in the audit log and in permalinks: SQLite must never hand a deleted row's id to a new
# one (it does without AUTOINCREMENT). PostgreSQL sequences never reuse ids anyway.
NO_ID_REUSE = {"sqlite_autoincrement": True}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
