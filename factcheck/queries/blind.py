"""Independent second review: a reviewer asked for a second verdict on a claim sees none of the
other verdicts, nor the sources, notes or history others left on it, until they submit their own.

Every read that shows a claim's verdicts, sources, notes or history to a user asks `blind_to`
(or uses `blind_condition` inside a query) and keeps only what is the user's own for those claims.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from factcheck.models import Assignment, Claim, Verdict, VerdictStatus


def blind_condition(user_id: int) -> sa.ColumnElement[bool]:
    """True for a claim (correlated on `Claim`) the user is to review blind: a second review asked
    of them (on the claim, or on its whole speech) and no verdict of theirs submitted yet."""
    # Aliased and correlated to the claim alone: the condition nests inside queries of verdicts.
    assignment, verdict = aliased(Assignment), aliased(Verdict)
    asked = (
        sa.exists()
        .where(
            assignment.reviewer_id == user_id,
            assignment.second.is_(True),
            sa.or_(
                assignment.claim_id == Claim.id,
                sa.and_(assignment.claim_id.is_(None), assignment.speech_id == Claim.speech_id),
            ),
        )
        .correlate(Claim)
    )
    submitted = (
        sa.exists()
        .where(
            verdict.claim_id == Claim.id,
            verdict.author_id == user_id,
            verdict.status == VerdictStatus.SUBMITTED,
        )
        .correlate(Claim)
    )
    return sa.and_(asked, ~submitted)


def blind_to(session: Session, user_id: int | None, claim_ids: list[int]) -> set[int]:
    """Which of ``claim_ids`` the user reviews blind; one query (none without claims or a user)."""
    if user_id is None or not claim_ids:
        return set()
    return set(
        session.scalars(select(Claim.id).where(Claim.id.in_(claim_ids), blind_condition(user_id)))
    )
