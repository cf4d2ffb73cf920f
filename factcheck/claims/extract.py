"""The extraction pipeline: parse the format, split each speaker's regions into spans, score claims.

``extract(raw)`` is what an import runs: its ``transcript`` is what we store and every span's offsets
point into it. Pure Python, no Flask.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from factcheck.claims.checkworthiness import assess_many, document_contexts
from factcheck.claims.formats import ParsedTranscript, Region, TranscriptFormat, parse_transcript
from factcheck.claims.segment import split_offsets

__all__ = ["ExtractedSpan", "Extraction", "extract", "spans_of"]


class ExtractedSpan(NamedTuple):
    """One span of the stored transcript, as an import stores it (a named tuple: an import makes
    thousands, and a tuple is made several times faster than a frozen dataclass)."""

    start: int
    end: int
    text: str
    is_claim: bool
    reason: str | None  # why it is not a claim
    speaker: str | None = None
    media_start_ms: int | None = None
    media_end_ms: int | None = None
    score: float = 0.0  # check-worthiness in [0, 1]; 0 for non-claims
    claim_type: str | None = None
    reasons: tuple[str, ...] = ()  # why it scores as it does, in words


@dataclass(frozen=True)
class Extraction:
    transcript: str
    format: TranscriptFormat
    spans: list[ExtractedSpan]


# A span before scoring, as a plain tuple (made and read faster than an object):
# start, end, is_claim, reason, speaker, media_start_ms, media_end_ms.
_RawSpan = tuple[int, int, bool, str | None, str | None, int | None, int | None]


_UNTIMED = (None, None)  # the media span of text that came from no caption cue


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _raw_spans(text: str, regions: Sequence[Region], language: str) -> list[_RawSpan]:
    """The unscored spans of ``regions``, in transcript order."""
    spans: list[_RawSpan] = []
    for region in regions:
        if region.kind == "stage":
            start, end = _strip(text, region.start, region.end)
            if start < end:
                media = region.media_span(start, end)
                spans.append((start, end, False, "stage direction", region.speaker, *media))
            continue
        offset = region.start
        indent = offset - text.rfind("\n", 0, offset) - 1  # a label before it on its line
        speaker, timed = region.speaker, bool(region.cues)
        for start, end, reason in split_offsets(
            text[region.start : region.end], language, indent=indent
        ):
            start += offset
            end += offset
            media = region.media_span(start, end) if timed else _UNTIMED
            spans.append((start, end, reason is None, reason, speaker, *media))
    return spans


def spans_of(parsed: ParsedTranscript, language: str = "en") -> list[ExtractedSpan]:
    """Unscored spans of every region, in transcript order."""
    text = parsed.text
    return [
        ExtractedSpan(start, end, text[start:end], *rest)
        for start, end, *rest in _raw_spans(text, parsed.regions, language)
    ]


def extract(
    raw: str,
    fmt: TranscriptFormat | str | None = None,
    *,
    filename: str | None = None,
    language: str = "en",
) -> Extraction:
    """Parse, split and score ``raw``; raises `TranscriptFormatError` for a malformed caption file."""
    parsed = parse_transcript(raw, fmt, filename)
    text = parsed.text
    spans = _raw_spans(text, parsed.regions, language)
    texts = [text[start:end] for start, end, *_ in spans]
    speakers = [span[4] for span in spans]
    # Contexts are computed over every span, as the model saw every line of a debate in training.
    contexts = document_contexts(texts, speakers)
    claims = [i for i, span in enumerate(spans) if span[2]]
    assessments = iter(
        assess_many(
            [texts[i] for i in claims], [speakers[i] for i in claims], [contexts[i] for i in claims]
        )
    )
    scored = []
    for span_text, (start, end, is_claim, reason, speaker, media_start, media_end) in zip(
        texts, spans, strict=True
    ):
        if is_claim:  # an Assessment is the tuple (score, claim_type, reasons)
            scored.append(
                ExtractedSpan(
                    start,
                    end,
                    span_text,
                    True,
                    None,
                    speaker,
                    media_start,
                    media_end,
                    *next(assessments),
                )
            )
        else:
            scored.append(
                ExtractedSpan(start, end, span_text, False, reason, speaker, media_start, media_end)
            )
    return Extraction(text, parsed.format, scored)
