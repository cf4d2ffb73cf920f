"""A reviewer's queue (what it holds, in which section), what waits for an editor's approval, the
header's counts; and the queue's and the board's query counts, the same for 10 claims as for
1,000."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask
from sqlalchemy.orm import Session

from factcheck.extensions import db
from factcheck.models import (
    ApprovalVote,
    ClaimState,
    ClaimWorkflow,
    SpeechStatus,
    User,
    Verdict,
)
from factcheck.queries import queues
from tests import factories
from tests.queries.support import Desk

TODAY = datetime.now(UTC).date()


def ids(items: list[queues.QueueItem]) -> list[int]:
    return [item.claim_id for item in items]


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


def test_the_header_counts_cost_one_query(
    app: Flask, users: dict[str, User], desk, count_queries
) -> None:
    with count_queries() as queries:
        counts = queues.header_counts(db.session, users["editor"], TODAY, editor=True)
    assert queries.count == 1
    assert counts == queues.HeaderCounts(0, 1)
