"""Small helpers the formats share: dates and times as text, timecodes, output in chunks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import orjson

CHUNK = 64 * 1024  # bytes gathered before a chunk is handed on


def day(value: date | datetime | None) -> str | None:
    """A calendar day as YYYY-MM-DD (a moment's day in UTC)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.astimezone(UTC).date()
    return value.isoformat()


def moment(value: datetime | None) -> str | None:
    """A moment in UTC as RFC 3339 with a Z, to the second."""
    if value is None:
        return None
    # isoformat is several times faster than strftime, which counts in a long export.
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def timecode(ms: int | None) -> str | None:
    """Milliseconds of media as HH:MM:SS.mmm."""
    if ms is None:
        return None
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def seconds(ms: int) -> str:
    """Milliseconds as seconds for a media fragment: 1500 -> "1.5", 2000 -> "2"."""
    whole, millis = divmod(ms, 1000)
    return f"{whole}.{millis:03d}".rstrip("0").rstrip(".") if millis else str(whole)


def compact_json(value: Any) -> str:
    """Compact JSON with characters as they are (UTF-8), by orjson: several times faster than the
    standard library's encoder, which made up a good part of an export's time."""
    return orjson.dumps(value).decode()


def chunked(pieces: Iterable[str], *, prefix: bytes = b"") -> Iterator[bytes]:
    """UTF-8 bytes of the pieces, gathered into chunks of about CHUNK bytes."""
    buffer: list[bytes] = [prefix] if prefix else []
    size = len(prefix)
    for piece in pieces:
        data = piece.encode("utf-8")
        buffer.append(data)
        size += len(data)
        if size >= CHUNK:
            yield b"".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield b"".join(buffer)
