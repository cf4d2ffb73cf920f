"""Settling submitted verdicts that disagree: an editor who gave neither chooses the verdict that
stands, with a reason; both verdicts and the settlement stay on record, and any change of the
verdicts opens the disagreement again. Every refusal changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.errors import Conflict, InvalidInput, PermissionDenied
from factcheck.models import (
    AuditEvent,
    Claim,
    ClaimState,
    ClaimStatus,
    Resolution,
    Role,
    User,
    Verdict,
    VerdictStatus,
)
from factcheck.services import approvals, publishing, workflow
from tests import factories
from tests.services.support import count, verdicts_of

pytestmark = pytest.mark.usefixtures("scale")


@pytest.fixture
def people(session: Session, users: dict[str, User]) -> dict[str, User]:
    second = factories.user(session, "second.reviewer@example.org", Role.REVIEWER)
    found = {role: session.get(User, person.id) for role, person in users.items()}
    return {**found, "second": second}


@pytest.fixture
def disagreeing(session: Session, claim: Claim, people: dict[str, User]) -> tuple[Verdict, Verdict]:
    """The reviewer says False; the second reviewer, Mostly true. Both submitted."""
    first = factories.submitted_verdict(session, claim, people["reviewer"], "False")
    second = factories.verdict(session, claim, people["second"], "Mostly true", submit=True)
    session.commit()
    return first, second


def resolve(session: Session, claim: Claim, actor: User, verdict: Verdict | None, **kw: Any):
    arguments = {"rationale": "The census figure is the right one.", **kw}
    arguments.setdefault("expected_version", workflow.row_of(session, claim).version)
    return approvals.resolve(
        session,
        actor=actor,
        claim=claim,
        verdict_id=verdict.id if verdict is not None else None,
        **arguments,
    )


def fingerprint(session: Session, claim: Claim) -> tuple[Any, ...]:
    session.expire_all()
    row = workflow.row_of(session, claim)
    last = session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
    return (
        row.state,
        row.version,
        row.verdict_id,
        row.resolution_id,
        count(session, Resolution),
        last,
        tuple((v.id, v.version, v.status) for v in verdicts_of(session, claim)),
    )


def test_an_editor_settles_a_disagreement_and_the_claim_can_be_approved(
    session: Session, claim: Claim, people: dict[str, User], disagreeing
) -> None:
    first, second = disagreeing
    with pytest.raises(InvalidInput, match="resolve the disagreement first"):
        factories.approval(session, claim, people["editor"])
    session.rollback()

    resolution = resolve(session, claim, people["editor"], first)
    session.commit()

    row = workflow.row_of(session, claim)
    assert (row.state, row.verdict_id, row.resolution_id) == (
        ClaimState.SUBMITTED,
        first.id,
        resolution.id,
    )
    assert resolution.rating_label == "False"
    assert resolution.rationale == "The census figure is the right one."
    assert resolution.resolved_by_id == people["editor"].id
    assert [(v["id"], v["rating_label"], v["author"]) for v in resolution.verdicts] == [
        (first.id, "False", people["reviewer"].display_name),
        (second.id, "Mostly true", people["second"].display_name),
    ]
    [event] = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "disagreement.resolve")
    ).all()
    assert (event.object_id, event.claim_id, event.actor_id) == (
        resolution.id,
        claim.id,
        people["editor"].id,
    )

    vote = factories.approval(session, claim, people["editor"])
    assert vote.approved
    assert vote.vote.verdict_id == first.id
    # Both verdicts stay as their reviewers submitted them: agreement is measured on them.
    assert {v.id: v.status for v in verdicts_of(session, claim)} == {
        first.id: VerdictStatus.SUBMITTED,
        second.id: VerdictStatus.SUBMITTED,
    }
    published = factories.publication(session, claim, people["editor"])
    assert published.content["verdict"]["id"] == first.id


def test_a_changed_verdict_opens_the_disagreement_again(
    session: Session, claim: Claim, people: dict[str, User], disagreeing
) -> None:
    first, second = disagreeing
    resolution = resolve(session, claim, people["editor"], second)
    session.commit()
    factories.verdict(
        session,
        claim,
        people["reviewer"],
        "False",
        conclusion="Still false, with a new source.",
        submit=True,
        expected_version=first.version,
    )
    session.commit()
    assert workflow.row_of(session, claim).resolution_id is None
    with pytest.raises(InvalidInput, match="resolve the disagreement first"):
        factories.approval(session, claim, people["editor"])
    session.rollback()
    assert session.get(Resolution, resolution.id) is not None  # the record keeps it


def test_sending_back_ends_the_settlement(
    session: Session, claim: Claim, people: dict[str, User], disagreeing
) -> None:
    resolve(session, claim, people["editor"], disagreeing[0])
    session.commit()
    approvals.send_back(
        session,
        actor=people["editor"],
        claim=claim,
        comment="Both of you: look at the 2021 census.",
        expected_version=workflow.row_of(session, claim).version,
    )
    session.commit()
    assert workflow.row_of(session, claim).resolution_id is None


def test_a_published_claim_whose_verdicts_disagree_is_settled_before_a_correction(
    session: Session, claim: Claim, people: dict[str, User]
) -> None:
    first = factories.submitted_verdict(session, claim, people["reviewer"], "False")
    factories.approval(session, claim, people["editor"])
    factories.publication(session, claim, people["editor"])
    later = factories.verdict(session, claim, people["second"], "Mostly true", submit=True)
    session.commit()
    with pytest.raises(InvalidInput, match="resolve the disagreement first"):
        publishing.correct(session, actor=people["admin"], claim=claim, note="A second look.")
    session.rollback()
    resolve(session, claim, people["admin"], later)
    session.commit()
    corrected = publishing.correct(
        session, actor=people["admin"], claim=claim, note="A second look found it mostly true."
    )
    session.commit()
    assert corrected.content["verdict"]["id"] == later.id != first.id
    assert corrected.content["verdict"]["rating"]["label"] == "Mostly true"


@pytest.mark.parametrize(
    ("who", "choose", "kwargs", "error", "message"),
    [
        ("reviewer", 0, {}, PermissionDenied, "Only an editor"),
        ("editor", None, {}, InvalidInput, "Choose one of the submitted verdicts"),
        ("editor", 0, {"rationale": "   "}, InvalidInput, "rationale"),
        ("editor", 0, {"expected_version": "stale"}, Conflict, "changed"),
    ],
)
def test_refusals_change_nothing(
    session: Session,
    claim: Claim,
    people: dict[str, User],
    disagreeing,
    who: str,
    choose: int | None,
    kwargs: dict[str, Any],
    error: type[Exception],
    message: str,
) -> None:
    before = fingerprint(session, claim)
    if kwargs.get("expected_version") == "stale":  # a view from before the second verdict
        kwargs = {"expected_version": workflow.row_of(session, claim).version - 1}
    verdict = disagreeing[choose] if choose is not None else None
    with pytest.raises(error, match=message):
        resolve(session, claim, people[who], verdict, **kwargs)
    session.rollback()
    assert fingerprint(session, claim) == before


def test_an_author_of_either_verdict_cannot_settle_it(
    session: Session, claim: Claim, people: dict[str, User]
) -> None:
    factories.submitted_verdict(session, claim, people["reviewer"], "False")
    mine = factories.verdict(session, claim, people["editor"], "Mostly true", submit=True)
    session.commit()
    before = fingerprint(session, claim)
    with pytest.raises(InvalidInput, match="You gave one of the verdicts"):
        resolve(session, claim, people["editor"], mine)
    session.rollback()
    assert fingerprint(session, claim) == before


def test_verdicts_that_agree_need_no_settling(
    session: Session, claim: Claim, people: dict[str, User]
) -> None:
    first = factories.submitted_verdict(session, claim, people["reviewer"], "False")
    factories.verdict(session, claim, people["second"], "False", submit=True)
    session.commit()
    before = fingerprint(session, claim)
    with pytest.raises(InvalidInput, match="agree"):
        resolve(session, claim, people["editor"], first)
    session.rollback()
    assert fingerprint(session, claim) == before


def test_another_claims_verdict_cannot_be_chosen(
    session: Session, claim: Claim, people: dict[str, User], disagreeing, speech
) -> None:
    other = session.scalars(
        select(Claim).where(
            Claim.speech_id == speech.id, Claim.id != claim.id, Claim.status == ClaimStatus.OPEN
        )
    ).first()
    elsewhere = factories.submitted_verdict(session, other, people["reviewer"], "False")
    session.commit()
    before = fingerprint(session, claim)
    with pytest.raises(InvalidInput, match="Choose one of the submitted verdicts"):
        resolve(session, claim, people["editor"], elsewhere)
    session.rollback()
    assert fingerprint(session, claim) == before
