"""Scoring stored claims again after the model changes: as the import scored them, in place."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from factcheck.models import Role, Speech, User
from factcheck.queries.speeches import claims_of
from factcheck.services.rescoring import rescore_speech
from tests import factories


@pytest.fixture
def actor(session: Session) -> User:
    return factories.user(session, "rev@example.org", Role.REVIEWER, display_name="Rev")


@pytest.fixture
def speech(session: Session, actor: User) -> Speech:
    return factories.speech(session, actor=actor, title="T", speaker="S")


def stored(session: Session, speech: Speech) -> list[tuple]:
    session.expire_all()
    return [
        (c.text, c.checkworthiness, c.claim_type, c.checkworthiness_reasons)
        for c in claims_of(session, speech)
    ]


def test_rescoring_restores_what_the_import_stored(session: Session, speech: Speech) -> None:
    imported = stored(session, speech)
    claims = [c for c in claims_of(session, speech) if c.is_claim]
    for claim in claims:  # as an older model might have left them
        claim.checkworthiness, claim.claim_type, claim.checkworthiness_reasons = 0.5, "other", []
    session.commit()
    assert rescore_speech(session, speech.id) == len(claims)
    session.commit()
    assert stored(session, speech) == imported
    assert rescore_speech(session, speech.id) == 0


def test_rescoring_leaves_spans_dismissed_at_import(session: Session, speech: Speech) -> None:
    dismissed = [c for c in claims_of(session, speech) if not c.is_claim]
    assert dismissed  # the factories' greeting and thanks
    before = [(c.checkworthiness, c.checkworthiness_reasons) for c in dismissed]
    rescore_speech(session, speech.id)
    session.commit()
    session.expire_all()
    assert [(c.checkworthiness, c.checkworthiness_reasons) for c in dismissed] == before


def test_rescoring_a_speech_that_is_gone_changes_nothing(session: Session) -> None:
    assert rescore_speech(session, 999_999) == 0
