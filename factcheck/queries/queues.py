"""A reviewer's queue across speeches, the claims waiting for an editor's approval, and the
counts in the header; each in a fixed number of queries whatever the number of claims.

A reviewer's queue lists what was sent back to them first (their verdict, assigned or not),
overdue or not, then the rest of their overdue work, then what is still to do (`queries.work`
says what needs their work): each claim once. Archived speeches are out of it. It never shows
anyone's verdict: an independent second review is given without seeing the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

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
from factcheck.queries import work
from factcheck.queries.speeches import Window

QUEUE_PAGE = 50  # items of one section on a page of its own
SUMMARY_ITEMS = 10  # items of each section on the queue's first page
SECTIONS = ("sent_back", "overdue", "to_do")
S = ClaimState


class _Mine:
    """The rows of one reviewer's queue: what is assigned to them and needs their work, and what
    was sent back to them; a claim appears once, in one section.

    A claim is read with the reviewer's own assignment of it and their assignment of its speech
    (two outer joins through the unique index); only the claims those, or a verdict sent back,
    reach are read."""

    def __init__(self, reviewer_id: int, today: date) -> None:
        self.reviewer_id = reviewer_id
        self.own = own = aliased(Assignment, name="own")
        self.whole = whole = aliased(Assignment, name="whole")
        self.sent_verdict = aliased(Verdict, name="sent_verdict")
        has_own = own.id.is_not(None)
        self.due_on = sa.case((has_own, own.due_on), else_=whole.due_on)
        self.second = sa.case((has_own, own.second), else_=whole.second)
        self.state = work.claim_state()
        sent_back = sa.and_(
            ClaimWorkflow.state == S.SENT_BACK, self.sent_verdict.author_id == reviewer_id
        )
        self.sent_back = func.coalesce(sent_back, False)
        self.to_do = sa.and_(
            sa.or_(has_own, whole.id.is_not(None)),
            work.needs_work(Claim.id, Claim.status, reviewer_id, self.second),
            sa.not_(self.sent_back),
        )
        self.overdue, self.not_overdue = work.overdue(self.due_on, today)
        # The claims to read, each found through an index: the claims to check of the speeches
        # assigned to them whole, those assigned one by one, those whose verdict was sent back
        # to them. (No condition outside it that an index could serve: SQLite, which keeps no
        # statistics, would read every open claim of every speech through it instead.)
        mine = Assignment.reviewer_id == reviewer_id
        in_speeches = select(Claim.id).where(
            Claim.speech_id.in_(
                select(Assignment.speech_id).where(mine, Assignment.claim_id.is_(None))
            ),
            Claim.status == ClaimStatus.OPEN,
        )
        one_by_one = select(Assignment.claim_id).where(mine, Assignment.claim_id.is_not(None))
        sent_to_them = (
            select(ClaimWorkflow.claim_id)
            .join(Verdict, Verdict.id == ClaimWorkflow.verdict_id)
            .where(ClaimWorkflow.state == S.SENT_BACK, Verdict.author_id == reviewer_id)
        )
        self.reach = sa.union(in_speeches, one_by_one, sent_to_them).subquery("reach")

    def select(self, *columns: Any) -> sa.Select:
        own, whole, reviewer_id = self.own, self.whole, self.reviewer_id
        return (
            select(*columns)
            .select_from(self.reach)
            .join(Claim, Claim.id == self.reach.c[0])
            .join(Speech, Speech.id == Claim.speech_id)
            .outerjoin(ClaimWorkflow, ClaimWorkflow.claim_id == Claim.id)
            .outerjoin(self.sent_verdict, self.sent_verdict.id == ClaimWorkflow.verdict_id)
            .outerjoin(
                own,  # through the unique index (speech, claim, reviewer)
                sa.and_(
                    own.speech_id == Claim.speech_id,
                    own.claim_id == Claim.id,
                    own.reviewer_id == reviewer_id,
                ),
            )
            .outerjoin(
                whole,
                sa.and_(
                    whole.speech_id == Claim.speech_id,
                    whole.claim_id.is_(None),
                    whole.reviewer_id == reviewer_id,
                ),
            )
            .where(
                Speech.status != SpeechStatus.ARCHIVED,
                sa.or_(self.sent_back, self.to_do),  # to do: only a claim to check
            )
        )

    def section(self, name: str) -> sa.ColumnElement[bool]:
        if name == "sent_back":
            return self.sent_back
        if name == "overdue":
            return sa.and_(self.to_do, self.overdue)
        return sa.and_(self.to_do, self.not_overdue)


@dataclass(frozen=True)
class QueueItem:
    """A claim in a reviewer's queue, with what they need to know to start on it."""

    claim_id: int
    speech_id: int
    speech_title: str
    text: str
    restatement: str | None
    state: ClaimState
    due_on: date | None
    second: bool  # an independent second review is asked of them
    sent_back: bool
    comment: str | None  # the editor's, when sent back
    sent_back_by: str | None
    sent_back_at: datetime | None
    overdue: bool


@dataclass(frozen=True)
class QueueCounts:
    sent_back: int = 0  # overdue or not
    overdue: int = 0  # not sent back
    to_do: int = 0  # neither

    @property
    def total(self) -> int:
        return self.overdue + self.sent_back + self.to_do

    def of(self, section: str) -> int:
        return int(getattr(self, section))


@dataclass
class Queue:
    counts: QueueCounts
    sections: dict[str, list[QueueItem]]  # by SECTIONS name; the sections shown only
    shown: str | None = None  # the one section paged through, or None for the first page
    window: Window | None = None  # of that section


def queue_counts(session: Session, reviewer: User, today: date) -> QueueCounts:
    mine = _Mine(reviewer.id, today)
    row = session.execute(
        mine.select(*(func.count().filter(mine.section(name)) for name in SECTIONS))
    ).one()
    return QueueCounts(*row)


def _items(session: Session, mine: _Mine, section: str, start: int, count: int) -> list[QueueItem]:
    changed_by = aliased(User)
    rows = session.execute(
        mine.select(
            Claim.id,
            Claim.speech_id,
            Speech.title,
            Claim.text,
            Claim.restatement,
            mine.state,
            mine.due_on,
            mine.second,
            mine.sent_back,
            ClaimWorkflow.comment,
            changed_by.display_name,
            ClaimWorkflow.changed_at,
            mine.overdue,
        )
        .outerjoin(changed_by, changed_by.id == ClaimWorkflow.changed_by_id)
        .where(mine.section(section))
        .order_by(mine.due_on.is_(None), mine.due_on, Speech.id, Claim.start)
        .offset(start)
        .limit(count)
    ).all()
    return [
        QueueItem(
            claim_id=row[0],
            speech_id=row[1],
            speech_title=row[2],
            text=row[3],
            restatement=row[4],
            state=ClaimState(row[5]),
            due_on=row[6],
            second=bool(row[7]),
            sent_back=bool(row[8]),
            comment=row[9] if row[8] else None,
            sent_back_by=row[10] if row[8] else None,
            sent_back_at=row[11] if row[8] else None,
            overdue=bool(row[12]),
        )
        for row in rows
    ]


def queue(
    session: Session, reviewer: User, today: date, *, show: str | None = None, start: int = 0
) -> Queue:
    """``reviewer``'s queue: the first items of each section, or one section (``show``) from
    ``start``. Two queries for one section, four for all."""
    counts = queue_counts(session, reviewer, today)
    mine = _Mine(reviewer.id, today)
    if show in SECTIONS:
        total = counts.of(show)
        start = max(0, min(start, max(total - 1, 0)))
        items = _items(session, mine, show, start, QUEUE_PAGE)
        window = Window(start, start + len(items), total)
        return Queue(counts, {show: items}, shown=show, window=window)
    sections = {
        name: _items(session, mine, name, 0, SUMMARY_ITEMS) if counts.of(name) else []
        for name in SECTIONS
    }
    return Queue(counts, sections)


# --- waiting for approval (editors) ----------------------------------------------------------------


def _waiting(editor_id: int, *columns: Any) -> sa.Select:
    """Claims whose submitted verdict waits for this editor's vote: not theirs (an editor is not
    counted in the quorum of their own verdict) and not yet voted on, as it is now, by them."""
    voted = sa.exists().where(
        ApprovalVote.verdict_id == Verdict.id,
        ApprovalVote.editor_id == editor_id,
        ApprovalVote.verdict_version == Verdict.version,
    )
    return (
        select(*columns)
        .select_from(ClaimWorkflow)
        .join(Verdict, Verdict.id == ClaimWorkflow.verdict_id)
        .join(Speech, Speech.id == ClaimWorkflow.speech_id)
        .where(
            ClaimWorkflow.state == S.SUBMITTED,
            Speech.status != SpeechStatus.ARCHIVED,
            sa.or_(Verdict.author_id.is_(None), Verdict.author_id != editor_id),
            ~voted,
        )
    )


@dataclass(frozen=True)
class WaitingItem:
    claim_id: int
    speech_id: int
    speech_title: str
    text: str
    rating_label: str
    author: str | None
    submitted_at: datetime


def waiting_for_approval(
    session: Session, editor: User, *, start: int = 0
) -> tuple[list[WaitingItem], Window]:
    """The claims waiting for ``editor``'s approval, longest waiting first, a page at a time."""
    total = session.scalar(_waiting(editor.id, func.count())) or 0
    start = max(0, min(start, max(total - 1, 0)))
    author = aliased(User)
    rows = session.execute(
        _waiting(
            editor.id,
            Claim.id,
            Claim.speech_id,
            Speech.title,
            Claim.text,
            Verdict.rating_label,
            author.display_name,
            ClaimWorkflow.changed_at,
        )
        .join(Claim, Claim.id == ClaimWorkflow.claim_id)
        .outerjoin(author, author.id == Verdict.author_id)
        .order_by(ClaimWorkflow.changed_at, Claim.id)
        .offset(start)
        .limit(QUEUE_PAGE)
    ).all()
    items = [WaitingItem(*row) for row in rows]
    return items, Window(start, start + len(items), total)


# --- the header's counts --------------------------------------------------------------------------


@dataclass(frozen=True)
class HeaderCounts:
    my_queue: int
    waiting: int | None  # for approval by this editor; None for a reviewer


def header_counts(session: Session, user: User, today: date, *, editor: bool) -> HeaderCounts:
    """What the header shows beside "My queue" and "Waiting for approval": one query."""
    mine = _Mine(user.id, today)
    columns = [mine.select(func.count()).scalar_subquery()]
    if editor:
        columns.append(_waiting(user.id, func.count()).scalar_subquery())
    row = session.execute(select(*columns)).one()
    return HeaderCounts(row[0], row[1] if editor else None)
