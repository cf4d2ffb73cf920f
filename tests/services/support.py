"""Helpers shared by the review service tests."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import AuditEvent, Claim, Note, Rating, RatingScale, Source, Verdict

TODAY = datetime.now(UTC).date()


def rating(scale: RatingScale, label: str) -> Rating:
    return next(r for r in scale.ratings if r.label == label)


def audit_events(session: Session, object_type: str | None = None) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.id)
    if object_type is not None:
        query = query.where(AuditEvent.object_type == object_type)
    return list(session.scalars(query))


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model))


def sources_of(session: Session, claim: Claim) -> list[Source]:
    """A claim's sources in reading order, as the workspace lists them."""
    return list(
        session.scalars(
            select(Source).where(Source.claim_id == claim.id).order_by(Source.position, Source.id)
        )
    )


def notes_of(session: Session, claim: Claim) -> list[Note]:
    """A claim's notes, oldest first."""
    return list(
        session.scalars(
            select(Note).where(Note.claim_id == claim.id).order_by(Note.created_at, Note.id)
        )
    )


def verdicts_of(session: Session, claim: Claim) -> list[Verdict]:
    """Every verdict on a claim, oldest first."""
    return list(
        session.scalars(
            select(Verdict)
            .where(Verdict.claim_id == claim.id)
            .order_by(Verdict.created_at, Verdict.id)
        )
    )
