"""Jinja filters shared by every blueprint's templates."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from flask import Flask

from factcheck.markdown import render as markdown


def timecode(ms: int | None) -> str:
    """Media time as h:mm:ss (or m:ss under an hour); empty for None."""
    if ms is None:
        return ""
    seconds = ms // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


def count(number: int, singular: str, plural: str | None = None) -> str:
    """``number`` and the noun that goes with it: "1 claim", "2 claims", "1,204 spans"."""
    return f"{number:,} {singular if number == 1 else plural or singular + 's'}"


def humanise(value: object) -> str:
    """An enum value or snake_case code as words: "not_a_claim" -> "not a claim"."""
    raw = getattr(value, "value", value)
    return str(raw or "").replace("_", " ")


_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
NEUTRAL_COLOUR = "#777777"


def colour(value: object) -> str:
    """A #rrggbb colour for an inline style, or neutral grey for anything else.

    Style attributes are not a place for text that failed validation (a refused form echoes it).
    """
    return value if isinstance(value, str) and _COLOUR.fullmatch(value) else NEUTRAL_COLOUR


def utc_today() -> date:
    """Today's date in UTC: the default "date accessed" of a new source."""
    return datetime.now(UTC).date()


def register(app: Flask) -> None:
    app.add_template_filter(timecode)
    app.add_template_filter(humanise)
    app.add_template_filter(colour)
    app.add_template_filter(count)
    # User-written Markdown, rendered and sanitized (never `|safe` on user text).
    app.add_template_filter(markdown, "markdown")
    app.add_template_global(utc_today)
