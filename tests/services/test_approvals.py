"""Approving a submitted verdict and sending it back: the quorum, who may be counted, and every
refusal changing nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.errors import Conflict, InvalidInput, PermissionDenied
from factcheck.models import (
    ApprovalVote,
    AuditEvent,
    Claim,
    ClaimState,
    Role,
    User,
    VerdictStatus,
)
from factcheck.services import approvals, settings, workflow
from tests import factories
from tests.services.support import audit_events, count, verdicts_of

pytestmark = pytest.mark.usefixtures("scale")


@pytest.fixture
def people(session: Session, users: dict[str, User]) -> dict[str, User]:
    """The reviewer, two editors and the admin, in this session."""
    second = factories.user(session, "second.editor@example.org", Role.EDITOR)
    found = {role: session.get(User, person.id) for role, person in users.items()}
    return {**found, "second": second}


def version(session: Session, claim: Claim) -> int:
    return workflow.row_of(session, claim).version


def state(session: Session, claim: Claim) -> ClaimState:
    return workflow.current_state(session, claim)


def fingerprint(session: Session, claim: Claim) -> tuple[Any, ...]:
    """What a refusal must leave as it was: the state, its version, the votes and the log."""
    session.expire_all()
    row = workflow.row_of(session, claim)
    last = session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
    return (
        row.state if row else None,
        row.version if row else None,
        count(session, ApprovalVote),
        last,
        tuple((v.id, v.version, v.status) for v in verdicts_of(session, claim)),
    )


def approve(session: Session, claim: Claim, editor: User, **kwargs: Any) -> approvals.Approval:
    arguments = {"rationale": "The ONS figure matches.", "expected_version": None, **kwargs}
    if arguments["expected_version"] is None:
        arguments["expected_version"] = version(session, claim)
    return approvals.approve(session, actor=editor, claim=claim, **arguments)


def test_one_editor_approves_with_a_rationale_when_the_quorum_is_one(
    session: Session, claim: Claim, people: dict[str, User]
) -> None:
    verdict = factories.submitted_verdict(session, claim, people["reviewer"])
    result = approve(session, claim, people["editor"], rationale="  Two sources agree.  ")
    session.commit()
    assert (result.votes, result.quorum, result.approved) == (1, 1, True)
    assert state(session, claim) is ClaimState.APPROVED
    [vote] = session.scalars(select(ApprovalVote)).all()
    assert (vote.claim_id, vote.verdict_id, vote.verdict_version) == (
        claim.id,
        verdict.id,
        verdict.version,
    )
    assert (vote.editor_id, vote.rationale) == (people["editor"].id, "Two sources agree.")
    [event] = audit_events(session, "approval_vote")
    assert event.action == "approval.vote"
    assert event.actor_id == people["editor"].id
    assert event.claim_id == claim.id
    assert event.after["rationale"] == "Two sources agree."
    assert audit_events(session, "claim_workflow")[-1].action == "claim.approve"


def test_with_a_quorum_of_two_the_claim_waits_for_the_second_editor(
    session: Session, claim: Claim, people: dict[str, User]
) -> None:
    factories.setting(session, settings.APPROVAL_QUORUM, 2, actor=people["admin"])
    factories.submitted_verdict(session, claim, people["reviewer"])
    seen = version(session, claim)
    first = approve(session, claim, people["editor"], expected_version=seen)
    session.commit()
    assert (first.votes, first.quorum, first.approved) == (1, 2, False)
    assert state(session, claim) is ClaimState.SUBMITTED
    # A vote moves no state: the second editor, who opened the claim before it, is not refused.
    second = approve(session, claim, people["second"], expected_version=seen)
    session.commit()
    assert (second.votes, second.approved) == (2, True)
    assert state(session, claim) is ClaimState.APPROVED
    editors = session.scalars(select(ApprovalVote.editor_id).order_by(ApprovalVote.id)).all()
    assert editors == [people["editor"].id, people["second"].id]


def test_a_reviewer_cannot_approve(session: Session, claim: Claim, people: dict[str, User]) -> None:
    factories.submitted_verdict(session, claim, people["reviewer"])
    before = fingerprint(session, claim)
    with pytest.raises(PermissionDenied, match="Only an editor"):
        approve(session, claim, people["reviewer"])
    session.rollback()
    assert fingerprint(session, claim) == before


def test_an_editor_cannot_approve_their_own_verdict(
    session: Session, claim: Claim, people: dict[str, User]
) -> None:
    factories.submitted_verdict(session, claim, people["editor"])
    before = fingerprint(session, claim)
    with pytest.raises(InvalidInput, match="your approval cannot count"):
        approve(session, claim, people["editor"])
    session.rollback()
    assert fingerprint(session, claim) == before
    # Another editor can.
    assert approve(session, claim, people["second"]).approved


def test_an_editor_with_an_agreeing_verdict_of_their_own_is_not_counted_either(
    session: Session, claim: Claim, people: dict[str, User]
) -> None:
    factories.submitted_verdict(session, claim, people["reviewer"])
    factories.verdict(session, claim, people["editor"], "False", submit=True)
    before = fingerprint(session, claim)
    with pytest.raises(InvalidInput, match="You gave a verdict on this claim"):
        approve(session, claim, people["editor"])
    session.rollback()
    assert fingerprint(session, claim) == before


@pytest.mark.parametrize("how", ["open", "draft", "approved"])
def test_only_a_submitted_claim_is_approved(
    session: Session, claim: Claim, people: dict[str, User], how: str
) -> None:
    if how == "draft":
        factories.verdict(session, claim, people["reviewer"], "False")
    elif how == "approved":
        factories.submitted_verdict(session, claim, people["reviewer"])
        factories.approval(session, claim, people["second"])
    before = fingerprint(session, claim)
    with pytest.raises(InvalidInput, match="cannot be approved"):
        approvals.approve(
            session,
            actor=people["editor"],
            claim=claim,
            rationale="Fine.",
            expected_version=before[1] or 1,
        )
    session.rollback()
    assert fingerprint(session, claim) == before


def test_a_verdict_with_too_few_sources_is_not_approved(
    session: Session, claim: Claim, people: dict[str, User]
) -> None:
    factories.submitted_verdict(session, claim, people["reviewer"])
    factories.setting(session, settings.MIN_SOURCES_FOR_VERDICT, 2, actor=people["admin"])
    before = fingerprint(session, claim)
    with pytest.raises(InvalidInput, match=r"needs 2 sources .* it has 1"):
        approve(session, claim, people["editor"])
    session.rollback()
    assert fingerprint(session, claim) == before


def test_submitted_verdicts_that_disagree_are_resolved_first(
    session: Session, claim: Claim, people: dict[str, User]
) -> None:
    factories.submitted_verdict(session, claim, people["reviewer"], "False")
    factories.verdict(session, claim, people["admin"], "Mostly true", submit=True)
    before = fingerprint(session, claim)
    with pytest.raises(InvalidInput, match="resolve the disagreement first") as refused:
        approve(session, claim, people["editor"])
    assert "False / Mostly true" in refused.value.message
    session.rollback()
    assert fingerprint(session, claim) == before


def test_an_editor_votes_once_for_a_version(
    session: Session, claim: Claim, people: dict[str, User]
) -> None:
    factories.setting(session, settings.APPROVAL_QUORUM, 3, actor=people["admin"])
    factories.submitted_verdict(session, claim, people["reviewer"])
    approve(session, claim, people["editor"])
    session.commit()
    before = fingerprint(session, claim)
    with pytest.raises(Conflict, match="already approved this version"):
        approve(session, claim, people["editor"])
    session.rollback()
    assert fingerprint(session, claim) == before


def test_a_decision_on_a_stale_view_of_the_claim_is_a_conflict(
    session: Session, claim: Claim, people: dict[str, User]
) -> None:
    factories.submitted_verdict(session, claim, people["reviewer"])
    seen = version(session, claim)
    approvals.send_back(
        session, actor=people["second"], claim=claim, comment="Cite the ONS.", expected_version=seen
    )
    session.commit()
    factories.verdict(
        session,
        claim,
        people["reviewer"],
        "False",
        submit=True,
        expected_version=verdicts_of(session, claim)[0].version,
    )
    before = fingerprint(session, claim)
    with pytest.raises(Conflict, match="changed this claim's state after you opened it"):
        approve(session, claim, people["editor"], expected_version=seen)
    session.rollback()
    assert fingerprint(session, claim) == before


@pytest.mark.parametrize("rationale", [None, "", "  \n ", "x" * 2_001])
def test_a_vote_needs_its_rationale(
    session: Session, claim: Claim, people: dict[str, User], rationale: str | None
) -> None:
    factories.submitted_verdict(session, claim, people["reviewer"])
    before = fingerprint(session, claim)
    with pytest.raises(InvalidInput) as refused:
        approve(session, claim, people["editor"], rationale=rationale)
    assert refused.value.field == "rationale"
    session.rollback()
    assert fingerprint(session, claim) == before


def test_sending_back_turns_the_verdict_into_a_draft_with_the_comment(
    session: Session, claim: Claim, people: dict[str, User]
) -> None:
    verdict = factories.submitted_verdict(session, claim, people["reviewer"])
    row = approvals.send_back(
        session,
        actor=people["editor"],
        claim=claim,
        comment="The ONS revised the figure; cite the revision.",
        expected_version=version(session, claim),
    )
    session.commit()
    assert row.state is ClaimState.SENT_BACK
    assert row.comment == "The ONS revised the figure; cite the revision."
    session.refresh(verdict)
    assert verdict.status is VerdictStatus.DRAFT
    [*_, drafted] = audit_events(session, "verdict")
    assert drafted.action == "verdict.update"
    assert drafted.actor_id == people["editor"].id
    assert (drafted.before["status"], drafted.after["status"]) == ("submitted", "draft")
    assert drafted.after["sent_back"] is True
    sent = audit_events(session, "claim_workflow")[-1]
    assert sent.action == "claim.send_back"
    assert sent.after["comment"] == "The ONS revised the figure; cite the revision."


def test_votes_on_a_version_sent_back_no_longer_count(
    session: Session, claim: Claim, people: dict[str, User]
) -> None:
    factories.setting(session, settings.APPROVAL_QUORUM, 2, actor=people["admin"])
    factories.submitted_verdict(session, claim, people["reviewer"])
    factories.approval(session, claim, people["editor"])
    approvals.send_back(
        session,
        actor=people["second"],
        claim=claim,
        comment="Check the year.",
        expected_version=version(session, claim),
    )
    session.commit()
    fixed = factories.verdict(
        session,
        claim,
        people["reviewer"],
        "Mostly false",
        conclusion="It was 4.0% in 2023.",
        submit=True,
        expected_version=verdicts_of(session, claim)[0].version,
    )
    assert state(session, claim) is ClaimState.SUBMITTED
    assert workflow.row_of(session, claim).comment is None
    # The second editor's vote is the first on the new version; the first editor votes again.
    assert not factories.approval(session, claim, people["second"]).approved
    again = factories.approval(session, claim, people["editor"], "Now it is right.")
    assert (again.votes, again.approved) == (2, True)
    votes = session.scalars(select(ApprovalVote).order_by(ApprovalVote.id)).all()
    assert [(v.editor_id, v.verdict_version) for v in votes] == [
        (people["editor"].id, fixed.version),
        (people["second"].id, fixed.version),
    ]
    assert votes[0].rationale == "Now it is right."
    # The history keeps the first vote as it was.
    [first, _, third] = audit_events(session, "approval_vote")
    assert first.after["rationale"] == "The sources bear it out."
    assert (third.before["rationale"], third.after["rationale"]) == (
        "The sources bear it out.",
        "Now it is right.",
    )


def test_a_changed_verdict_asks_for_its_approvals_again(
    session: Session, claim: Claim, people: dict[str, User]
) -> None:
    factories.setting(session, settings.APPROVAL_QUORUM, 2, actor=people["admin"])
    verdict = factories.submitted_verdict(session, claim, people["reviewer"])
    factories.approval(session, claim, people["editor"])
    factories.verdict(
        session,
        claim,
        people["reviewer"],
        "False",
        conclusion="It was 4.0%, not 4.2%.",
        submit=True,
        expected_version=verdict.version,
    )
    assert not factories.approval(session, claim, people["second"]).approved
    assert state(session, claim) is ClaimState.SUBMITTED


@pytest.mark.parametrize("comment", [None, "", "   "])
def test_sending_back_needs_a_comment_and_an_editor(
    session: Session, claim: Claim, people: dict[str, User], comment: str | None
) -> None:
    factories.submitted_verdict(session, claim, people["reviewer"])
    before = fingerprint(session, claim)
    with pytest.raises(InvalidInput, match="Write the comment"):
        approvals.send_back(
            session,
            actor=people["editor"],
            claim=claim,
            comment=comment,
            expected_version=before[1],
        )
    session.rollback()
    with pytest.raises(PermissionDenied):
        approvals.send_back(
            session,
            actor=people["reviewer"],
            claim=claim,
            comment="Fix it.",
            expected_version=before[1],
        )
    session.rollback()
    assert fingerprint(session, claim) == before
