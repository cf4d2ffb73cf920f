"""The claim's state machine: every action from every state, as every role, against a table
written here by hand (not generated from the code's own table); and the moves verdicts make."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.errors import Conflict, InvalidInput, PermissionDenied
from factcheck.models import (
    AuditEvent,
    Claim,
    ClaimState,
    ClaimStatus,
    ClaimWorkflow,
    DismissReason,
    RatingScale,
    User,
)
from factcheck.services import verdicts, workflow
from factcheck.services.workflow import Action
from tests import factories

# Who may take each action from each state: R any staff member (reviewer, editor, admin), E an
# editor or an admin, "." nobody. Columns follow ACTIONS; rows follow STATES.
ACTIONS = [
    "start_review", "submit", "unsubmit", "reopen", "send_back", "approve", "publish",
    "unpublish", "correct", "withdraw", "dismiss", "restore",
]  # fmt: skip
EXPECTED = """
open       R R . . . . . . . . R .
in_review  . R . R . . . . . . . .
submitted  . R R R E E . . . . . .
sent_back  . R . R . . . . . . . .
approved   . R R R E . E . . . . .
published  . . . . . . . E E E . .
withdrawn  . . . . . . . . . . . .
dismissed  . . . . . . . . . . . R
"""
ROLES = ("reviewer", "editor", "admin")


def expected_table() -> dict[tuple[str, str], str]:
    table = {}
    for line in EXPECTED.strip().splitlines():
        state, *cells = line.split()
        assert len(cells) == len(ACTIONS), line
        table.update({(state, action): cell for action, cell in zip(ACTIONS, cells, strict=True)})
    return table


def put_in(session: Session, claim: Claim, state: str) -> None:
    """Place the claim in ``state`` directly: the table is what is under test."""
    if state == "dismissed":
        claim.status = ClaimStatus.DISMISSED
        claim.dismiss_reason = DismissReason.NOT_A_CLAIM
    else:
        session.add(
            ClaimWorkflow(
                claim_id=claim.id,
                speech_id=claim.speech_id,
                state=ClaimState(state),
                comment="Check the year." if state == "sent_back" else None,
            )
        )
    session.commit()


def test_the_table_covers_every_state_and_action() -> None:
    assert {state for state, _ in expected_table()} == {s.value for s in ClaimState}
    assert set(ACTIONS) == {a.value for a in Action}


@pytest.mark.parametrize("state", [s.value for s in ClaimState])
def test_every_action_from_every_state_as_every_role(
    session: Session, claim: Claim, users: dict[str, User], state: str
) -> None:
    put_in(session, claim, state)
    table = expected_table()
    for action in ACTIONS:
        for role in ROLES:
            actor = session.get(User, users[role].id)
            allowed = table[(state, action)] == "R" or (
                table[(state, action)] == "E" and role != "reviewer"
            )
            where = f"{action} from {state} as {role}"
            if allowed:
                assert workflow.check(session, actor, claim, Action(action)).value == state, where
            elif table[(state, action)] == "E":  # the state allows it, the role does not
                with pytest.raises(PermissionDenied):
                    workflow.check(session, actor, claim, Action(action))
            else:
                with pytest.raises((InvalidInput, PermissionDenied)) as refused:
                    workflow.check(session, actor, claim, Action(action))
                if role != "reviewer" or table_needs_staff_only(action):
                    assert refused.type is InvalidInput, where
                    assert "cannot be" in str(refused.value), where


def table_needs_staff_only(action: str) -> bool:
    """Actions any staff member has the permission for: their refusals are about the state."""
    return action in {"start_review", "submit", "unsubmit", "reopen", "dismiss", "restore"}


@pytest.mark.parametrize(
    ("state", "action", "target"),
    [
        ("open", "start_review", "in_review"),
        ("in_review", "submit", "submitted"),
        ("submitted", "send_back", "sent_back"),
        ("sent_back", "submit", "submitted"),
        ("submitted", "approve", "approved"),
        ("approved", "publish", "published"),
        ("published", "unpublish", "approved"),
        ("published", "correct", "published"),
        ("published", "withdraw", "withdrawn"),
        ("approved", "unsubmit", "in_review"),
        ("submitted", "reopen", "open"),
    ],
)
def test_a_transition_moves_the_claim_and_records_who_when_and_why(
    session: Session, claim: Claim, users: dict[str, User], state: str, action: str, target: str
) -> None:
    put_in(session, claim, state)
    editor = session.get(User, users["editor"].id)
    row = workflow.transition(
        session, actor=editor, claim=claim, action=Action(action), comment="Because."
    )
    session.commit()
    assert row.state.value == target
    assert workflow.current_state(session, claim).value == target
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.claim_id == claim.id).order_by(AuditEvent.id.desc())
    ).first()
    assert event.action.value == f"claim.{ {'unsubmit': 'start_review'}.get(action, action) }"
    assert event.actor_id == editor.id
    assert event.after["state"] == target
    assert event.after["action"] == action
    assert event.created_at is not None
    needs_comment = action in ("send_back", "correct", "withdraw")
    assert event.after["comment"] == ("Because." if needs_comment else None)


@pytest.mark.parametrize("action", ["send_back", "correct", "withdraw"])
def test_actions_that_need_a_why_refuse_without_one_and_change_nothing(
    session: Session, claim: Claim, users: dict[str, User], action: str
) -> None:
    state = "submitted" if action == "send_back" else "published"
    put_in(session, claim, state)
    editor = session.get(User, users["editor"].id)
    events = session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
    for comment in (None, "", "   ", "x" * 2_001):
        with pytest.raises(InvalidInput):
            workflow.transition(
                session, actor=editor, claim=claim, action=Action(action), comment=comment
            )
        session.rollback()
    assert workflow.current_state(session, claim).value == state
    assert session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) == events


def test_dismiss_and_restore_are_the_claims_services(
    session: Session, claim: Claim, users: dict[str, User]
) -> None:
    editor = session.get(User, users["editor"].id)
    with pytest.raises(ValueError, match="claims service"):
        workflow.transition(session, actor=editor, claim=claim, action=Action.DISMISS)


def test_verdicts_move_the_claim(
    session: Session, claim: Claim, users: dict[str, User], scale: RatingScale
) -> None:
    reviewer = session.get(User, users["reviewer"].id)
    assert workflow.current_state(session, claim) is ClaimState.OPEN
    draft = factories.verdict(session, claim, reviewer, "False")
    draft_id, first = draft.id, draft.version
    assert workflow.current_state(session, claim) is ClaimState.IN_REVIEW
    factories.source(session, claim, reviewer)
    factories.verdict(session, claim, reviewer, "False", submit=True, expected_version=first)
    assert workflow.current_state(session, claim) is ClaimState.SUBMITTED
    assert workflow.row_of(session, claim).verdict_id == draft_id
    # Back to a draft: in review again; withdrawn: open, with nothing left to review.
    again = factories.verdict(session, claim, reviewer, "True", expected_version=first + 1)
    assert workflow.current_state(session, claim) is ClaimState.IN_REVIEW
    verdicts.withdraw_verdict(
        session, actor=reviewer, verdict=again, expected_version=again.version
    )
    session.commit()
    assert workflow.current_state(session, claim) is ClaimState.OPEN
    actions = session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.claim_id == claim.id, AuditEvent.object_type == "claim_workflow")
        .order_by(AuditEvent.id)
    ).all()
    assert [a.value for a in actions] == [
        "claim.start_review",
        "claim.submit",
        "claim.start_review",
        "claim.reopen",
    ]


def test_a_transition_chosen_on_a_stale_view_is_a_conflict(
    session: Session, claim: Claim, users: dict[str, User]
) -> None:
    put_in(session, claim, "submitted")
    editor = session.get(User, users["editor"].id)
    seen = workflow.row_of(session, claim).version
    workflow.transition(
        session, actor=editor, claim=claim, action=Action.SEND_BACK, comment="Check the year."
    )
    session.commit()
    with pytest.raises(Conflict, match="changed this claim's state"):
        workflow.transition(
            session, actor=editor, claim=claim, action=Action.SUBMIT, expected_version=seen
        )
    session.rollback()
    assert workflow.current_state(session, claim) is ClaimState.SENT_BACK
    row = workflow.transition(
        session, actor=editor, claim=claim, action=Action.SUBMIT, expected_version=seen + 1
    )
    assert row.state is ClaimState.SUBMITTED
