"""Helpers shared by the review service tests."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import AuditEvent, Rating, RatingScale

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
