"""The extraction pipeline: parse the format, split each speaker's regions into spans, score claims.

``extract(raw)`` is what an import runs: its ``transcript`` is what we store and every span's offsets
point into it. A long transcript is worked on by two processes where a second core is free
(``second_process``). Pure Python, no Flask.
"""

from __future__ import annotations

import bisect
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from factcheck.claims.checkworthiness import Assessment, Context, assess_many, document_contexts
from factcheck.claims.formats import ParsedTranscript, Region, TranscriptFormat, parse_transcript
from factcheck.claims.second_process import SecondProcess, can_fork, worth_forking
from factcheck.claims.segment import (
    STAGE_DIRECTION,
    find_wrap_width,
    line_start_between_sentences,
    split_offsets,
    strip_span,
)

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


def _raw_spans(text: str, regions: Sequence[Region], language: str) -> list[_RawSpan]:
    """The unscored spans of ``regions``, in transcript order."""
    spans: list[_RawSpan] = []
    # The width the whole transcript is wrapped at, worked out when a region of lines needs it.
    wrap_width = cache(lambda: find_wrap_width(text))
    for region in regions:
        if region.kind == "stage":
            start, end = strip_span(text, region.start, region.end)
            if start < end:
                media = region.media_span(start, end)
                spans.append((start, end, False, STAGE_DIRECTION, region.speaker, *media))
            continue
        offset = region.start
        indent = offset - text.rfind("\n", 0, offset) - 1  # a label before it on its line
        speaker, timed = region.speaker, bool(region.cues)
        for start, end, reason in split_offsets(
            text[region.start : region.end], language, indent=indent, wrap_width=wrap_width
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
    second_process: bool | None = None,
) -> Extraction:
    """Parse, split and score ``raw``; raises `TranscriptFormatError` for a malformed caption file.

    A long transcript is split and scored in two processes where that is safe and pays
    (`second_process.worth_forking`); ``second_process`` True or False decides instead (True only
    where the platform can fork). Either way the result is the same.
    """
    parsed = parse_transcript(raw, fmt, filename)
    text, regions = parsed.text, parsed.regions
    if second_process is None:
        second_process = worth_forking(len(text))
    halves = _halves(text, regions) if second_process and can_fork() else None
    if halves is not None:
        spans, assessments = _split_and_score_in_two(text, *halves, language)
    else:
        spans = _raw_spans(text, regions, language)
        assessments = _assess_claims(text, spans, _contexts(text, spans))
    return Extraction(text, parsed.format, _scored(text, spans, assessments))


def _contexts(text: str, spans: Sequence[_RawSpan]) -> list[Context]:
    """The context of every span; computed over all spans, as the model saw every line of a
    debate in training."""
    return document_contexts([text[span[0] : span[1]] for span in spans], [s[4] for s in spans])


def _assess_claims(
    text: str, spans: Sequence[_RawSpan], contexts: Sequence[Context]
) -> list[Assessment]:
    """The assessments of the claims among ``spans``, in order."""
    claims = [i for i, span in enumerate(spans) if span[2]]
    return assess_many(
        [text[spans[i][0] : spans[i][1]] for i in claims],
        [spans[i][4] for i in claims],
        [contexts[i] for i in claims],
    )


def _halves(text: str, regions: Sequence[Region]) -> tuple[list[Region], list[Region]] | None:
    """``regions`` in two parts of about equal length that split into the same spans as the whole.

    The cut is at the first region that starts after the middle of the text or, when one region
    holds most of it (plain text), at a line of that region that no span crosses. None when neither
    can be done (one caption region, or no such line).
    """
    if not regions:
        return None
    middle = (regions[0].start + regions[-1].end) // 2
    cut = bisect.bisect_left(regions, middle, key=lambda region: region.start)
    if 0 < cut < len(regions) and abs(regions[cut].start - middle) < len(text) // 4:
        return list(regions[:cut]), list(regions[cut:])
    index = max(0, cut - 1)
    region = regions[index]
    if region.cues or region.kind != "speech":
        return None
    at = line_start_between_sentences(text, region.start, region.end, middle)
    if at is None:
        return None
    first, second = region._replace(end=at), region._replace(start=at)
    return [*regions[:index], first], [second, *regions[index + 1 :]]


def _split_and_score_in_two(
    text: str, earlier: Sequence[Region], later: Sequence[Region], language: str
) -> tuple[list[_RawSpan], list[Assessment]]:
    """Spans and assessments as one process finds them, with a second process doing the later half.

    Contexts need every span, so the processes meet in the middle: the child splits its regions and
    hands over the spans; the parent, having split its own, computes every context and hands the
    child those of its spans; then both score.
    """

    def child_share() -> Generator[object, list[Context], None]:
        spans = _raw_spans(text, later, language)
        contexts = yield spans
        yield _assess_claims(text, spans, contexts)

    with SecondProcess(child_share()) as child:
        spans = _raw_spans(text, earlier, language)
        their_spans = child.receive()
        if their_spans is None:
            their_spans = _raw_spans(text, later, language)
        contexts = _contexts(text, spans + their_spans)
        their_contexts = contexts[len(spans) :]
        child.send(their_contexts)
        assessments = _assess_claims(text, spans, contexts)
        their_assessments = child.receive()
        if their_assessments is None:
            their_assessments = _assess_claims(text, their_spans, their_contexts)
    return spans + their_spans, assessments + their_assessments


def _scored(
    text: str, spans: Sequence[_RawSpan], assessments: Sequence[Assessment]
) -> list[ExtractedSpan]:
    """The extracted spans, each claim with its assessment (the claims' in order)."""
    next_assessment = iter(assessments).__next__
    scored = []
    for start, end, is_claim, reason, speaker, media_start, media_end in spans:
        if is_claim:  # an Assessment is the tuple (score, claim_type, reasons)
            scored.append(
                ExtractedSpan(
                    start,
                    end,
                    text[start:end],
                    True,
                    None,
                    speaker,
                    media_start,
                    media_end,
                    *next_assessment(),
                )
            )
        else:
            scored.append(
                ExtractedSpan(
                    start, end, text[start:end], False, reason, speaker, media_start, media_end
                )
            )
    return scored
