"""Writing the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from factcheck.models import AuditEvent, Claim, User


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


def record_on_claim(
    session: Session,
    claim: Claim,
    *,
    actor: User | None,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    object_type: str = "claim",
    object_id: int | None = None,
) -> AuditEvent:
    """An audit row about ``claim``, or about a source, verdict or note attached to it.

    Filed under the claim and its speech, so that both histories show it.
    """
    return record(
        session,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=claim.id if object_id is None else object_id,
        speech_id=claim.speech_id,
        claim_id=claim.id,
        before=before,
        after=after,
    )
