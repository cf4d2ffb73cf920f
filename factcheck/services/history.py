"""Recording a change: the one way every service writes the history.

A change is made in three steps, each one call:

1. ``diff = history.apply(obj, {"title": ..., "url": ...})`` sets the values and returns what
   changed (a `Diff`, false when nothing did); an operation that changes an object in more
   involved ways takes ``before = history.snapshot(obj)`` first and ``history.since(obj, before)``
   after. ``history.created(obj)`` is the diff of a new object.
2. ``history.save(session, AuditAction..., obj, diff, actor=...)`` writes it: it flushes (a save
   that lost a race with another one is a `Conflict`) and adds the audit event, filed under the
   claim and the speech the object belongs to, so both histories show it.
3. ``history.delete(session, AuditAction..., obj, actor=...)`` records an object's last state
   and deletes it.

What is audited, and what each field is called, is declared on the models (`models.history`).
The optimistic-locking check that comes before a change is `versioning.check_version`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from factcheck.models import AuditEvent, Claim, User
from factcheck.models.history import AuditAction
from factcheck.models.history import snapshot as snapshot_of
from factcheck.services import versioning

__all__ = ["AuditAction", "Diff", "apply", "created", "delete", "record", "save", "since"]


@dataclass(frozen=True)
class Diff:
    """An object's audited fields before and after a change (None: it did not exist / no longer
    exists). False when nothing changed."""

    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def __bool__(self) -> bool:
        return self.before != self.after

    @property
    def changed(self) -> list[str]:
        """The keys whose values differ."""
        before, after = self.before or {}, self.after or {}
        return [k for k in dict.fromkeys([*before, *after]) if before.get(k) != after.get(k)]


def snapshot(obj: Any) -> dict[str, Any]:
    """The audited fields of ``obj`` as the log stores them."""
    return snapshot_of(obj)


def apply(obj: Any, values: Mapping[str, Any]) -> Diff:
    """Set ``values`` (snapshot keys or attribute names of ``obj``) and return what changed.

    An attribute is only assigned when its value differs, so an unchanged object is not dirty
    and flushing it writes nothing (no new version)."""
    spec = obj.__audited__
    before = spec.snapshot(obj)
    for key, value in values.items():
        attr = spec.attribute(key) if key in spec.by_key else key
        if getattr(obj, attr) != value:
            setattr(obj, attr, value)
    return Diff(before, spec.snapshot(obj))


def since(obj: Any, before: dict[str, Any]) -> Diff:
    """What changed in ``obj`` since ``before`` (its snapshot) was taken."""
    return Diff(before, snapshot_of(obj))


def created(obj: Any) -> Diff:
    """The change that brought ``obj`` into being."""
    return Diff(None, snapshot_of(obj))


def _claim_of(obj: Any) -> Claim | None:
    if isinstance(obj, Claim):
        return obj
    claim = getattr(obj, "claim", None)
    return claim if isinstance(claim, Claim) else None


def record(
    session: Session,
    action: AuditAction,
    *,
    actor: User | None,
    object_type: str,
    object_id: int,
    speech_id: int | None = None,
    claim_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add one audit event as given: for what is not a model with audited fields (a setting, a
    password change)."""
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=AuditAction(action),
        object_type=object_type,
        object_id=object_id,
        speech_id=speech_id,
        claim_id=claim_id,
        before=before,
        after=after,
    )
    session.add(event)
    return event


def _record_diff(
    session: Session,
    action: AuditAction,
    obj: Any,
    diff: Diff,
    *,
    actor: User | None,
    claim: Claim | None,
    extra: Mapping[str, Any] | None,
) -> AuditEvent:
    claim = claim if claim is not None else _claim_of(obj)
    object_type = obj.__audited__.object_type
    before, after = diff.before, diff.after
    if extra:
        if after is not None:
            after = {**after, **extra}
        else:
            before = {**(before or {}), **extra}
    if claim is not None:
        speech_id: int | None = claim.speech_id
    else:
        speech_id = obj.id if object_type == "speech" else getattr(obj, "speech_id", None)
    return record(
        session,
        action,
        actor=actor,
        object_type=object_type,
        object_id=obj.id,
        speech_id=speech_id,
        claim_id=claim.id if claim is not None else None,
        before=before,
        after=after,
    )


def save(
    session: Session,
    action: AuditAction,
    obj: Any,
    diff: Diff,
    *,
    actor: User | None,
    claim: Claim | None = None,
    extra: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Write the change ``diff`` made to ``obj`` and record it under ``action``.

    Flushes first, so a new object has its id and an UPDATE that found its row at another version
    (a save in the same instant) becomes a Conflict; the caller then rolls back. ``extra`` adds
    facts to the stored state that are not fields (the claim a split made, the version restored).
    ``claim`` files the event under another claim than the object's own.
    """
    versioning.flush(session, what=obj.__audited__.what)
    if diff.before is None:  # a new object: as stored, with its defaults
        diff = created(obj)
    return _record_diff(session, action, obj, diff, actor=actor, claim=claim, extra=extra)


def delete(
    session: Session,
    action: AuditAction,
    obj: Any,
    *,
    actor: User | None,
    claim: Claim | None = None,
    extra: Mapping[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record ``obj``'s last state under ``action``, then delete it (flushed: a concurrent change
    to it is a Conflict). Its text stays in the audit log. ``extra`` adds facts to that last state
    (whose it was); ``after`` says what became of it (the claim that absorbed it)."""
    event = _record_diff(
        session, action, obj, Diff(snapshot_of(obj), None), actor=actor, claim=claim, extra=extra
    )
    event.after = after
    session.delete(obj)
    versioning.flush(session, what=obj.__audited__.what)
    return event
