"""Fixtures for the review services: a committed speech with claims, the default rating scale, and
a second session on the same database for concurrency tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.extensions import db
from factcheck.models import Claim, ClaimStatus, RatingScale, Speech
from tests import factories

TRANSCRIPT = (
    "Good morning, everyone.\n"
    "Unemployment fell to 4.2% in 2023, the lowest level since 1990. "
    "Exports to China doubled between 2015 and 2022.\n"
)


@pytest.fixture
def speech(session: Session) -> Speech:
    return factories.speech(session, TRANSCRIPT, title="Budget speech", speaker="The Minister")


@pytest.fixture
def claim(session: Session, speech: Speech) -> Claim:
    """The first claim to check in the speech."""
    return session.scalars(
        select(Claim)
        .where(Claim.speech_id == speech.id, Claim.status == ClaimStatus.OPEN)
        .order_by(Claim.start)
    ).first()


@pytest.fixture
def dismissed_claim(session: Session, speech: Speech) -> Claim:
    """The greeting, which the import marked as not a claim."""
    return session.scalars(
        select(Claim).where(Claim.speech_id == speech.id, Claim.status == ClaimStatus.DISMISSED)
    ).first()


@pytest.fixture
def scale(session: Session) -> RatingScale:
    return factories.rating_scale(session)


@pytest.fixture
def other_session(app: Flask) -> Iterator[Session]:
    """A second, independent session on the same database: another person's request.

    No app context stays pushed: `session` is Flask-SQLAlchemy's context-scoped session, and a
    second context would silently give the test a different one.
    """
    with app.app_context():
        engine = db.engine
    other = Session(engine)
    try:
        yield other
    finally:
        other.rollback()
        other.close()
