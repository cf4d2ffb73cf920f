"""Jinja filters shared by every blueprint's templates."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

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


_YOUTUBE_HOSTS = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"})


def media_at(url: str | None, start_ms: int | None, end_ms: int | None = None) -> str | None:
    """The media address opened at a moment: YouTube's ``t=`` (seconds), Vimeo's ``#t=``, and
    for any other file a W3C Media Fragment ``#t=start,end`` that browsers' players follow.
    None when there is no address or no time."""
    if not url or start_ms is None:
        return None
    start = max(0, start_ms // 1000)
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in _YOUTUBE_HOSTS:
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "t"]
        query.append(("t", f"{start}s"))
        return urlunsplit(parts._replace(query=urlencode(query), fragment=""))
    if host.endswith("vimeo.com"):
        return urlunsplit(parts._replace(fragment=f"t={start}s"))
    fragment = (
        f"t={start}" if end_ms is None or end_ms <= start_ms else f"t={start},{-(-end_ms // 1000)}"
    )
    return urlunsplit(parts._replace(fragment=fragment))


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
    app.add_template_global(media_at)
    app.add_template_filter(humanise)
    app.add_template_filter(colour)
    app.add_template_filter(counted)  # not "count": that is Jinja's own alias of "length"
    app.add_template_filter(readable)
    # User-written Markdown, rendered and sanitized (never `|safe` on user text).
    app.add_template_filter(markdown, "markdown")
    app.add_template_global(utc_today)
    # The source form's choices, as the form validates them: one list for form and template.
    app.add_template_global({"stance": STANCE_CHOICES, "kind": KIND_CHOICES}, "source_choices")
