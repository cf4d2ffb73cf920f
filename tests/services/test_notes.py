"""Staff notes: a thread per claim; authors edit their own, editors and admins may delete; every
change audited with the text it replaced."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy.orm import Session

from factcheck.errors import Conflict, InvalidInput, PermissionDenied
from factcheck.models import Claim, Note, Role, User
from factcheck.services.notes import add_note, delete_note, edit_note
from tests import factories
from tests.services.support import audit_events, count, notes_of


def write(
    session: Session, actor: User, claim: Claim, body: str = "Ask the ONS press office."
) -> Note:
    note = add_note(session, actor=actor, claim=claim, body=body)
    session.commit()
    return note


def test_add_stores_the_note_and_audits_it(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    claim_version = claim.version
    note = write(session, users["reviewer"], claim, "  Line one\r\nline two  ")
    session.expire_all()
    stored = session.get(Note, note.id)
    assert stored.body == "Line one\nline two"
    assert stored.author_id == users["reviewer"].id
    assert stored.version == 1
    assert session.get(Claim, claim.id).version == claim_version
    [event] = audit_events(session, "note")
    assert (event.action, event.object_id, event.actor_id) == (
        "note.add",
        note.id,
        users["reviewer"].id,
    )
    assert (event.claim_id, event.speech_id) == (claim.id, claim.speech_id)
    assert event.after == {"body": "Line one\nline two", "author_id": users["reviewer"].id}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Write something"),
        (" \n ", "Write something"),
        (None, "Write"),
        ("n" * 10_001, "10,000"),
    ],
)
def test_bad_notes_are_refused(
    session: Session, users: dict[str, User], claim: Claim, body: str | None, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message) as caught:
        add_note(session, actor=users["reviewer"], claim=claim, body=body)
    assert caught.value.field == "body"
    session.rollback()
    assert count(session, Note) == 0
    assert audit_events(session, "note") == []


def test_a_note_of_exactly_the_limit_is_accepted(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    assert len(write(session, users["reviewer"], claim, "n" * 10_000).body) == 10_000


def test_each_note_keeps_its_author_and_claim(
    session: Session, users: dict[str, User], claim: Claim, dismissed_claim: Claim
) -> None:
    write(session, users["reviewer"], claim, "First.")
    write(session, users["editor"], claim, "Second.")
    write(session, users["admin"], dismissed_claim, "Elsewhere.")
    session.expire_all()
    shown = [(n.author.display_name, n.body) for n in notes_of(session, claim)]
    assert shown == [("reviewer", "First."), ("editor", "Second.")]


def test_the_author_edits_their_note(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    note = write(session, users["reviewer"], claim, "Draft thought.")
    edit_note(
        session, actor=users["reviewer"], note=note, body="Better thought.", expected_version=1
    )
    session.commit()
    session.expire_all()
    stored = session.get(Note, note.id)
    assert (stored.body, stored.version) == ("Better thought.", 2)
    event = audit_events(session, "note")[-1]
    assert event.action == "note.edit"
    assert event.before["body"] == "Draft thought."
    assert event.after["body"] == "Better thought."
    assert event.claim_id == claim.id


def test_an_unchanged_edit_writes_nothing(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    note = write(session, users["reviewer"], claim, "Same.")
    edit_note(session, actor=users["reviewer"], note=note, body=" Same. ", expected_version=1)
    session.commit()
    assert session.get(Note, note.id).version == 1
    assert len(audit_events(session, "note")) == 1


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_only_the_author_edits_a_note(
    session: Session, users: dict[str, User], claim: Claim, role: str
) -> None:
    note = write(session, users["reviewer"], claim, "Mine.")
    with pytest.raises(PermissionDenied):
        edit_note(session, actor=users[role], note=note, body="Theirs.", expected_version=1)
    session.rollback()
    assert session.get(Note, note.id).body == "Mine."


def test_a_stale_edit_is_a_conflict_showing_the_saved_text(
    session: Session, other_session: Session, users: dict[str, User], claim: Claim
) -> None:
    note = write(session, users["reviewer"], claim, "Version one.")
    theirs = other_session.get(Note, note.id)
    edit_note(
        other_session,
        actor=users["reviewer"],
        note=theirs,
        body="Edited in another tab.",
        expected_version=1,
    )
    other_session.commit()
    with pytest.raises(Conflict) as caught:
        edit_note(
            session, actor=users["reviewer"], note=note, body="Edited here.", expected_version=1
        )
    assert caught.value.current["body"] == "Edited in another tab."
    assert caught.value.changed_by == users["reviewer"].display_name
    session.rollback()
    session.expire_all()
    assert session.get(Note, note.id).body == "Edited in another tab."


@pytest.mark.parametrize("role", ["reviewer", "editor", "admin"])
def test_author_editor_and_admin_may_delete(
    session: Session, users: dict[str, User], claim: Claim, role: str
) -> None:
    note = write(session, users["reviewer"], claim, "Remove me.")
    delete_note(session, actor=users[role], note=note, expected_version=1)
    session.commit()
    assert count(session, Note) == 0
    event = audit_events(session, "note")[-1]
    assert (event.action, event.actor_id) == ("note.delete", users[role].id)
    assert event.before["body"] == "Remove me."
    assert event.after is None
    assert event.claim_id == claim.id


def test_another_reviewer_may_not_delete_or_edit(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    colleague = factories.user(session, "colleague@example.org", Role.REVIEWER)
    note = write(session, users["reviewer"], claim, "Mine.")
    with pytest.raises(PermissionDenied):
        delete_note(session, actor=colleague, note=note, expected_version=1)
    with pytest.raises(PermissionDenied):
        edit_note(session, actor=colleague, note=note, body="No.", expected_version=1)
    session.rollback()
    assert count(session, Note) == 1


def test_a_stale_delete_is_a_conflict(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    note = write(session, users["reviewer"], claim, "One.")
    edit_note(session, actor=users["reviewer"], note=note, body="Two.", expected_version=1)
    session.commit()
    with pytest.raises(Conflict):
        delete_note(session, actor=users["editor"], note=note, expected_version=1)
    session.rollback()
    assert session.get(Note, note.id).body == "Two."


def test_someone_without_a_staff_role_cannot_write_notes(session: Session, claim: Claim) -> None:
    with pytest.raises(PermissionDenied):
        add_note(session, actor=AnonymousUserMixin(), claim=claim, body="Hello.")
    session.rollback()
    assert count(session, Note) == 0
