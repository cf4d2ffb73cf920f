"""Assigning work: whole speeches and single claims, due dates, second reviews; every refusal
changes nothing, assigning twice adds nothing, and both directions are in the history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck import permissions
from factcheck.errors import InvalidInput, PermissionDenied
from factcheck.models import (
    Assignment,
    AuditEvent,
    Claim,
    ClaimStatus,
    Role,
    Speech,
    SpeechStatus,
    User,
)
from factcheck.services import assignments
from factcheck.services.history import AuditAction
from tests import factories
from tests.services.support import TODAY, count


def claims_to_check(session: Session, speech: Speech) -> list[Claim]:
    return list(
        session.scalars(
            select(Claim)
            .where(Claim.speech_id == speech.id, Claim.status == ClaimStatus.OPEN)
            .order_by(Claim.start)
        )
    )


def stored(session: Session) -> tuple[int, int]:
    return count(session, Assignment), count(session, AuditEvent)


def test_an_editor_assigns_a_whole_speech_and_it_is_in_the_history(
    session: Session, speech: Speech, users: dict[str, User]
) -> None:
    editor, reviewer = users["editor"], users["reviewer"]
    done = assignments.assign(session, actor=editor, speech=speech, reviewers=[reviewer])
    session.commit()
    (made,) = done.made
    assert done.already == []
    assert (made.speech_id, made.claim_id, made.reviewer_id) == (speech.id, None, reviewer.id)
    assert (made.assigned_by_id, made.due_on, made.second) == (editor.id, None, False)
    (event,) = session.scalars(
        select(AuditEvent).where(AuditEvent.action == AuditAction.ASSIGNMENT_ADD)
    )
    assert (event.actor_id, event.speech_id, event.claim_id) == (editor.id, speech.id, None)
    assert event.after["reviewer"] == reviewer.display_name


def test_claims_go_to_each_reviewer_with_the_due_date_each_filed_under_its_claim(
    session: Session, speech: Speech, users: dict[str, User]
) -> None:
    first, second = claims_to_check(session, speech)
    other = factories.user(session, "bo@example.org")
    due = TODAY + timedelta(days=3)
    done = assignments.assign(
        session,
        actor=users["admin"],
        speech=speech,
        reviewers=[users["reviewer"], other],
        claims=[second, first],
        due_on=due,
        second=True,
    )
    session.commit()
    assert len(done.made) == 4
    rows = session.scalars(select(Assignment)).all()
    assert {(a.claim_id, a.reviewer_id) for a in rows} == {
        (c.id, r.id) for c in (first, second) for r in (users["reviewer"], other)
    }
    assert {(a.due_on, a.second) for a in rows} == {(due, True)}
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.action == AuditAction.ASSIGNMENT_ADD)
    ).all()
    assert sorted(e.claim_id for e in events) == sorted([first.id, second.id] * 2)
    assert {e.after["due_on"] for e in events} == {due.isoformat()}


def test_due_today_is_accepted(session: Session, speech: Speech, users: dict[str, User]) -> None:
    done = assignments.assign(
        session, actor=users["editor"], speech=speech, reviewers=[users["reviewer"]], due_on=TODAY
    )
    assert done.made[0].due_on == TODAY


def test_assigning_again_adds_nothing_and_says_what_was_there(
    session: Session, speech: Speech, users: dict[str, User]
) -> None:
    claim = claims_to_check(session, speech)[0]
    given = {"actor": users["editor"], "speech": speech, "reviewers": [users["reviewer"]]}
    assignments.assign(session, **given, claims=[claim])
    assignments.assign(session, **given)
    session.commit()
    before = stored(session)
    # The same again, with another due date and as a second review: nothing changes.
    again = assignments.assign(
        session, **given, claims=[claim], due_on=TODAY + timedelta(days=9), second=True
    )
    whole = assignments.assign(session, **given)
    session.commit()
    assert again.made == []
    assert whole.made == []
    assert [a.claim_id for a in again.already] == [claim.id]
    assert [a.claim_id for a in whole.already] == [None]
    assert stored(session) == before
    assert session.scalar(select(Assignment.due_on).where(Assignment.claim_id == claim.id)) is None


def test_a_reviewer_cannot_assign(session: Session, speech: Speech, users: dict[str, User]) -> None:
    before = stored(session)
    with pytest.raises(PermissionDenied, match="Only editors and admins assign work"):
        assignments.assign(
            session, actor=users["reviewer"], speech=speech, reviewers=[users["reviewer"]]
        )
    session.rollback()
    assert stored(session) == before


def refused(session: Session, match: str, **given) -> None:
    """``assign`` with ``given`` is refused with a message matching ``match``; nothing stored."""
    before = stored(session)
    with pytest.raises(InvalidInput, match=match):
        assignments.assign(session, **given)
    session.rollback()
    assert stored(session) == before


def test_a_deactivated_reviewer_is_refused_and_nobody_else_is_assigned(
    session: Session, speech: Speech, users: dict[str, User]
) -> None:
    gone = factories.user(session, "gone@example.org", active=False, display_name="Gone")
    refused(
        session,
        "Gone's account is deactivated",
        actor=users["editor"],
        speech=speech,
        reviewers=[users["reviewer"], gone],
    )


def test_someone_off_the_staff_is_refused(
    session: Session, speech: Speech, users: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every role is staff today; an account of a role that is not (a reader) cannot be given work.
    monkeypatch.setattr(permissions, "STAFF_ROLES", frozenset({Role.ADMIN, Role.EDITOR}))
    refused(
        session,
        "reviewer is not on the desk's staff",
        actor=users["editor"],
        speech=speech,
        reviewers=[users["reviewer"]],
    )


def test_no_reviewer_is_refused(session: Session, speech: Speech, users: dict[str, User]) -> None:
    refused(
        session, "Choose at least one reviewer", actor=users["editor"], speech=speech, reviewers=[]
    )


def test_a_claim_of_another_speech_is_refused(
    session: Session, speech: Speech, users: dict[str, User]
) -> None:
    other = factories.speech(session, "Exports doubled in 2022.", title="Another")
    elsewhere = claims_to_check(session, other)[0]
    mine = claims_to_check(session, speech)[0]
    refused(
        session,
        f"Claim #{elsewhere.id} is not in this speech",
        actor=users["editor"],
        speech=speech,
        reviewers=[users["reviewer"]],
        claims=[mine, elsewhere],
    )
    with pytest.raises(InvalidInput, match=f"Claim #{elsewhere.id} is not in this speech"):
        assignments.claims_by_id(session, speech, [mine.id, elsewhere.id])
    with pytest.raises(InvalidInput, match="no longer in this speech"):
        assignments.claims_by_id(session, speech, [mine.id, 2**31 - 1])


def test_an_unknown_person_is_refused(session: Session, users: dict[str, User]) -> None:
    with pytest.raises(InvalidInput, match="There is no such person"):
        assignments.reviewers_by_id(session, [users["reviewer"].id, 2**31 - 1])


def test_a_dismissed_span_and_an_empty_choice_are_refused(
    session: Session, speech: Speech, dismissed_claim: Claim, users: dict[str, User]
) -> None:
    given = {"actor": users["editor"], "speech": speech, "reviewers": [users["reviewer"]]}
    refused(session, "is dismissed", **given, claims=[dismissed_claim])
    refused(session, "Tick the claims to assign", **given, claims=[])


def test_a_due_date_in_the_past_is_refused(
    session: Session, speech: Speech, users: dict[str, User]
) -> None:
    yesterday = TODAY - timedelta(days=1)
    refused(
        session,
        f"The due date {yesterday.isoformat()} is in the past",
        actor=users["editor"],
        speech=speech,
        reviewers=[users["reviewer"]],
        due_on=yesterday,
    )


def test_an_archived_speech_takes_no_assignments(session: Session, users: dict[str, User]) -> None:
    archived = factories.speech(session, status=SpeechStatus.ARCHIVED)
    refused(
        session,
        "This speech is archived",
        actor=users["editor"],
        speech=archived,
        reviewers=[users["reviewer"]],
    )


@pytest.mark.usefixtures("scale")
def test_a_second_review_never_goes_to_the_author_of_a_verdict_on_the_claim(
    session: Session, speech: Speech, users: dict[str, User]
) -> None:
    claim, other_claim = claims_to_check(session, speech)
    author, editor = users["reviewer"], users["editor"]
    factories.verdict(session, claim, author)  # a draft is a verdict too
    given = {"actor": editor, "speech": speech, "reviewers": [author], "second": True}
    refused(session, "has a verdict on claim", **given, claims=[claim])
    refused(session, f"has a verdict on claim #{claim.id}", **given)  # the whole speech
    # A first review of it, or a second review of another claim, may be theirs.
    assignments.assign(session, **given, claims=[other_claim])
    assignments.assign(session, actor=editor, speech=speech, reviewers=[author], claims=[claim])
    # And the second review of the claim goes to someone else.
    colleague = factories.user(session, "cy@example.org")
    done = assignments.assign(
        session, actor=editor, speech=speech, reviewers=[colleague], claims=[claim], second=True
    )
    assert done.made[0].second


def test_unassigning_removes_it_and_keeps_its_last_state_in_the_history(
    session: Session, speech: Speech, users: dict[str, User]
) -> None:
    claim = claims_to_check(session, speech)[0]
    made = assignments.assign(
        session,
        actor=users["editor"],
        speech=speech,
        reviewers=[users["reviewer"]],
        claims=[claim],
    ).made[0]
    session.commit()
    with pytest.raises(PermissionDenied):
        assignments.unassign(session, actor=users["reviewer"], assignment=made)
    session.rollback()
    assert assignments.unassign(session, actor=users["editor"], assignment=made) is True
    session.commit()
    assert count(session, Assignment) == 0
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == AuditAction.ASSIGNMENT_REMOVE)
    ).one()
    assert (event.actor_id, event.claim_id, event.after) == (users["editor"].id, claim.id, None)
    assert event.before["reviewer_id"] == users["reviewer"].id


def test_unassigning_what_someone_else_removed_meanwhile_does_nothing(
    session: Session, other_session: Session, speech: Speech, users: dict[str, User]
) -> None:
    made = assignments.assign(
        session, actor=users["editor"], speech=speech, reviewers=[users["reviewer"]]
    ).made[0]
    session.commit()
    mine = other_session.get(Assignment, made.id)
    assert assignments.unassign(session, actor=users["editor"], assignment=made)
    session.commit()
    events = count(session, AuditEvent)
    editor = other_session.get(User, users["editor"].id)
    assert assignments.unassign(other_session, actor=editor, assignment=mine) is False
    other_session.commit()
    assert count(session, AuditEvent) == events
