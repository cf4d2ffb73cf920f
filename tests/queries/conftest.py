"""Fixtures for the read tests: a speech with work under way."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from factcheck.models import User
from tests import factories
from tests.queries.support import Desk, claims_to_check


@pytest.fixture
def desk(session: Session, users: dict[str, User]) -> Desk:
    """A speech of three claims assigned whole to the reviewer: the first open, the second
    their verdict sent back, the third submitted by a colleague and asked of the reviewer as a
    second review."""
    factories.rating_scale(session)
    speech = factories.speech(session, title="Budget speech")
    first, second, third = claims_to_check(session, speech)
    editor, reviewer = users["editor"], users["reviewer"]
    colleague = factories.user(session, "bo@example.org", display_name="Bo")
    whole = factories.assignment(session, speech, reviewer, actor=editor)
    factories.submitted_verdict(session, second, reviewer)
    factories.sent_back(session, second, editor, "Check the year.")
    factories.submitted_verdict(session, third, colleague, "False")
    factories.assignment(session, speech, reviewer, actor=editor, claims=[third], second=True)
    return Desk(speech, first, second, third, whole, colleague)
