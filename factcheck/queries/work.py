"""Who is assigned what, and what still needs their work: the rules the queues and the board
read, as SQL expressions.

Who is assigned a claim: a reviewer assigned the claim itself, or its whole speech; for that
reviewer the claim's own assignment (its due date, whether it asks for a second review) stands
before the speech's. What still needs their work:

- a first review: a claim to check that is open or in review (nobody has submitted a verdict);
- a second review: a claim to check, not published or withdrawn, on which they have not
  submitted a verdict of their own;
- sent back: a claim an editor sent back whose verdict they wrote.

Overdue: needing their work, due before today.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from factcheck.models import (
    Assignment,
    Claim,
    ClaimState,
    ClaimStatus,
    ClaimWorkflow,
    Verdict,
    VerdictStatus,
)

S = ClaimState


def claim_state(status: sa.ColumnElement[Any] = Claim.status) -> sa.ColumnElement[str]:
    """A claim's state, as `services.workflow.state_of` reads it, in SQL: dismissed as the claim
    (its ``status``) says, else its workflow row's (open without one). ClaimWorkflow is
    outer-joined."""
    stored = sa.type_coerce(ClaimWorkflow.state, sa.String)
    return sa.case(
        (status == ClaimStatus.DISMISSED, sa.literal(S.DISMISSED.value, sa.String)),
        else_=func.coalesce(stored, sa.literal(S.OPEN.value, sa.String)),
    )


def needs_work(
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


def overdue(due: sa.ColumnElement[date], today: date) -> tuple[sa.ColumnElement[bool], ...]:
    """(overdue, not overdue): a due date before today; without one, never overdue."""
    return sa.and_(due.is_not(None), due < today), sa.or_(due.is_(None), due >= today)


def covered(speech_id: int, claim_ids: Sequence[int] | None = None) -> sa.Subquery:
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


def covered_needs(covered: sa.Subquery) -> sa.ColumnElement[bool]:
    """`needs_work` of the pairs `covered` gives."""
    return needs_work(covered.c.claim_id, covered.c.status, covered.c.reviewer_id, covered.c.second)
