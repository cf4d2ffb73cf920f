"""An editor's board of one speech: its claims by state, who is assigned what and how much of it
is left, overdue work, and the disagreements waiting; in a fixed number of queries whatever the
number of claims. It shows everyone's verdicts: it is the editors' (`permissions.can_assign`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased, joinedload

from factcheck.models import (
    Assignment,
    Claim,
    ClaimState,
    ClaimStatus,
    ClaimWorkflow,
    Speech,
    User,
    Verdict,
    VerdictStatus,
)
from factcheck.queries import work
from factcheck.queries.speeches import Window

BOARD_PAGE = 50  # claims listed on a page of the board
BOARD_LISTED = 50  # overdue work and disagreements listed on the board
S = ClaimState
# A disagreement waits for an editor until the claim is approved (or beyond).
_UNDECIDED = (S.OPEN, S.IN_REVIEW, S.SUBMITTED, S.SENT_BACK)


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
    state = work.claim_state()
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
    expression = work.claim_state()
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
    covered = work.covered(speech.id, claim_ids)
    needs = work.covered_needs(covered)
    overdue, _ = work.overdue(covered.c.due_on, today)
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
    covered = work.covered(speech.id)
    needs = work.covered_needs(covered)
    overdue, _ = work.overdue(covered.c.due_on, today)
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
    covered = work.covered(speech.id)
    overdue, _ = work.overdue(covered.c.due_on, today)
    rows = session.execute(
        select(User.display_name, covered.c.due_on, covered.c.claim_id)
        .select_from(covered)
        .join(User, User.id == covered.c.reviewer_id)
        .outerjoin(ClaimWorkflow, ClaimWorkflow.claim_id == covered.c.claim_id)
        .where(work.covered_needs(covered), overdue)
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
    """Claims with two or more submitted verdicts whose ratings differ, neither settled nor
    decided yet."""
    state = work.claim_state()
    differing = (
        select(Claim.id, Claim.start, Claim.text, state.label("state"))
        .join(Verdict, Verdict.claim_id == Claim.id)
        .outerjoin(ClaimWorkflow, ClaimWorkflow.claim_id == Claim.id)
        .where(
            Claim.speech_id == speech.id,
            Verdict.status == VerdictStatus.SUBMITTED,
            state.in_([s.value for s in _UNDECIDED]),
            ClaimWorkflow.resolution_id.is_(None),  # not settled by an editor
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
