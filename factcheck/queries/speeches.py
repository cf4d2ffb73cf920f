"""Reads about speeches: the desk's list, a speech's claims in order, numbered, and cut into
pieces for highlighting."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from factcheck.models import Claim, ClaimStatus, Speech, SpeechStatus, Verdict, VerdictStatus


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


def numbered_claims(claims: list[Claim], order: str = "transcript") -> list[tuple[int, Claim]]:
    """Claims with their number in the transcript, listed in transcript order or by check-worthiness
    (claims to check first, highest score first, ties in transcript order)."""
    numbered = list(enumerate(claims, start=1))
    if order == "checkworthiness":
        numbered.sort(key=lambda nc: (not nc[1].is_claim, -nc[1].checkworthiness, nc[0]))
    return numbered


@dataclass(frozen=True)
class Piece:
    """A run of transcript text, inside claim number `number` or between claims (None)."""

    text: str
    claim: Claim | None = None
    number: int | None = None
    start: int = 0  # offset of the piece in the transcript


def transcript_pieces(transcript: str, claims: list[Claim]) -> list[Piece]:
    """Cut the transcript into alternating gap and claim pieces, for highlighting in a page."""
    pieces: list[Piece] = []
    pos = 0
    for number, claim in enumerate(claims, start=1):
        if claim.start > pos:
            pieces.append(Piece(transcript[pos : claim.start], start=pos))
        pieces.append(Piece(transcript[claim.start : claim.end], claim, number, claim.start))
        pos = claim.end
    if pos < len(transcript):
        pieces.append(Piece(transcript[pos:], start=pos))
    return pieces
