"""Jinja filters shared by every blueprint's templates."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from flask import Flask

from factcheck.forms.items import KIND_CHOICES, STANCE_CHOICES
from factcheck.limits import COLOUR_PATTERN
from factcheck.markdown import render as markdown
from factcheck.models.history import shown_fields


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


def readable(
    snapshot: dict[str, object] | None, object_type: str | None
) -> list[tuple[str, object]]:
    """The fields of a stored snapshot a person reads, labelled as its model declares them."""
    return shown_fields(object_type, snapshot)


def utc_today() -> date:
    """Today's date in UTC: the default "date accessed" of a new source."""
    return datetime.now(UTC).date()


def register(app: Flask) -> None:
    app.add_template_filter(timecode)
    app.add_template_filter(humanise)
    app.add_template_filter(colour)
    app.add_template_filter(counted)  # not "count": that is Jinja's own alias of "length"
    app.add_template_filter(readable)
    # User-written Markdown, rendered and sanitized (never `|safe` on user text).
    app.add_template_filter(markdown, "markdown")
    app.add_template_global(utc_today)
    # The source form's choices, as the form validates them: one list for form and template.
    app.add_template_global({"stance": STANCE_CHOICES, "kind": KIND_CHOICES}, "source_choices")
