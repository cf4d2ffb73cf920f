"""An editor's board of a speech: claims by state, who is assigned what and how much is left,
overdue work, disagreements waiting. Its query count is guarded in test_queues."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from factcheck.models import ClaimState, User
from factcheck.queries import board as board_reads
from tests import factories
from tests.queries.support import Desk

TODAY = datetime.now(UTC).date()


def test_the_board_shows_states_reviewers_overdue_work_and_disagreements(
    session: Session, users: dict[str, User], desk: Desk
) -> None:
    speech, first, second, third, whole, colleague = (
        desk.speech,
        desk.first,
        desk.second,
        desk.third,
        desk.whole,
        desk.colleague,
    )
    reviewer, editor = users["reviewer"], users["editor"]
    factories.assignment(session, speech, colleague, actor=editor, claims=[first, second])
    factories.submitted_verdict(session, third, reviewer, "Mostly true")  # disagrees: "False"
    factories.overdue(session, whole, days=2)
    board = board_reads.board(session, speech, TODAY)

    assert board.state_counts[ClaimState.OPEN] == 1
    assert board.state_counts[ClaimState.SENT_BACK] == 1
    assert board.state_counts[ClaimState.SUBMITTED] == 1
    assert board.state_counts[ClaimState.DISMISSED] == 2  # the greeting and the thanks
    assert board.total == 5
    assert [row.claim.id for row in board.claims][1:4] == [first.id, second.id, third.id]

    listed = {row.claim.id: row for row in board.claims}
    assert [(a.assignment.reviewer_id, a.whole_speech) for a in listed[third.id].assignees] == [
        (reviewer.id, False)
    ]
    assert {(a.assignment.reviewer_id, a.whole_speech) for a in listed[first.id].assignees} == {
        (colleague.id, False),
        (reviewer.id, True),
    }
    assert [a.overdue for a in listed[second.id].assignees if a.whole_speech] == [True]

    loads = {load.reviewer.id: load for load in board.reviewers}
    mine = loads[reviewer.id]
    assert (mine.whole_speech.id, mine.own_claims, mine.claims) == (whole[0].id, 1, 3)
    # The first claim is open and the second sent back to them (both to do, overdue); the third
    # is their submitted second review. The colleague has the first to do, not the second.
    assert (mine.to_do, mine.overdue) == (2, 2)
    assert (loads[colleague.id].claims, loads[colleague.id].to_do) == (2, 1)
    assert loads[colleague.id].overdue == 0

    assert board.overdue_count == 2
    assert [(o.reviewer, o.due_on, o.claim_ids) for o in board.overdue] == [
        (reviewer.display_name, TODAY - timedelta(days=2), [first.id, second.id])
    ]

    assert board.disagreement_count == 1
    (disagreement,) = board.disagreements
    assert disagreement.claim_id == third.id
    assert sorted(v.label for v in disagreement.verdicts) == ["False", "Mostly true"]

    submitted = board_reads.board(session, speech, TODAY, state="submitted")
    assert [row.claim.id for row in submitted.claims] == [third.id]
    assert submitted.window.total == 1


def test_verdicts_that_agree_are_no_disagreement(
    session: Session, users: dict[str, User], desk: Desk
) -> None:
    speech, third = desk.speech, desk.third
    factories.submitted_verdict(session, third, users["reviewer"], "False")
    assert board_reads.board(session, speech, TODAY).disagreement_count == 0
