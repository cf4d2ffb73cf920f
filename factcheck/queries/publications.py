"""Reading what was published: what readers see of a claim (its current version and the earlier
ones on record), a claim's publications for the desk, and the corrections log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from factcheck.models import Publication, PublicationKind

CORRECTION_KINDS = (PublicationKind.CORRECTION, PublicationKind.WITHDRAWAL)
LOG_PAGE = 100


@dataclass(frozen=True)
class ReaderView:
    """What readers see of a claim: ``current`` (a withdrawal shows its note beside the check as
    last published), then the ``earlier`` versions on record, newest first."""

    current: Publication
    earlier: list[Publication]

    @property
    def withdrawn(self) -> bool:
        return self.current.kind is PublicationKind.WITHDRAWAL

    @property
    def corrections(self) -> list[Publication]:
        """Every correction and withdrawal note up to now, newest first."""
        return [p for p in [self.current, *self.earlier] if p.kind in CORRECTION_KINDS]


def of_claim(session: Session, claim_id: int) -> list[Publication]:
    """Every publication of the claim, newest first, with who published it: for the desk."""
    return list(
        session.scalars(
            select(Publication)
            .where(Publication.claim_id == claim_id)
            .options(selectinload(Publication.published_by))
            .order_by(Publication.number.desc())
        )
    )


def reader_view(session: Session, claim_id: int) -> ReaderView | None:
    """What readers see of the claim, or None when nothing is: never published, or its latest
    publication unpublished. Versions that were unpublished are not on the public record (an
    editor took them back before they stood); corrections and withdrawals always are."""
    publications = session.scalars(
        select(Publication)
        .where(Publication.claim_id == claim_id)
        .order_by(Publication.number.desc())
    ).all()
    if not publications or publications[0].unpublished_at is not None:
        return None
    current, *rest = publications
    return ReaderView(current, [p for p in rest if p.unpublished_at is None])


@dataclass(frozen=True)
class LogEntry:
    """One correction or withdrawal as the log lists it."""

    id: int
    kind: PublicationKind
    claim_id: int
    claim_text: str
    speech_id: int
    speech_title: str
    rating: str | None  # the rating as corrected (a withdrawal: as it was)
    note: str
    published_at: datetime
    published_by: str | None
    unpublished_at: datetime | None


def corrections_log(
    session: Session, *, before: int | None = None, limit: int = LOG_PAGE
) -> list[LogEntry]:
    """Every correction and withdrawal, newest first; ``before`` an entry's id to page on. The
    claim and speech are named as published, so the log stays true to what readers were told."""
    query = (
        select(Publication)
        .where(Publication.kind.in_(CORRECTION_KINDS))
        .options(selectinload(Publication.published_by))
        .order_by(Publication.id.desc())
        .limit(limit)
    )
    if before is not None:
        query = query.where(Publication.id < before)
    entries = []
    for p in session.scalars(query):
        claim, speech = p.content.get("claim", {}), p.content.get("speech", {})
        rating = p.content.get("verdict", {}).get("rating", {}).get("label")
        entries.append(
            LogEntry(
                id=p.id,
                kind=p.kind,
                claim_id=p.claim_id,
                claim_text=claim.get("restatement") or claim.get("text") or "",
                speech_id=p.speech_id,
                speech_title=speech.get("title") or "",
                rating=rating,
                note=p.note or "",
                published_at=p.published_at,
                published_by=p.published_by.display_name if p.published_by else None,
                unpublished_at=p.unpublished_at,
            )
        )
    return entries
