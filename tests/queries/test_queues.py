"""The work queues: what a reviewer's queue holds and in which section, what waits for an
editor's approval, the editor's board of a speech, and their query counts, the same for 10
claims as for 1,000."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.extensions import db
from factcheck.models import (
    ApprovalVote,
    Assignment,
    Claim,
    ClaimState,
    ClaimStatus,
    ClaimWorkflow,
    Speech,
    SpeechStatus,
    User,
    Verdict,
)
from factcheck.queries import queues
from tests import factories

TODAY = datetime.now(UTC).date()


def claims_to_check(session: Session, speech: Speech) -> list[Claim]:
    return list(
        session.scalars(
            select(Claim)
            .where(Claim.speech_id == speech.id, Claim.status == ClaimStatus.OPEN)
            .order_by(Claim.start)
        )
    )


def ids(items: list[queues.QueueItem]) -> list[int]:
    return [item.claim_id for item in items]


@dataclass
class Desk:
    speech: Speech
    first: Claim
    second: Claim
    third: Claim
    whole: list[Assignment]  # the reviewer's assignment of the whole speech
    colleague: User


@pytest.fixture
def desk(session: Session, users: dict[str, User]) -> Desk:
    """A speech of three claims assigned whole to the reviewer: the first open, the second
    their verdict sent back, the third submitted by a colleague and asked of the reviewer as a
    second review."""
    factories.rating_scale(session)
    speech = factories.speech(session, title="Budget speech")
    first, second, third = claims_to_check(session, speech)
    editor, reviewer = users["editor"], users["reviewer"]
    colleague = factories.user(session, "bo@example.org", display_name="Bo")
    whole = factories.assignment(session, speech, reviewer, actor=editor)
    factories.submitted_verdict(session, second, reviewer, "True")
    factories.sent_back(session, second, editor, "Check the year.")
    factories.submitted_verdict(session, third, colleague, "False")
    factories.assignment(session, speech, reviewer, actor=editor, claims=[third], second=True)
    return Desk(speech, first, second, third, whole, colleague)


def test_a_reviewers_queue_holds_their_work_each_claim_once(
    session: Session, users: dict[str, User], desk: Desk
) -> None:
    first, second, third, whole = desk.first, desk.second, desk.third, desk.whole
    reviewer = users["reviewer"]
    mine = queues.queue(session, reviewer, TODAY)
    assert ids(mine.sections["overdue"]) == []
    assert ids(mine.sections["sent_back"]) == [second.id]
    assert ids(mine.sections["to_do"]) == [first.id, third.id]
    assert mine.counts == queues.QueueCounts(overdue=0, sent_back=1, to_do=2)
    sent = mine.sections["sent_back"][0]
    assert (sent.state, sent.comment, sent.sent_back_by) == (
        ClaimState.SENT_BACK,
        "Check the year.",
        users["editor"].display_name,
    )
    todo = {item.claim_id: item for item in mine.sections["to_do"]}
    assert (todo[first.id].state, todo[first.id].second) == (ClaimState.OPEN, False)
    # The claim's own assignment stands before the speech's: a second review, though submitted.
    assert (todo[third.id].state, todo[third.id].second) == (ClaimState.SUBMITTED, True)
    assert todo[first.id].speech_title == "Budget speech"

    # Time passes: the whole speech was due yesterday; the second review has no due date.
    factories.overdue(session, whole)
    mine = queues.queue(session, reviewer, TODAY)
    assert ids(mine.sections["sent_back"]) == [second.id]  # first, overdue or not
    assert ids(mine.sections["overdue"]) == [first.id]
    assert ids(mine.sections["to_do"]) == [third.id]
    assert [i.overdue for s in queues.SECTIONS for i in mine.sections[s]] == [True, True, False]
    assert queues.header_counts(session, reviewer, TODAY, editor=False) == queues.HeaderCounts(
        3, None
    )


def test_work_leaves_the_queue_once_done(
    session: Session, users: dict[str, User], desk: Desk
) -> None:
    first, third, colleague = desk.first, desk.third, desk.colleague
    reviewer = users["reviewer"]
    factories.submitted_verdict(session, third, reviewer, "Mostly true")  # the second review
    factories.submitted_verdict(session, first, colleague, "True")  # a first review by anyone
    mine = queues.queue(session, reviewer, TODAY)
    assert mine.counts == queues.QueueCounts(overdue=0, sent_back=1, to_do=0)
    # The colleague's queue: nothing assigned, nothing sent back to them.
    assert queues.queue(session, colleague, TODAY).counts.total == 0


def test_one_section_is_paged_through(session: Session, users: dict[str, User], desk: Desk) -> None:
    third = desk.third
    shown = queues.queue(session, users["reviewer"], TODAY, show="to_do", start=1)
    assert (shown.shown, ids(shown.sections["to_do"])) == ("to_do", [third.id])
    assert (shown.window.start, shown.window.end, shown.window.total) == (1, 2, 2)


def test_archived_speeches_and_dismissed_spans_are_out_of_the_queue(
    session: Session, users: dict[str, User]
) -> None:
    editor, reviewer = users["editor"], users["reviewer"]
    speech = factories.speech(session)
    factories.assignment(session, speech, reviewer, actor=editor)
    assert queues.queue_counts(session, reviewer, TODAY).to_do == 3  # not the greeting, the thanks
    speech.status = SpeechStatus.ARCHIVED
    session.commit()
    assert queues.queue_counts(session, reviewer, TODAY).total == 0


def test_verdicts_wait_for_each_editors_vote_but_never_their_own(
    session: Session, users: dict[str, User], desk: Desk
) -> None:
    first, third = desk.first, desk.third
    editor, admin = users["editor"], users["admin"]
    own = factories.submitted_verdict(session, first, editor, "True")
    waiting = {
        person: [i.claim_id for i in queues.waiting_for_approval(session, person)[0]]
        for person in (editor, admin)
    }
    assert waiting == {editor: [third.id], admin: [third.id, first.id]}
    verdict = session.get(Verdict, session.get(ClaimWorkflow, third.id).verdict_id)
    session.add(
        ApprovalVote(
            claim_id=third.id,
            verdict_id=verdict.id,
            verdict_version=verdict.version,
            editor_id=editor.id,
            rationale="Sound.",
        )
    )
    session.commit()
    assert queues.waiting_for_approval(session, editor)[0] == []
    counts = queues.header_counts(session, admin, TODAY, editor=True)
    assert counts.waiting == 2
    assert own.author_id == editor.id


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
    board = queues.board(session, speech, TODAY)

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

    submitted = queues.board(session, speech, TODAY, state="submitted")
    assert [row.claim.id for row in submitted.claims] == [third.id]
    assert submitted.window.total == 1


def test_verdicts_that_agree_are_no_disagreement(
    session: Session, users: dict[str, User], desk: Desk
) -> None:
    speech, third = desk.speech, desk.third
    factories.submitted_verdict(session, third, users["reviewer"], "False")
    assert queues.board(session, speech, TODAY).disagreement_count == 0


def test_the_header_counts_cost_one_query(
    app: Flask, users: dict[str, User], desk, count_queries
) -> None:
    with count_queries() as queries:
        counts = queues.header_counts(db.session, users["editor"], TODAY, editor=True)
    assert queries.count == 1
    assert counts == queues.HeaderCounts(0, 1)
