"""Staff notes: an internal thread per claim, in Markdown, each edit and deletion audited."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from factcheck import permissions
from factcheck.errors import InvalidInput, NotFound, PermissionDenied
from factcheck.models import Claim, Note, User
from factcheck.services import audit, versioning

log = logging.getLogger(__name__)

MAX_BODY = 10_000


def note_snapshot(note: Note) -> dict[str, Any]:
    return {"body": note.body, "author_id": note.author_id}


def clean_body(text: str | None) -> str:
    body = (text or "").replace("\r\n", "\n").strip()
    if not body:
        raise InvalidInput("Write something in the note.", field="body")
    if len(body) > MAX_BODY:
        raise InvalidInput(
            f"The note is {len(body):,} characters; the limit is {MAX_BODY:,}.", field="body"
        )
    return body


def _claim_of(session: Session, note: Note) -> Claim:
    claim = session.get(Claim, note.claim_id)
    if claim is None:  # pragma: no cover - the foreign key cascades
        raise NotFound("No such claim.")
    return claim


def _record(
    session: Session,
    *,
    actor: User,
    action: str,
    note: Note,
    claim: Claim,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    audit.record(
        session,
        actor=actor,
        action=action,
        object_type="note",
        object_id=note.id,
        speech_id=claim.speech_id,
        claim_id=claim.id,
        before=before,
        after=after,
    )


def notes_for_claim(session: Session, claim: Claim) -> list[Note]:
    """The claim's thread, oldest first, with authors loaded."""
    return list(
        session.scalars(
            select(Note)
            .where(Note.claim_id == claim.id)
            .options(selectinload(Note.author))
            .order_by(Note.created_at, Note.id)
        )
    )


def get_note(session: Session, note_id: int, *, claim: Claim | None = None) -> Note:
    note = session.get(Note, note_id)
    if note is None or (claim is not None and note.claim_id != claim.id):
        raise NotFound("No such note.")
    return note


def add_note(session: Session, *, actor: User, claim: Claim, body: str | None) -> Note:
    if not permissions.can_review(actor):
        raise PermissionDenied("You may not write notes on claims.")
    note = Note(claim_id=claim.id, author_id=actor.id, body=clean_body(body))
    session.add(note)
    session.flush()
    _record(
        session,
        actor=actor,
        action="note.add",
        note=note,
        claim=claim,
        before=None,
        after=note_snapshot(note),
    )
    log.info("note %s added to claim %s by %s", note.id, claim.id, actor.email)
    return note


def edit_note(
    session: Session, *, actor: User, note: Note, body: str | None, expected_version: int
) -> Note:
    """Change a note's text; only its author may, and only from the version they saw."""
    if not permissions.can_edit_note(actor, note):
        raise PermissionDenied("Only the author of a note can edit it.")
    body = clean_body(body)
    versioning.check_version(
        session, note, expected_version, object_type="note", what="note", snapshot=note_snapshot
    )
    if note.body == body:
        return note
    before = note_snapshot(note)
    note.body = body
    versioning.flush(session, what="note")
    _record(
        session,
        actor=actor,
        action="note.edit",
        note=note,
        claim=_claim_of(session, note),
        before=before,
        after=note_snapshot(note),
    )
    log.info("note %s edited by %s", note.id, actor.email)
    return note


def delete_note(session: Session, *, actor: User, note: Note, expected_version: int) -> None:
    """Delete a note (its author, an editor or an admin); its text stays in the audit log."""
    if not permissions.can_delete_note(actor, note):
        raise PermissionDenied("Only the note's author, an editor or an admin can delete it.")
    versioning.check_version(
        session, note, expected_version, object_type="note", what="note", snapshot=note_snapshot
    )
    _record(
        session,
        actor=actor,
        action="note.delete",
        note=note,
        claim=_claim_of(session, note),
        before=note_snapshot(note),
        after=None,
    )
    session.delete(note)
    versioning.flush(session, what="note")
    log.info("note %s deleted by %s", note.id, actor.email)
