"""A reviewer's queue (what it holds, in which section), what waits for an editor's approval, the
header's counts; and the queue's and the board's query counts, the same for 10 claims as for
1,000."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.extensions import db
from factcheck.models import (
    ApprovalVote,
    ClaimState,
    ClaimWorkflow,
    Role,
    SpeechStatus,
    User,
    Verdict,
)
from factcheck.queries import queues
from tests import factories
from tests.helpers import login
from tests.queries.support import Desk, claims_to_check

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


# --- query counts ---------------------------------------------------------------------------------


def busy_speech(app: Flask, lines: int) -> tuple[int, str, str]:
    """A speech of ``lines`` claims with work in every section: assigned whole to a reviewer
    (overdue), claims to a colleague, a verdict sent back, a disagreement, a second review.
    Returns the speech's id and the two reviewers' e-mails."""
    with factories.seeding(app) as session:
        factories.rating_scale(session)
        editor = session.scalar(select(User).where(User.role == Role.EDITOR))
        suffix = f"{lines}@example.org"
        ana = factories.user(session, f"ana{suffix}", display_name=f"Ana {lines}")
        bo = factories.user(session, f"bo{suffix}", display_name=f"Bo {lines}")
        speech = factories.speech(session, factories.numbered_transcript(lines))
        claims = claims_to_check(session, speech)
        whole = factories.assignment(
            session, speech, ana, actor=editor, due_on=TODAY + timedelta(days=1)
        )
        factories.overdue(session, whole)
        factories.assignment(session, speech, bo, actor=editor, claims=claims[:3])
        factories.submitted_verdict(session, claims[0], ana, "True")
        factories.submitted_verdict(session, claims[0], bo, "False")
        factories.submitted_verdict(session, claims[1], ana)
        factories.sent_back(session, claims[1], editor)
        factories.assignment(session, speech, ana, actor=editor, claims=[claims[2]], second=True)
        return speech.id, ana.email, bo.email


def test_queue_and_board_queries_do_not_grow_with_claims(
    app: Flask, users: dict[str, User], count_queries
) -> None:
    editor = app.test_client()
    assert login(editor, users["editor"].email).status_code == 302

    def queries_for(lines: int) -> tuple[int, int, int]:
        speech_id, ana_email, _ = busy_speech(app, lines)
        ana = app.test_client()
        assert login(ana, ana_email).status_code == 302
        counted = []
        for client, path in (
            (ana, "/desk/queue"),
            (ana, "/desk/queue?show=to_do&page=2"),
            (editor, f"/desk/speeches/{speech_id}/board"),
        ):
            client.get(path)  # warm up
            with count_queries() as queries:
                response = client.get(path)
            assert response.status_code == 200
            counted.append(queries.count)
        page = ana.get("/desk/queue").get_data(as_text=True)
        # Every claim but the first, which has submitted verdicts (Ana's among them).
        assert f"My queue ({lines - 1})" in page
        return tuple(counted)

    small, large = queries_for(10), queries_for(1000)
    assert small == large
    queue, section, board = large
    # The log-in, the header's counts, the queue's counts and a list per section shown (or one).
    assert queue <= 6
    assert section <= 4
    # The log-in, the header's counts, the speech, and the board's twelve reads.
    assert board <= 15
