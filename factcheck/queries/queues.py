"""Work queues: a reviewer's queue across speeches, the editors' claims waiting for approval, an
editor's board of one speech, and the counts in the header; each in a fixed number of queries
whatever the number of claims and assignments.

Who is assigned a claim: a reviewer assigned the claim itself, or its whole speech; for that
reviewer the claim's own assignment (its due date, whether it asks for a second review) stands
before the speech's. What still needs their work:

- a first review: a claim to check that is open or in review (nobody has submitted a verdict);
- a second review: a claim to check, not published or withdrawn, on which they have not
  submitted a verdict of their own;
- sent back: a claim an editor sent back whose verdict they wrote, assigned or not.

Overdue: needing their work, due before today. Archived speeches are out of every queue.
A reviewer's queue never shows another reviewer's verdict (an independent second review is
given without seeing the first); the board, which does, is the editors'.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased, joinedload

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
    VerdictStatus,
)
from factcheck.queries.speeches import Window

QUEUE_PAGE = 50  # items of one section on a page of its own
SUMMARY_ITEMS = 10  # items of each section on the queue's first page
BOARD_PAGE = 50  # claims listed on a page of the board
BOARD_LISTED = 50  # overdue work and disagreements listed on the board

S = ClaimState
SECTIONS = ("overdue", "sent_back", "to_do")
# A disagreement waits for an editor until the claim is approved (or beyond).
_UNDECIDED = (S.OPEN, S.IN_REVIEW, S.SUBMITTED, S.SENT_BACK)


def claim_state() -> sa.ColumnElement[str]:
    """A claim's state, as `services.workflow.state_of` reads it, in SQL: dismissed as the claim
    says, else its workflow row's (open without one). ClaimWorkflow is outer-joined."""
    stored = sa.type_coerce(ClaimWorkflow.state, sa.String)
    return sa.case(
        (Claim.status == ClaimStatus.DISMISSED, sa.literal(S.DISMISSED.value, sa.String)),
        else_=func.coalesce(stored, sa.literal(S.OPEN.value, sa.String)),
    )


def _covered(*where: sa.ColumnElement[bool]) -> sa.CTE:
    """Each (claim, reviewer) the assignments meeting ``where`` cover, with the assignment that
    stands for it: the claim's own, else its speech's."""
    own = aliased(Assignment)
    columns = (
        Assignment.id.label("assignment_id"),
        Assignment.reviewer_id,
        Assignment.speech_id,
        Assignment.due_on,
        Assignment.second,
    )
    whole = (
        select(*columns, Claim.id.label("claim_id"), sa.literal(0).label("own"))
        .join(Claim, Claim.speech_id == Assignment.speech_id)
        .where(
            Assignment.claim_id.is_(None),
            *where,
            ~sa.exists().where(own.claim_id == Claim.id, own.reviewer_id == Assignment.reviewer_id),
        )
    )
    single = select(*columns, Assignment.claim_id, sa.literal(1).label("own")).where(
        Assignment.claim_id.is_not(None), *where
    )
    return sa.union_all(whole, single).cte("covered")


def _needs_work(covered: sa.CTE, state: sa.ColumnElement[str]) -> sa.ColumnElement[bool]:
    """Whether the claim still needs the covered reviewer's work (module docstring)."""
    own_submitted = sa.exists().where(
        Verdict.claim_id == Claim.id,
        Verdict.author_id == covered.c.reviewer_id,
        Verdict.status == VerdictStatus.SUBMITTED,
    )
    return sa.and_(
        Claim.status == ClaimStatus.OPEN,
        sa.or_(
            sa.and_(sa.not_(covered.c.second), state.in_([S.OPEN.value, S.IN_REVIEW.value])),
            sa.and_(
                covered.c.second,
                ~own_submitted,
                state.not_in([S.PUBLISHED.value, S.WITHDRAWN.value]),
            ),
        ),
    )


def _overdue(covered: sa.CTE, today: date) -> tuple[sa.ColumnElement[bool], ...]:
    """(overdue, not overdue): a due date before today; without one, never overdue."""
    due = covered.c.due_on
    return sa.and_(due.is_not(None), due < today), sa.or_(due.is_(None), due >= today)


# --- a reviewer's queue ---------------------------------------------------------------------------


class _Mine:
    """The rows of one reviewer's queue: what is assigned to them and needs their work, and what
    was sent back to them; a claim appears once, in one section."""

    def __init__(self, reviewer_id: int, today: date) -> None:
        self.covered = _covered(Assignment.reviewer_id == reviewer_id)
        self.sent_verdict = aliased(Verdict)
        sent = (
            select(ClaimWorkflow.claim_id)
            .join(self.sent_verdict, self.sent_verdict.id == ClaimWorkflow.verdict_id)
            .where(ClaimWorkflow.state == S.SENT_BACK, self.sent_verdict.author_id == reviewer_id)
        )
        self.candidates = sa.union(select(self.covered.c.claim_id), sent).subquery("candidate")
        self.state = claim_state()
        self.sent_back = sa.and_(
            ClaimWorkflow.state == S.SENT_BACK, self.sent_verdict.author_id == reviewer_id
        )
        self.to_do = sa.and_(
            self.covered.c.assignment_id.is_not(None),
            _needs_work(self.covered, self.state),
            sa.not_(sa.func.coalesce(self.sent_back, False)),
        )
        self.overdue, self.not_overdue = _overdue(self.covered, today)

    def select(self, *columns: Any) -> sa.Select:
        return (
            select(*columns)
            .select_from(self.candidates)
            .join(Claim, Claim.id == self.candidates.c.claim_id)
            .join(Speech, Speech.id == Claim.speech_id)
            .outerjoin(ClaimWorkflow, ClaimWorkflow.claim_id == Claim.id)
            .outerjoin(self.sent_verdict, self.sent_verdict.id == ClaimWorkflow.verdict_id)
            .outerjoin(self.covered, self.covered.c.claim_id == Claim.id)
            .where(
                Speech.status != SpeechStatus.ARCHIVED,
                Claim.status == ClaimStatus.OPEN,
                sa.or_(self.sent_back, self.to_do),
            )
        )

    def section(self, name: str) -> sa.ColumnElement[bool]:
        if name == "overdue":
            return self.overdue
        if name == "sent_back":
            return sa.and_(self.sent_back, self.not_overdue)
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
    overdue: int = 0
    sent_back: int = 0  # not overdue
    to_do: int = 0  # not overdue, not sent back

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
    covered = mine.covered
    rows = session.execute(
        mine.select(
            Claim.id,
            Claim.speech_id,
            Speech.title,
            Claim.text,
            Claim.restatement,
            mine.state,
            covered.c.due_on,
            covered.c.second,
            func.coalesce(mine.sent_back, False),
            ClaimWorkflow.comment,
            changed_by.display_name,
            ClaimWorkflow.changed_at,
        )
        .outerjoin(changed_by, changed_by.id == ClaimWorkflow.changed_by_id)
        .where(mine.section(section))
        .order_by(covered.c.due_on.is_(None), covered.c.due_on, Speech.id, Claim.start)
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
            overdue=section == "overdue",
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


# --- an editor's board of one speech -------------------------------------------------------------


BOARD_STATES = ("all", *(s.value for s in ClaimState))


@dataclass(frozen=True)
class Assignee:
    """Someone assigned to a listed claim, by its own assignment or by the speech's."""

    assignment: Assignment
    whole_speech: bool
    overdue: bool  # due before today (whether or not the work is done: the state says)


@dataclass(frozen=True)
class ShownVerdict:
    label: str
    author: str | None
    submitted: bool


@dataclass
class BoardClaim:
    claim: Claim
    state: ClaimState
    assignees: list[Assignee] = field(default_factory=list)
    verdicts: list[ShownVerdict] = field(default_factory=list)


@dataclass(frozen=True)
class ReviewerLoad:
    """One reviewer's work in the speech: claims assigned (by any assignment), what still needs
    their work, and of that what is overdue."""

    reviewer: User
    whole_speech: Assignment | None
    own_claims: int  # claims assigned one by one
    claims: int  # claims to check they are assigned, one by one or with the speech
    to_do: int
    overdue: int


@dataclass(frozen=True)
class OverdueWork:
    claim_id: int
    text: str
    state: ClaimState
    reviewer: str
    due_on: date


@dataclass(frozen=True)
class Disagreement:
    claim_id: int
    text: str
    state: ClaimState
    verdicts: list[ShownVerdict]


@dataclass
class Board:
    speech: Speech
    state_counts: dict[ClaimState, int]
    state: str  # the state listed, or "all"
    claims: list[BoardClaim]
    window: Window
    reviewers: list[ReviewerLoad]
    overdue_count: int  # (claim, reviewer) pairs
    overdue: list[OverdueWork]
    disagreement_count: int
    disagreements: list[Disagreement]
    staff: list[User]  # who may be assigned: active staff

    @property
    def total(self) -> int:
        return sum(self.state_counts.values())


def _state_counts(session: Session, speech: Speech) -> dict[ClaimState, int]:
    state = claim_state()
    # Grouped by the columns the state is read from: PostgreSQL does not take the CASE, whose
    # literals are parameters, as the same expression in SELECT and GROUP BY.
    rows = session.execute(
        select(state, func.count())
        .select_from(Claim)
        .outerjoin(ClaimWorkflow, ClaimWorkflow.claim_id == Claim.id)
        .where(Claim.speech_id == speech.id)
        .group_by(Claim.status, ClaimWorkflow.state)
    ).all()
    counts = dict.fromkeys(ClaimState, 0)
    for value, n in rows:
        counts[ClaimState(value)] += n
    return counts


def _listed(
    session: Session, speech: Speech, state: str, start: int
) -> list[tuple[Claim, ClaimState]]:
    expression = claim_state()
    query = (
        select(Claim, expression)
        .outerjoin(ClaimWorkflow, ClaimWorkflow.claim_id == Claim.id)
        .where(Claim.speech_id == speech.id)
    )
    if state != "all":
        query = query.where(expression == state)
    rows = session.execute(query.order_by(Claim.start).offset(start).limit(BOARD_PAGE)).all()
    return [(claim, ClaimState(value)) for claim, value in rows]


def _verdicts(session: Session, claim_ids: Sequence[int]) -> dict[int, list[ShownVerdict]]:
    if not claim_ids:
        return {}
    author = aliased(User)
    found: dict[int, list[ShownVerdict]] = {}
    for claim_id, label, name, status in session.execute(
        select(Verdict.claim_id, Verdict.rating_label, author.display_name, Verdict.status)
        .outerjoin(author, author.id == Verdict.author_id)
        .where(Verdict.claim_id.in_(claim_ids))
        .order_by(Verdict.claim_id, Verdict.id)
    ):
        found.setdefault(claim_id, []).append(
            ShownVerdict(label, name, status is VerdictStatus.SUBMITTED)
        )
    return found


def _assignees(
    listed: list[tuple[Claim, ClaimState]], assignments: list[Assignment], today: date
) -> dict[int, list[Assignee]]:
    whole = [a for a in assignments if a.claim_id is None]
    own: dict[int, list[Assignment]] = {}
    for a in assignments:
        if a.claim_id is not None:
            own.setdefault(a.claim_id, []).append(a)
    result: dict[int, list[Assignee]] = {}
    for claim, _ in listed:
        mine = own.get(claim.id, [])
        taken = {a.reviewer_id for a in mine}
        result[claim.id] = [
            Assignee(a, a.claim_id is None, a.due_on is not None and a.due_on < today)
            for a in [*mine, *(a for a in whole if a.reviewer_id not in taken)]
        ]
    return result


def _loads(
    session: Session, speech: Speech, whole: list[Assignment], today: date
) -> tuple[list[ReviewerLoad], int]:
    """Each assigned reviewer's load, by name; and the overdue pairs in all."""
    covered = _covered(Assignment.speech_id == speech.id)
    state = claim_state()
    needs = _needs_work(covered, state)
    overdue, _ = _overdue(covered, today)
    rows = session.execute(
        select(
            covered.c.reviewer_id,
            func.count().filter(covered.c.own == 1),
            func.count(),
            func.count().filter(needs),
            func.count().filter(sa.and_(needs, overdue)),
        )
        .select_from(covered)
        .join(Claim, Claim.id == covered.c.claim_id)
        .outerjoin(ClaimWorkflow, ClaimWorkflow.claim_id == Claim.id)
        .where(Claim.status == ClaimStatus.OPEN)
        .group_by(covered.c.reviewer_id)
    ).all()
    counts = {row[0]: tuple(row[1:]) for row in rows}
    by_reviewer = {a.reviewer_id: a for a in whole}
    ids = set(counts) | set(by_reviewer)
    people = session.scalars(select(User).where(User.id.in_(ids))).all() if ids else []
    loads = [
        ReviewerLoad(person, by_reviewer.get(person.id), *counts.get(person.id, (0, 0, 0, 0)))
        for person in sorted(people, key=lambda p: (p.display_name.casefold(), p.id))
    ]
    return loads, sum(load.overdue for load in loads)


def _overdue_work(session: Session, speech: Speech, today: date) -> list[OverdueWork]:
    covered = _covered(Assignment.speech_id == speech.id)
    state = claim_state()
    overdue, _ = _overdue(covered, today)
    rows = session.execute(
        select(Claim.id, Claim.text, state, User.display_name, covered.c.due_on)
        .select_from(covered)
        .join(Claim, Claim.id == covered.c.claim_id)
        .join(User, User.id == covered.c.reviewer_id)
        .outerjoin(ClaimWorkflow, ClaimWorkflow.claim_id == Claim.id)
        .where(_needs_work(covered, state), overdue)
        .order_by(covered.c.due_on, Claim.start, User.display_name)
        .limit(BOARD_LISTED)
    ).all()
    return [OverdueWork(i, text, ClaimState(s), name, due) for i, text, s, name, due in rows]


def _disagreements(session: Session, speech: Speech) -> tuple[int, list[Disagreement]]:
    """Claims with two or more submitted verdicts whose ratings differ, not yet decided."""
    state = claim_state()
    differing = (
        select(Claim.id, Claim.start, Claim.text, state.label("state"))
        .join(Verdict, Verdict.claim_id == Claim.id)
        .outerjoin(ClaimWorkflow, ClaimWorkflow.claim_id == Claim.id)
        .where(
            Claim.speech_id == speech.id,
            Verdict.status == VerdictStatus.SUBMITTED,
            state.in_([s.value for s in _UNDECIDED]),
        )
        .group_by(Claim.id, ClaimWorkflow.state)
        .having(func.count(Verdict.rating_label.distinct()) > 1)
        .subquery()
    )
    total = session.scalar(select(func.count()).select_from(differing)) or 0
    if not total:
        return 0, []
    rows = session.execute(
        select(differing.c.id, differing.c.text, differing.c.state)
        .order_by(differing.c.start)
        .limit(BOARD_LISTED)
    ).all()
    verdicts = _verdicts(session, [row[0] for row in rows])
    listed = [
        Disagreement(i, text, ClaimState(s), [v for v in verdicts.get(i, []) if v.submitted])
        for i, text, s in rows
    ]
    return total, listed


def active_staff(session: Session) -> list[User]:
    """Who may be given work: every active account (all are staff), by name."""
    return list(
        session.scalars(select(User).where(User.active.is_(True)).order_by(User.display_name))
    )


def board(
    session: Session, speech: Speech, today: date, *, state: str = "all", start: int = 0
) -> Board:
    """The editor's board of ``speech``: its claims by state (``state`` listed from ``start``),
    who is assigned what, what is overdue and which disagreements wait."""
    state = state if state in BOARD_STATES else "all"
    counts = _state_counts(session, speech)
    total = sum(counts.values()) if state == "all" else counts[ClaimState(state)]
    start = max(0, min(start, max(total - 1, 0)))
    listed = _listed(session, speech, state, start)
    ids = [claim.id for claim, _ in listed]
    assignments = list(
        session.scalars(
            select(Assignment)
            .options(joinedload(Assignment.reviewer))
            .where(
                Assignment.speech_id == speech.id,
                sa.or_(Assignment.claim_id.is_(None), Assignment.claim_id.in_(ids)),
            )
            .order_by(Assignment.id)
        )
    )
    assignees = _assignees(listed, assignments, today)
    verdicts = _verdicts(session, ids)
    loads, overdue_count = _loads(
        session, speech, [a for a in assignments if a.claim_id is None], today
    )
    disagreement_count, disagreements = _disagreements(session, speech)
    return Board(
        speech=speech,
        state_counts=counts,
        state=state,
        claims=[
            BoardClaim(claim, s, assignees.get(claim.id, []), verdicts.get(claim.id, []))
            for claim, s in listed
        ],
        window=Window(start, start + len(listed), total),
        reviewers=loads,
        overdue_count=overdue_count,
        overdue=_overdue_work(session, speech, today) if overdue_count else [],
        disagreement_count=disagreement_count,
        disagreements=disagreements,
        staff=active_staff(session),
    )
