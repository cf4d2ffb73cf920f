"""CSV: one row per claim, safe to open in a spreadsheet.

A cell that a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a carriage
return) is prefixed with an apostrophe. With ``bom`` the file starts with a UTF-8 byte-order mark,
which Excel needs to read UTF-8.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from factcheck.exports._text import chunked, day, moment, timecode
from factcheck.exports.records import ClaimRecord, Export

BOM = b"\xef\xbb\xbf"
_FORMULA_STARTS = frozenset("=+-@\t\r")
COLUMNS = (
    "speech_id",
    "speech",
    "speaker",
    "speech_date",
    "claim_id",
    "claim_as_checked",
    "quote",
    "start",
    "end",
    "timecode_start",
    "timecode_end",
    "state",
    "rating",
    "rating_value",
    "conclusion",
    "public_sources",
    "reviewer",
    "approvers",
    "published",
    "corrected",
    "corrections",
    "permalink",
)


def neutralise(cell: object) -> str:
    """The cell as text, with an apostrophe before what a spreadsheet would run as a formula."""
    text = "" if cell is None else str(cell)
    return "'" + text if text[:1] in _FORMULA_STARTS else text


def row(claim: ClaimRecord) -> list[str]:
    speech = claim.speech
    cells: list[object] = [
        speech.id,
        speech.title,
        claim.speaker or speech.speaker,
        day(speech.delivered_on),
        claim.id,
        claim.as_checked,
        claim.text,
        claim.start,
        claim.end,
        timecode(claim.media_start_ms),
        timecode(claim.media_end_ms),
        claim.state,
        claim.rating.label if claim.rating else None,
        claim.rating.value if claim.rating else None,
        claim.conclusion,
        "\n".join(s.url for s in claim.public_sources),
        claim.reviewer,
        "; ".join(a.name for a in claim.approvers if a.name),
        moment(claim.published_at),
        moment(claim.corrected_at),
        "\n".join(f"{day(c.published_at)} {c.kind}: {c.note}" for c in claim.corrections),
        claim.permalink,
    ]
    return [neutralise(cell) for cell in cells]


def write(export: Export, *, bom: bool = False) -> Iterator[bytes]:
    """The export as CSV (RFC 4180, CRLF line ends), in chunks."""

    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(COLUMNS)
        for number, claim in enumerate(export, 1):
            writer.writerow(row(claim))
            if number % 100 == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return chunked(lines(), prefix=BOM if bom else b"")
