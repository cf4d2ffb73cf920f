"""Reads about rating scales that any page may need: their colours, for the highlights."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Rating


def colours(session: Session) -> list[tuple[int, str]]:
    """(rating id, colour) of every rating, retired ones too: old verdicts keep theirs."""
    return [(row.id, row.colour) for row in session.execute(select(Rating.id, Rating.colour))]
