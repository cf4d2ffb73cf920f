"""Ids of stored rows: the range the databases hold, and reading one from a request."""

from __future__ import annotations

from typing import Any

from werkzeug.routing import BaseConverter, ValidationError

# Primary keys (and versions) are INTEGER: 32 bits on PostgreSQL. A larger number in a query is an
# overflow error there (and beyond 2**63 on SQLite), so it is refused before it reaches one.
MAX_ID = 2**31 - 1
_DIGITS = frozenset("0123456789")


def is_id(value: Any) -> bool:
    """Whether ``value`` is an int that a row's id could be."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


def parse_id(text: str | None) -> int | None:
    """The id written in ``text`` (ASCII digits only: not '١٢', '１' or '1_0'), or None."""
    if not text or len(text) > len(str(MAX_ID)) or not _DIGITS.issuperset(text):
        return None
    value = int(text)
    return value if is_id(value) else None


class IdConverter(BaseConverter):
    """``<id:claim_id>`` in a route: ASCII digits within the id range, else the route does not
    match (a 404). Werkzeug's ``int`` takes any Unicode digit, so '/speeches/١' was speech 1."""

    regex = r"[1-9][0-9]{0,9}"
    part_isolating = True

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValidationError()
        return number

    def to_url(self, value: Any) -> str:
        return str(int(value))
