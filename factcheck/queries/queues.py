"""Work queues: a reviewer's queue across speeches, the editors' claims waiting for approval, an
editor's board of one speech, and the counts in the header; each in a fixed number of queries
whatever the number of claims and assignments.

Who is assigned a claim: a reviewer assigned the claim itself, or its whole speech; for that
reviewer the claim's own assignment (its due date, whether it asks for a second review) stands
before the speech's. What still needs their work:

- a first review: a claim to check that is open or in review (nobody has submitted a verdict);
- a second review: a claim to check, not published or withdrawn, on which they have not
  submitted a verdict of their own;
- sent back: a claim an editor sent back whose verdict they wrote (in their queue, assigned
  or not).

Overdue: needing their work, due before today. A reviewer's queue lists what was sent back to
them first, overdue or not, then the rest of their overdue work, then what is still to do: each
claim once. Archived speeches are out of every queue.
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
SECTIONS = ("sent_back", "overdue", "to_do")
# A disagreement waits for an editor until the claim is approved (or beyond).
_UNDECIDED = (S.OPEN, S.IN_REVIEW, S.SUBMITTED, S.SENT_BACK)


def claim_state(status: sa.ColumnElement[Any] = Claim.status) -> sa.ColumnElement[str]:
    """A claim's state, as `services.workflow.state_of` reads it, in SQL: dismissed as the claim
    (its ``status``) says, else its workflow row's (open without one). ClaimWorkflow is
    outer-joined."""
    stored = sa.type_coerce(ClaimWorkflow.state, sa.String)
    return sa.case(
        (status == ClaimStatus.DISMISSED, sa.literal(S.DISMISSED.value, sa.String)),
        else_=func.coalesce(stored, sa.literal(S.OPEN.value, sa.String)),
    )


def _needs_work(
    claim_id: sa.ColumnElement[int],
    status: sa.ColumnElement[Any],
    reviewer_id: sa.ColumnElement[int] | int,
    second: sa.ColumnElement[bool],
) -> sa.ColumnElement[bool]:
    """Whether the claim still needs the work of the reviewer assigned it (module docstring);
    ``second``: their assignment asks for a second review. ClaimWorkflow is outer-joined."""
    state = claim_state(status)
    own_submitted = sa.exists().where(
        Verdict.claim_id == claim_id,
        Verdict.author_id == reviewer_id,
        Verdict.status == VerdictStatus.SUBMITTED,
    )
    sent_back_to_them = sa.exists().where(
        Verdict.id == ClaimWorkflow.verdict_id, Verdict.author_id == reviewer_id
    )
    return sa.and_(
        status == ClaimStatus.OPEN,
        sa.or_(
            sa.and_(sa.not_(second), state.in_([S.OPEN.value, S.IN_REVIEW.value])),
            sa.and_(second, ~own_submitted, state.not_in([S.PUBLISHED.value, S.WITHDRAWN.value])),
            sa.and_(state == S.SENT_BACK.value, sent_back_to_them),
        ),
    )


def _overdue(due: sa.ColumnElement[date], today: date) -> tuple[sa.ColumnElement[bool], ...]:
    """(overdue, not overdue): a due date before today; without one, never overdue."""
    return sa.and_(due.is_not(None), due < today), sa.or_(due.is_(None), due >= today)


def _covered(speech_id: int, claim_ids: Sequence[int] | None = None) -> sa.Subquery:
    """Each (claim, reviewer) the assignments of a speech cover (of ``claim_ids`` only, if given),
    with the assignment that stands for it (the claim's own, else the speech's) and the claim's
    status and place. Each part reads the claims it needs once: no join back to the claims."""
    own = aliased(Assignment)
    columns = (
        Assignment.id.label("assignment_id"),
        Assignment.reviewer_id,
        Assignment.due_on,
        Assignment.second,
        Claim.id.label("claim_id"),
        Claim.status.label("status"),
        Claim.start.label("start"),
    )
    whole = (
        select(*columns, sa.literal(0).label("own"))
        .join(Claim, Claim.speech_id == Assignment.speech_id)
        .where(
            Assignment.speech_id == speech_id,
            Assignment.claim_id.is_(None),
            ~sa.exists().where(own.claim_id == Claim.id, own.reviewer_id == Assignment.reviewer_id),
        )
    )
    single = (
        select(*columns, sa.literal(1).label("own"))
        .join(Claim, Claim.id == Assignment.claim_id)
        .where(Assignment.speech_id == speech_id)
    )
    if claim_ids is not None:
        whole = whole.where(Claim.id.in_(claim_ids))
        single = single.where(Claim.id.in_(claim_ids))
    return sa.union_all(whole, single).subquery("covered")


def _covered_needs(covered: sa.Subquery) -> sa.ColumnElement[bool]:
    return _needs_work(
        covered.c.claim_id, covered.c.status, covered.c.reviewer_id, covered.c.second
    )


# --- a reviewer's queue ---------------------------------------------------------------------------


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
        self.state = claim_state()
        sent_back = sa.and_(
            ClaimWorkflow.state == S.SENT_BACK, self.sent_verdict.author_id == reviewer_id
        )
        self.sent_back = func.coalesce(sent_back, False)
        self.to_do = sa.and_(
            sa.or_(has_own, whole.id.is_not(None)),
            _needs_work(Claim.id, Claim.status, reviewer_id, self.second),
            sa.not_(self.sent_back),
        )
        self.overdue, self.not_overdue = _overdue(self.due_on, today)
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


# --- an editor's board of one speech -------------------------------------------------------------


BOARD_STATES = ("all", *(s.value for s in ClaimState))


@dataclass(frozen=True)
class Assignee:
    """Someone assigned to a listed claim, by its own assignment or by the speech's."""

    assignment: Assignment
    whole_speech: bool
    needs_work: bool  # the claim still needs their work (module docstring)
    overdue: bool  # needing their work, due before today


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
    """Claims one reviewer was to check by one day, and has not."""

    reviewer: str
    due_on: date
    claim_ids: list[int]


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
    session: Session, speech: Speech, claim_ids: list[int], today: date
) -> dict[int, list[Assignee]]:
    """Who is assigned each of the listed claims (a dismissed span: only by its own assignment),
    and whether the claim still needs their work."""
    if not claim_ids:
        return {}
    covered = _covered(speech.id, claim_ids)
    needs = _covered_needs(covered)
    overdue, _ = _overdue(covered.c.due_on, today)
    rows = session.execute(
        select(covered.c.claim_id, Assignment, covered.c.own, needs, sa.and_(needs, overdue))
        .select_from(covered)
        .join(Assignment, Assignment.id == covered.c.assignment_id)
        .outerjoin(ClaimWorkflow, ClaimWorkflow.claim_id == covered.c.claim_id)
        .options(joinedload(Assignment.reviewer))
        .where(sa.or_(covered.c.own == 1, covered.c.status == ClaimStatus.OPEN))
        .order_by(covered.c.claim_id, covered.c.own.desc(), Assignment.id)
    ).all()
    found: dict[int, list[Assignee]] = {}
    for claim_id, assignment, own, needs_work, late in rows:
        found.setdefault(claim_id, []).append(
            Assignee(assignment, not own, bool(needs_work), bool(late))
        )
    return found


def _loads(
    session: Session, speech: Speech, whole: list[Assignment], today: date
) -> tuple[list[ReviewerLoad], int]:
    """Each assigned reviewer's load, by name; and the overdue pairs in all."""
    covered = _covered(speech.id)
    needs = _covered_needs(covered)
    overdue, _ = _overdue(covered.c.due_on, today)
    rows = session.execute(
        select(
            covered.c.reviewer_id,
            func.count().filter(covered.c.own == 1),
            func.count(),
            func.count().filter(needs),
            func.count().filter(sa.and_(needs, overdue)),
        )
        .select_from(covered)
        .outerjoin(ClaimWorkflow, ClaimWorkflow.claim_id == covered.c.claim_id)
        .where(covered.c.status == ClaimStatus.OPEN)
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
    """The overdue work due longest ago (at most BOARD_LISTED claims), by reviewer and day."""
    covered = _covered(speech.id)
    overdue, _ = _overdue(covered.c.due_on, today)
    rows = session.execute(
        select(User.display_name, covered.c.due_on, covered.c.claim_id)
        .select_from(covered)
        .join(User, User.id == covered.c.reviewer_id)
        .outerjoin(ClaimWorkflow, ClaimWorkflow.claim_id == covered.c.claim_id)
        .where(_covered_needs(covered), overdue)
        .order_by(covered.c.due_on, User.display_name, User.id, covered.c.start)
        .limit(BOARD_LISTED)
    ).all()
    groups: list[OverdueWork] = []
    for name, due, claim_id in rows:
        if not groups or (groups[-1].reviewer, groups[-1].due_on) != (name, due):
            groups.append(OverdueWork(name, due, []))
        groups[-1].claim_ids.append(claim_id)
    return groups


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
    whole = list(
        session.scalars(
            select(Assignment)
            .options(joinedload(Assignment.reviewer))
            .where(Assignment.speech_id == speech.id, Assignment.claim_id.is_(None))
        )
    )
    assignees = _assignees(session, speech, ids, today)
    verdicts = _verdicts(session, ids)
    loads, overdue_count = _loads(session, speech, whole, today)
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
