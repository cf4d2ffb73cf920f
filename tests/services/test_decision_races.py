"""Editors deciding on the same claim at the same moment, each in a session of their own on a
real connection (both databases): no vote is lost, nothing is published twice, and whoever comes
second gets a result or a clean refusal. The invariants are read from the database afterwards."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.errors import Conflict, InvalidInput
from factcheck.extensions import db
from factcheck.models import (
    ApprovalVote,
    AuditEvent,
    Claim,
    ClaimState,
    ClaimStatus,
    Publication,
    Resolution,
    Role,
    Speech,
    User,
)
from factcheck.services import approvals, publishing, settings, workflow
from tests import factories

TRANSCRIPT = "Unemployment fell to 3.9% in 2023. Exports to China doubled since 2015.\n"
ROUNDS = 3

Decision = Callable[[Session, User, Claim], object]


def at_once(app: Flask, calls: list[tuple[int, int, Decision]]) -> list[str]:
    """Run each (editor id, claim id, decision) in a thread and session of its own, released
    together; each outcome: "done", or the name of the refusal."""
    barrier = threading.Barrier(len(calls), timeout=60)
    outcomes = ["not run"] * len(calls)

    def run(index: int, editor_id: int, claim_id: int, decide: Decision) -> None:
        barrier.wait()  # before touching the pool
        with app.app_context():
            session = db.session
            try:
                decide(session, session.get(User, editor_id), session.get(Claim, claim_id))
                session.commit()
                outcomes[index] = "done"
            except (Conflict, InvalidInput) as exc:
                session.rollback()
                outcomes[index] = type(exc).__name__
            except Exception as exc:  # reported, so the test fails saying what
                session.rollback()
                outcomes[index] = f"error: {exc!r}"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, *call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def editors(session: Session, n: int) -> list[int]:
    return [factories.user(session, f"editor{i}@example.org", Role.EDITOR).id for i in range(n)]


def submitted_claim(session: Session, reviewer: User) -> tuple[int, int]:
    """A new speech's first claim with a submitted verdict; its id and its workflow version."""
    speech = factories.speech(session, TRANSCRIPT)
    claim = session.scalars(
        select(Claim)
        .where(Claim.speech_id == speech.id, Claim.status == ClaimStatus.OPEN)
        .order_by(Claim.start)
    ).first()
    factories.submitted_verdict(session, claim, reviewer)
    return claim.id, workflow.row_of(session, claim).version


def approve(version: int) -> Decision:
    return lambda s, editor, claim: approvals.approve(
        s, actor=editor, claim=claim, rationale=f"{editor.email} agrees.", expected_version=version
    )


def publish(version: int | None) -> Decision:
    return lambda s, editor, claim: publishing.publish(
        s, actor=editor, claim=claim, expected_version=version
    )


def publish_speech(speech_id: int) -> Decision:
    return lambda s, editor, claim: publishing.publish_speech(
        s, actor=editor, speech=s.get(Speech, speech_id)
    )


def with_note(decide: Callable[..., object], note: str, version: int) -> Decision:
    return lambda s, editor, claim: decide(
        s, actor=editor, claim=claim, note=note, expected_version=version
    )


def audited(session: Session, claim_id: int, action: str) -> int:
    return session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.claim_id == claim_id, AuditEvent.action == action)
    )


@pytest.mark.usefixtures("scale")
@pytest.mark.parametrize(("quorum", "voters"), [(2, 2), (1, 2), (3, 5)])
def test_editors_approving_at_once_lose_no_vote(
    app: Flask, session: Session, users: dict[str, User], quorum: int, voters: int
) -> None:
    admin = session.get(User, users["admin"].id)
    factories.setting(session, settings.APPROVAL_QUORUM, quorum, actor=admin)
    ids = editors(session, voters)
    for _ in range(ROUNDS):
        claim_id, version = submitted_claim(session, session.get(User, users["reviewer"].id))
        session.close()
        outcomes = at_once(app, [(e, claim_id, approve(version)) for e in ids])
        # Votes up to the quorum are all counted; once it is reached the claim's state has
        # moved, and later votes, given on the state before, are refused as conflicts.
        assert sorted(outcomes) == ["Conflict"] * (voters - quorum) + ["done"] * quorum, outcomes
        claim = session.get(Claim, claim_id)
        assert workflow.current_state(session, claim) is ClaimState.APPROVED
        votes = session.scalars(
            select(ApprovalVote.editor_id).where(ApprovalVote.claim_id == claim_id)
        ).all()
        assert len(votes) == len(set(votes)) == outcomes.count("done")
        assert audited(session, claim_id, "approval.vote") == outcomes.count("done")
        assert audited(session, claim_id, "claim.approve") == 1


@pytest.mark.usefixtures("scale")
def test_editors_publishing_at_once_publish_once(
    app: Flask, session: Session, users: dict[str, User]
) -> None:
    ids = editors(session, 3)
    for _ in range(ROUNDS):
        claim_id, _ = submitted_claim(session, session.get(User, users["reviewer"].id))
        claim = session.get(Claim, claim_id)
        factories.approval(session, claim, session.get(User, ids[0]))
        seen = workflow.row_of(session, claim).version
        speech_id = claim.speech_id
        session.close()

        outcomes = at_once(
            app,
            [
                (ids[0], claim_id, publish(seen)),
                (ids[1], claim_id, publish(None)),
                (ids[2], claim_id, publish_speech(speech_id)),
            ],
        )
        assert outcomes.count("done") == 1, outcomes
        assert set(outcomes) <= {"done", "Conflict", "InvalidInput"}, outcomes
        numbers = session.scalars(
            select(Publication.number).where(Publication.claim_id == claim_id)
        ).all()
        assert numbers == [1]
        assert audited(session, claim_id, "claim.publish") == 1
        claim = session.get(Claim, claim_id)
        assert workflow.current_state(session, claim) is ClaimState.PUBLISHED


@pytest.mark.usefixtures("scale")
def test_a_correction_and_a_withdrawal_at_once_leave_one_story(
    app: Flask, session: Session, users: dict[str, User]
) -> None:
    ids = editors(session, 2)
    for _ in range(ROUNDS):
        reviewer = session.get(User, users["reviewer"].id)
        claim_id, _ = submitted_claim(session, reviewer)
        claim = session.get(Claim, claim_id)
        factories.approval(session, claim, session.get(User, ids[0]))
        factories.publication(session, claim, session.get(User, ids[0]))
        verdict = approvals.submitted_verdicts(session, claim)[0]
        factories.verdict(
            session,
            claim,
            reviewer,
            "Mostly true",
            conclusion="Revised.",
            submit=True,
            expected_version=verdict.version,
        )
        seen = workflow.row_of(session, claim).version
        session.close()
        outcomes = at_once(
            app,
            [
                (ids[0], claim_id, with_note(publishing.correct, "Revised figure.", seen)),
                (ids[1], claim_id, with_note(publishing.withdraw, "Void.", seen)),
            ],
        )
        assert sorted(outcomes) == ["Conflict", "done"], outcomes
        kinds = session.scalars(
            select(Publication.kind)
            .where(Publication.claim_id == claim_id)
            .order_by(Publication.number)
        ).all()
        assert len(kinds) == 2
        claim = session.get(Claim, claim_id)
        expected = ClaimState.PUBLISHED if kinds[1].value == "correction" else ClaimState.WITHDRAWN
        assert workflow.current_state(session, claim) is expected


def settle(verdict_id: int, version: int) -> Decision:
    return lambda s, editor, claim: approvals.resolve(
        s,
        actor=editor,
        claim=claim,
        verdict_id=verdict_id,
        rationale=f"{editor.email} chose.",
        expected_version=version,
    )


@pytest.mark.usefixtures("scale")
def test_editors_settling_a_disagreement_at_once_settle_it_once(
    app: Flask, session: Session, users: dict[str, User]
) -> None:
    ids = editors(session, 2)
    second = factories.user(session, "second.reviewer@example.org", Role.REVIEWER).id
    for _ in range(ROUNDS):
        claim_id, _ = submitted_claim(session, session.get(User, users["reviewer"].id))
        claim = session.get(Claim, claim_id)
        factories.verdict(session, claim, session.get(User, second), "Mostly true", submit=True)
        session.commit()
        first, other = (v.id for v in approvals.submitted_verdicts(session, claim))
        seen = workflow.row_of(session, claim).version
        session.close()

        outcomes = at_once(
            app, [(ids[0], claim_id, settle(first, seen)), (ids[1], claim_id, settle(other, seen))]
        )
        assert sorted(outcomes) == ["Conflict", "done"], outcomes
        [resolution] = session.scalars(
            select(Resolution).where(Resolution.claim_id == claim_id)
        ).all()
        row = workflow.row_of(session, session.get(Claim, claim_id))
        assert (row.resolution_id, row.verdict_id) == (resolution.id, resolution.verdict_id)
        assert audited(session, claim_id, "disagreement.resolve") == 1
