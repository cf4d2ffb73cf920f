"""Reads about speeches: the desk's list, a speech's claims in order, numbered, and cut into
pieces for highlighting."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import Claim, ClaimStatus, Speech


def list_speeches(session: Session) -> list[Speech]:
    return list(
        session.scalars(select(Speech).order_by(Speech.created_at.desc(), Speech.id.desc()))
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
