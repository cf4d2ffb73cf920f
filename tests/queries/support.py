"""Helpers shared by the read tests."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Assignment, Claim, ClaimStatus, Speech, User


def claims_to_check(session: Session, speech: Speech) -> list[Claim]:
    return list(
        session.scalars(
            select(Claim)
            .where(Claim.speech_id == speech.id, Claim.status == ClaimStatus.OPEN)
            .order_by(Claim.start)
        )
    )


@dataclass
class Desk:
    speech: Speech
    first: Claim
    second: Claim
    third: Claim
    whole: list[Assignment]  # the reviewer's assignment of the whole speech
    colleague: User
