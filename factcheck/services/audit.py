"""Writing the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from factcheck.models import AuditEvent, User


def record(
    session: Session,
    *,
    actor: User | None,
    action: str,
    object_type: str,
    object_id: int,
    speech_id: int | None = None,
    claim_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add one audit row; `before`/`after` must be JSON-serialisable snapshots."""
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        speech_id=speech_id,
        claim_id=claim_id,
        before=before,
        after=after,
    )
    session.add(event)
    return event
