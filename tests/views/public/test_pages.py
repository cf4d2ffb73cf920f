"""The readers' front page: public, and showing published speeches only."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape

from factcheck.models import SpeechStatus, User
from factcheck.services import demo
from tests import factories

TRANSCRIPT = "Exports to China doubled between 2015 and 2022."


@pytest.fixture(autouse=True)
def demo_speech(app: Flask) -> None:
    """The demo speech, in review: not for readers yet."""
    with factories.seeding(app) as session:
        assert factories.demo_speech(session).status is SpeechStatus.IN_REVIEW


def test_front_page_is_public_and_hides_speeches_in_review(app: Flask, client: FlaskClient) -> None:
    response = client.get("/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert demo.DEMO_SPEECH.title not in page
    assert demo.DEMO_SPEECH.speaker not in page
    assert "Nothing has been published yet." in page
    assert 'href="/login"' in page
    assert 'href="/desk/"' not in page


def test_front_page_lists_published_speeches_only(app: Flask, client: FlaskClient) -> None:
    with factories.seeding(app) as session:
        published, archived = SpeechStatus.PUBLISHED, SpeechStatus.ARCHIVED
        factories.speech(session, TRANSCRIPT, title="Published <b>speech</b>", status=published)
        factories.speech(session, TRANSCRIPT, title="Archived speech", status=archived)
    page = client.get("/").get_data(as_text=True)
    assert str(escape("Published <b>speech</b>")) in page
    assert "<b>speech</b>" not in page
    assert "Archived speech" not in page
    assert demo.DEMO_SPEECH.title not in page
    assert "Nothing has been published yet." not in page


def test_staff_see_the_same_front_page(
    app: Flask, as_editor: FlaskClient, users: dict[str, User]
) -> None:
    response = as_editor.get("/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert demo.DEMO_SPEECH.title not in page
    # The header does change: a link to the desk and a log-out form.
    assert 'href="/desk/"' in page
    assert 'action="/logout"' in page
