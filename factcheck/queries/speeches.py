"""Reads about speeches: the desk's list, a speech's claims in order, numbered, and cut into
pieces for highlighting, a window at a time."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, joinedload

from factcheck.models import Claim, ClaimStatus, Speech, SpeechStatus, Verdict, VerdictStatus
from factcheck.queries.blind import blind_condition


@dataclass(frozen=True)
class Progress:
    """How far the checking of a speech is: of its claims to check, how many have a submitted
    verdict, and how many have only drafts."""

    claims: int = 0
    checked: int = 0
    drafts: int = 0

    @property
    def unchecked(self) -> int:
        return self.claims - self.checked - self.drafts


@dataclass(frozen=True)
class SpeechRow:
    speech: Speech
    progress: Progress


def progress_of(session: Session, speech_ids: list[int]) -> dict[int, Progress]:
    """`Progress` per speech, in one query whatever the number of speeches and claims."""
    if not speech_ids:
        return {}
    submitted = func.max(case((Verdict.status == VerdictStatus.SUBMITTED, 1), else_=0))
    judged = (
        select(Verdict.claim_id, submitted.label("submitted")).group_by(Verdict.claim_id).subquery()
    )
    rows = session.execute(
        select(
            Claim.speech_id,
            func.count(),
            func.count(judged.c.claim_id).filter(judged.c.submitted == 1),
            func.count(judged.c.claim_id).filter(judged.c.submitted == 0),
        )
        .outerjoin(judged, judged.c.claim_id == Claim.id)
        .where(Claim.speech_id.in_(speech_ids), Claim.status == ClaimStatus.OPEN)
        .group_by(Claim.speech_id)
    )
    return {speech_id: Progress(n, checked, drafts) for speech_id, n, checked, drafts in rows}


def list_speeches(session: Session, *, archived: bool = False) -> list[SpeechRow]:
    """The desk's list, newest first, with each speech's progress: the speeches in work, or the
    archived ones. Two queries, whatever the number of speeches."""
    in_list = (
        Speech.status == SpeechStatus.ARCHIVED
        if archived
        else Speech.status != SpeechStatus.ARCHIVED
    )
    speeches = list(
        session.scalars(
            select(Speech).where(in_list).order_by(Speech.created_at.desc(), Speech.id.desc())
        )
    )
    progress = progress_of(session, [s.id for s in speeches])
    return [SpeechRow(s, progress.get(s.id, Progress())) for s in speeches]


def speech_ids(session: Session) -> list[int]:
    """Every speech's id, archived or not, oldest first."""
    return list(session.scalars(select(Speech.id).order_by(Speech.id)))


def count_archived(session: Session) -> int:
    return session.scalar(
        select(func.count()).select_from(Speech).where(Speech.status == SpeechStatus.ARCHIVED)
    )


def claim_counts(session: Session, speech: Speech) -> tuple[int, int]:
    """(claims to check, other spans) of a speech, counted in the database."""
    rows = session.execute(
        select(Claim.status, func.count())
        .where(Claim.speech_id == speech.id)
        .group_by(Claim.status)
    ).all()
    counts = {status: n for status, n in rows}
    return counts.get(ClaimStatus.OPEN, 0), counts.get(ClaimStatus.DISMISSED, 0)


def claims_of(session: Session, speech: Speech) -> list[Claim]:
    return list(
        session.scalars(select(Claim).where(Claim.speech_id == speech.id).order_by(Claim.start))
    )


CLAIM_ORDERS = ("transcript", "checkworthiness")


@dataclass(frozen=True)
class Piece:
    """A run of transcript text, inside claim number `number` or between claims (None)."""

    text: str
    claim: Claim | None = None
    number: int | None = None
    start: int = 0  # offset of the piece in the transcript
    verdict: Verdict | None = None  # the claim's verdict to show (`shown_verdicts`)


def shown_verdicts(
    session: Session, claim_ids: list[int], viewer_id: int | None = None
) -> dict[int, Verdict]:
    """The verdict a highlight shows for each claim that has one: the latest submitted, or failing
    that the latest draft; only the viewer's own on a claim they review blind. One query, the
    ratings joined."""
    if not claim_ids:
        return {}
    shown: dict[int, Verdict] = {}
    submitted_first = case((Verdict.status == VerdictStatus.SUBMITTED, 0), else_=1)
    query = (
        select(Verdict)
        .join(Claim, Claim.id == Verdict.claim_id)
        .where(Verdict.claim_id.in_(claim_ids))
        .options(joinedload(Verdict.rating))
        .order_by(Verdict.claim_id, submitted_first, Verdict.id.desc())
    )
    if viewer_id is not None:
        query = query.where(sa.or_(Verdict.author_id == viewer_id, ~blind_condition(viewer_id)))
    for verdict in session.scalars(query):
        shown.setdefault(verdict.claim_id, verdict)
    return shown


def transcript_pieces(
    transcript: str,
    claims: list[Claim],
    low: int = 0,
    high: int | None = None,
    first: int = 1,
    verdicts: dict[int, Verdict] | None = None,
) -> list[Piece]:
    """Cut ``transcript[low:high]`` into alternating gap and claim pieces, for highlighting in a
    page; ``claims`` are the spans within it, in order, numbered from ``first``; ``verdicts``
    the verdict each claim's highlight shows, by claim id."""
    verdicts = verdicts or {}
    high = len(transcript) if high is None else high
    pieces: list[Piece] = []
    pos = low
    for number, claim in enumerate(claims, start=first):
        if claim.start > pos:
            pieces.append(Piece(transcript[pos : claim.start], start=pos))
        pieces.append(
            Piece(
                transcript[claim.start : claim.end],
                claim,
                number,
                claim.start,
                verdicts.get(claim.id),
            )
        )
        pos = claim.end
    if pos < high:
        pieces.append(Piece(transcript[pos:high], start=pos))
    return pieces


# A long speech is sent a window at a time, so a page costs the same for 50 spans or 50,000.
SPEECH_PAGE = 50  # claims listed on one page of the speech page
TRANSCRIPT_CHUNK = 40  # spans of the transcript sent at once
MAX_OFFSET = 10**7  # far beyond any speech (5 MB of text); larger asked offsets are clamped


@dataclass(frozen=True)
class Window:
    """Items ``start`` to ``end`` (exclusive, counted from 0) of a list of ``total``."""

    start: int
    end: int
    total: int

    @property
    def has_before(self) -> bool:
        return self.start > 0

    @property
    def has_after(self) -> bool:
        return self.end < self.total


def parse_offset(text: str | None) -> int | None:
    """An offset into a list written in a query argument (ASCII digits), or None."""
    if not text or len(text) > 8 or not text.isascii() or not text.isdigit():
        return None
    return min(int(text), MAX_OFFSET)


def span_numbers(session: Session, speech_id: int, claims: list[Claim]) -> dict[int, int]:
    """The number in the transcript (from 1) of each of ``claims``, by id: the number people see.

    One count up to the first of them and the starts between the first and the last; no window
    function over the whole speech.
    """
    if not claims:
        return {}
    low = min(c.start for c in claims)
    high = max(c.start for c in claims)
    before = session.scalar(
        select(func.count()).where(Claim.speech_id == speech_id, Claim.start < low)
    )
    starts = session.scalars(
        select(Claim.start)
        .where(Claim.speech_id == speech_id, Claim.start >= low, Claim.start <= high)
        .order_by(Claim.start)
    ).all()
    number_at = {start: before + i for i, start in enumerate(starts, start=1)}
    return {c.id: number_at[c.start] for c in claims}


def claim_order(order: str) -> list[sa.ColumnElement]:
    """ORDER BY for a list of spans: transcript order, or claims to check first, the most
    check-worthy first, ties in transcript order."""
    if order == "checkworthiness":
        to_check_first = sa.case((Claim.status == ClaimStatus.OPEN, 0), else_=1)
        return [to_check_first, Claim.checkworthiness.desc(), Claim.start]
    return [Claim.start]


@dataclass(frozen=True)
class SpeechSummary:
    total: int  # spans
    to_check: int
    top_score: float  # the highest check-worthiness of a claim to check (0 without one)


def summary(session: Session, speech: Speech) -> SpeechSummary:
    is_open = Claim.status == ClaimStatus.OPEN
    total, to_check, top = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(sa.case((is_open, 1), else_=0)), 0),
            func.max(sa.case((is_open, Claim.checkworthiness), else_=None)),
        ).where(Claim.speech_id == speech.id)
    ).one()
    return SpeechSummary(total=total, to_check=to_check, top_score=top or 0.0)


def count_spans(session: Session, speech: Speech) -> int:
    return session.scalar(select(func.count()).where(Claim.speech_id == speech.id)) or 0


def span_number(session: Session, speech: Speech, claim_id: int | None) -> int | None:
    """The number in the transcript of span ``claim_id`` of this speech, or None if it is not one."""
    if claim_id is None:
        return None
    start = session.scalar(
        select(Claim.start).where(Claim.id == claim_id, Claim.speech_id == speech.id)
    )
    if start is None:
        return None
    before = session.scalar(
        select(func.count()).where(Claim.speech_id == speech.id, Claim.start < start)
    )
    return before + 1


def centred(number: int | None, before: int, total: int) -> int:
    """Where a window starts to show item ``number`` (from 1) after ``before`` others."""
    return 0 if number is None else max(0, min(number - 1 - before, total - 1))


def listed_claims(
    session: Session, speech: Speech, order: str, start: int, count: int, total: int
) -> tuple[list[tuple[int, Claim]], Window]:
    """Claims ``start`` to ``start + count`` of the speech in ``order``, with their numbers."""
    start = max(0, min(start, max(total - 1, 0)))
    claims = session.scalars(
        select(Claim)
        .where(Claim.speech_id == speech.id)
        .order_by(*claim_order(order))
        .offset(start)
        .limit(count)
    ).all()
    if order == "transcript":  # every span, in order: the numbers run on from the window's start
        listed = list(enumerate(claims, start=start + 1))
    else:
        numbers = span_numbers(session, speech.id, list(claims))
        listed = [(numbers[claim.id], claim) for claim in claims]
    return listed, Window(start, start + len(listed), total)


def transcript_window(
    session: Session,
    speech: Speech,
    start: int,
    count: int,
    total: int,
    *,
    viewer_id: int | None = None,
) -> tuple[list[Piece], Window]:
    """Spans ``start`` to ``start + count`` of the transcript, cut into pieces.

    Windows side by side tile the transcript exactly: each begins where the span before it ends (or
    at the transcript's start) and the last one runs to the transcript's end.
    """
    start = max(0, min(start, max(total - 1, 0)))
    rows = session.scalars(
        select(Claim)
        .where(Claim.speech_id == speech.id)
        .order_by(Claim.start)
        .offset(max(start - 1, 0))
        .limit(count + (1 if start else 0))
    ).all()
    previous, claims = (rows[0], rows[1:]) if start else (None, list(rows))
    transcript = speech.transcript
    end = start + len(claims)
    low = previous.end if previous is not None else 0
    high = claims[-1].end if claims and end < total else len(transcript)
    verdicts = shown_verdicts(session, [claim.id for claim in claims], viewer_id)
    pieces = transcript_pieces(transcript, claims, low, high, first=start + 1, verdicts=verdicts)
    return pieces, Window(start, end, total)
