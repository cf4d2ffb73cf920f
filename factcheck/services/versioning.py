"""Optimistic locking for what reviewers edit: re-read the row, compare the version the user saw,
and explain a refusal with what the other person saved, who they were and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.exc import ObjectDeletedError, StaleDataError

from factcheck.errors import Conflict, InvalidInput
from factcheck.models import AuditEvent
from factcheck.services import locks


def last_change(
    session: Session, object_type: str, object_id: int
) -> tuple[str | None, datetime | None, int | None]:
    """Display name of whoever last changed the object, when, and their id, from the audit log."""
    event = session.scalars(
        select(AuditEvent)
        .options(joinedload(AuditEvent.actor))
        .where(AuditEvent.object_type == object_type, AuditEvent.object_id == object_id)
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).first()
    if event is None:
        return None, None, None
    return (event.actor.display_name if event.actor else None), event.created_at, event.actor_id


def reload(session: Session, obj: Any, *, object_type: str, what: str) -> None:
    """Re-read `obj` from the database, locking its row until commit on PostgreSQL, so the checks
    that follow see the latest committed state. A row someone else deleted is a Conflict."""
    object_id = obj.id
    try:
        if not locks.hold_on_sqlite(session, obj.__table__, object_id):
            raise ObjectDeletedError(sa_inspect(obj))
        session.refresh(obj, with_for_update=True)
    except InvalidRequestError as exc:
        by, at, by_id = last_change(session, object_type, object_id)
        raise Conflict(
            f"{by or 'Someone else'} removed this {what} after you opened it; nothing was saved.",
            changed_by=by,
            changed_at=at,
            changed_by_id=by_id,
            message_if_yours=f"You removed this {what} in another tab or window after this page "
            "was opened; nothing was saved.",
        ) from exc


def check_version(session: Session, obj: Any, expected_version: int | None) -> None:
    """Refuse with a Conflict unless the stored row of ``obj`` (a model with audited fields) is
    still at the version the user edited; the Conflict carries what it is now."""
    spec = obj.__audited__
    if isinstance(expected_version, bool) or not isinstance(expected_version, int):
        raise InvalidInput(
            f"The form did not say which version of the {spec.what} you edited; reload and try "
            "again.",
            field="version",
        )
    reload(session, obj, object_type=spec.object_type, what=spec.what)
    if obj.version != expected_version:
        by, at, by_id = last_change(session, spec.object_type, obj.id)
        raise Conflict(
            f"{by or 'Someone else'} changed this {spec.what} after you opened it; nothing was "
            "saved. Compare your version with theirs and save again.",
            current=spec.snapshot(obj),
            current_type=spec.object_type,
            changed_by=by,
            changed_at=at or getattr(obj, "updated_at", None),
            changed_by_id=by_id,
            message_if_yours=f"You changed this {spec.what} in another tab or window after this "
            "page was opened; nothing was saved. Compare the two versions and save again.",
        )


def flush(session: Session, *, what: str) -> None:
    """Flush; an UPDATE that found its row at another version (a save in the same instant, after
    the check) becomes a Conflict. The caller must then roll back, as after any refusal."""
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict(
            f"Someone else saved this {what} at the same moment; nothing was saved. "
            "Reload it and try again."
        ) from exc
