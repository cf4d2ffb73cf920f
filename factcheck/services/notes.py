"""Staff notes: an internal thread per claim, in Markdown, each edit and deletion audited."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from factcheck import permissions
from factcheck.errors import InvalidInput, PermissionDenied
from factcheck.models import Claim, Note, User
from factcheck.services import claims as claim_ops
from factcheck.services import history, versioning
from factcheck.services.history import AuditAction

log = logging.getLogger(__name__)

MAX_BODY = 10_000


def clean_body(text: str | None) -> str:
    body = (text or "").replace("\r\n", "\n").strip()
    if not body:
        raise InvalidInput("Write something in the note.", field="body")
    if len(body) > MAX_BODY:
        raise InvalidInput(
            f"The note is {len(body):,} characters; the limit is {MAX_BODY:,}.", field="body"
        )
    return body


def add_note(session: Session, *, actor: User, claim: Claim, body: str | None) -> Note:
    if not permissions.can_review(actor):
        raise PermissionDenied("You may not write notes on claims.")
    body = clean_body(body)
    claim_ops.lock(session, claim)
    note = Note(claim_id=claim.id, author_id=actor.id, body=body)
    session.add(note)
    history.save(
        session, AuditAction.NOTE_ADD, note, history.created(note), actor=actor, claim=claim
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
    versioning.check_version(session, note, expected_version)
    change = history.apply(note, {"body": body})
    if not change:
        return note
    history.save(session, AuditAction.NOTE_EDIT, note, change, actor=actor)
    log.info("note %s edited by %s", note.id, actor.email)
    return note


def delete_note(session: Session, *, actor: User, note: Note, expected_version: int) -> None:
    """Delete a note (its author, an editor or an admin); its text stays in the audit log."""
    if not permissions.can_delete_note(actor, note):
        raise PermissionDenied("Only the note's author, an editor or an admin can delete it.")
    versioning.check_version(session, note, expected_version)
    history.delete(session, AuditAction.NOTE_DELETE, note, actor=actor)
    log.info("note %s deleted by %s", note.id, actor.email)
