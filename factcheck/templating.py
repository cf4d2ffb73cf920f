"""Jinja filters shared by every blueprint's templates."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from flask import Flask

from factcheck.limits import COLOUR_PATTERN
from factcheck.markdown import render as markdown


def timecode(ms: int | None) -> str:
    """Media time as h:mm:ss (or m:ss under an hour); empty for None."""
    if ms is None:
        return ""
    seconds = ms // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """``number`` and the noun that goes with it: "1 claim", "2 claims", "1,204 spans"."""
    return f"{number:,} {singular if number == 1 else plural or singular + 's'}"


def humanise(value: object) -> str:
    """An enum value or snake_case code as words: "not_a_claim" -> "not a claim"."""
    raw = getattr(value, "value", value)
    return str(raw or "").replace("_", " ")


_COLOUR = re.compile(COLOUR_PATTERN)
NEUTRAL_COLOUR = "#777777"


def colour(value: object) -> str:
    """A #rrggbb colour for an SVG's fill, or neutral grey for anything else.

    Markup is not a place for text that failed validation (a refused form echoes it).
    """
    return value if isinstance(value, str) and _COLOUR.fullmatch(value) else NEUTRAL_COLOUR


# Fields of the audit log's snapshots that mean nothing to a reader of a history (ids, copies).
_INTERNAL_FIELDS = frozenset(
    {
        "id",
        "absorbed",
        "new_claim",
        "from",
        "into",
        "rating_value",
        "restored_from",
        "claim_start",
        "claim_end",
    }
)
_FIELD_NAMES = {
    "rating_label": "rating",
    "is_public": "public",
    "dismiss_reason": "dismissed as",
    "dismiss_note": "why dismissed",
    "published_on": "published",
    "accessed_on": "accessed",
    "restatement": "claim as checked",
    "claim_text": "claim judged",
    "claim_restatement": "claim as checked when judged",
}
_CODED_FIELDS = frozenset({"stance", "kind", "status", "dismiss_reason"})


def is_shown_field(key: str) -> bool:
    """Whether a snapshot field belongs in a history or a conflict for people to read."""
    return key not in _INTERNAL_FIELDS and not key.endswith("_id")


def field_name(key: str) -> str:
    """A snapshot field as words: "rating_label" -> "rating", "accessed_on" -> "accessed"."""
    return _FIELD_NAMES.get(key, key.replace("_", " "))


def field_value(key: str, value: object) -> object:
    """A snapshot value as a reader expects it: yes/no, codes as words, positions from 1."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if key == "position" and isinstance(value, int):
        return value + 1
    if key in _CODED_FIELDS and isinstance(value, str):
        return value.replace("_", " ")
    return value


def readable(snapshot: dict[str, object] | None) -> list[tuple[str, object]]:
    """The fields of an audit snapshot a person reads, named and formatted for them."""
    return [
        (field_name(key), field_value(key, value))
        for key, value in (snapshot or {}).items()
        if is_shown_field(key)
    ]


def readable_changes(changes: list) -> list[tuple[str, object, object]]:
    """A history entry's changes (each with ``field``, ``before``, ``after``) as a reader sees them."""
    return [
        (field_name(c.field), field_value(c.field, c.before), field_value(c.field, c.after))
        for c in changes
        if is_shown_field(c.field)
    ]


def utc_today() -> date:
    """Today's date in UTC: the default "date accessed" of a new source."""
    return datetime.now(UTC).date()


def register(app: Flask) -> None:
    app.add_template_filter(timecode)
    app.add_template_filter(humanise)
    app.add_template_filter(colour)
    app.add_template_filter(counted)  # not "count": that is Jinja's own alias of "length"
    app.add_template_filter(readable)
    app.add_template_filter(readable_changes)
    # User-written Markdown, rendered and sanitized (never `|safe` on user text).
    app.add_template_filter(markdown, "markdown")
    app.add_template_global(utc_today)
