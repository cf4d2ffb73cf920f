"""The extraction pipeline: parse the format, split each speaker's regions into spans, score claims.

``extract(raw)`` is what an import runs: its ``transcript`` is what we store and every span's offsets
point into it. Pure Python, no Flask.
"""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.claims.checkworthiness import assess_many, document_contexts
from factcheck.claims.formats import ParsedTranscript, TranscriptFormat, parse_transcript
from factcheck.claims.segment import split_claims

__all__ = ["ExtractedSpan", "Extraction", "extract", "spans_of"]


@dataclass(frozen=True, slots=True)
class ExtractedSpan:
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


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def spans_of(parsed: ParsedTranscript, language: str = "en") -> list[ExtractedSpan]:
    """Unscored spans of every region, in transcript order."""
    text = parsed.text
    spans: list[ExtractedSpan] = []
    for region in parsed.regions:
        if region.kind == "stage":
            start, end = _strip(text, region.start, region.end)
            if start < end:
                media = region.media_span(start, end)
                spans.append(
                    ExtractedSpan(
                        start,
                        end,
                        text[start:end],
                        False,
                        "stage direction",
                        region.speaker,
                        *media,
                    )
                )
            continue
        offset = region.start
        for span in split_claims(text[region.start : region.end], language):
            start, end = offset + span.start, offset + span.end
            media = region.media_span(start, end)
            spans.append(
                ExtractedSpan(
                    start, end, span.text, span.is_claim, span.reason, region.speaker, *media
                )
            )
    return spans


def extract(
    raw: str,
    fmt: TranscriptFormat | str | None = None,
    *,
    filename: str | None = None,
    language: str = "en",
) -> Extraction:
    """Parse, split and score ``raw``; raises `TranscriptFormatError` for a malformed caption file."""
    parsed = parse_transcript(raw, fmt, filename)
    spans = spans_of(parsed, language)
    # Contexts are computed over every span, as the model saw every line of a debate in training.
    contexts = document_contexts([s.text for s in spans], [s.speaker for s in spans])
    claim_indexes = [i for i, s in enumerate(spans) if s.is_claim]
    assessments = assess_many(
        [spans[i].text for i in claim_indexes],
        [spans[i].speaker for i in claim_indexes],
        [contexts[i] for i in claim_indexes],
    )
    scored = list(spans)
    for i, assessment in zip(claim_indexes, assessments, strict=True):
        span = spans[i]
        scored[i] = ExtractedSpan(
            span.start,
            span.end,
            span.text,
            True,
            None,
            span.speaker,
            span.media_start_ms,
            span.media_end_ms,
            assessment.score,
            assessment.claim_type,
            assessment.reasons,
        )
    return Extraction(parsed.text, parsed.format, scored)
