"""The readers' front page: public, and showing published speeches only."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape

from factcheck.extensions import db
from factcheck.models import SpeechStatus, User
from factcheck.services import demo
from tests.helpers import add_speech

TRANSCRIPT = "Exports to China doubled between 2015 and 2022."


def load_demo_speech(app: Flask) -> None:
    with app.app_context():
        speech, created = demo.ensure_speech(db.session, None)
        assert created
        assert speech.status is SpeechStatus.IN_REVIEW
        db.session.commit()


def test_front_page_is_public_and_hides_speeches_in_review(app: Flask, client: FlaskClient) -> None:
    load_demo_speech(app)
    response = client.get("/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert demo.DEMO_SPEECH.title not in page
    assert demo.DEMO_SPEECH.speaker not in page
    assert "Nothing has been published yet." in page
    assert 'href="/login"' in page
    assert 'href="/desk/"' not in page


def test_front_page_lists_published_speeches_only(app: Flask, client: FlaskClient) -> None:
    load_demo_speech(app)
    add_speech(app, TRANSCRIPT, title="Published <b>speech</b>", status=SpeechStatus.PUBLISHED)
    add_speech(app, TRANSCRIPT, title="Archived speech", status=SpeechStatus.ARCHIVED)
    page = client.get("/").get_data(as_text=True)
    assert str(escape("Published <b>speech</b>")) in page
    assert "<b>speech</b>" not in page
    assert "Archived speech" not in page
    assert demo.DEMO_SPEECH.title not in page
    assert "Nothing has been published yet." not in page


def test_staff_see_the_same_front_page(
    app: Flask, as_editor: FlaskClient, users: dict[str, User]
) -> None:
    load_demo_speech(app)
    response = as_editor.get("/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert demo.DEMO_SPEECH.title not in page
    # The header does change: a link to the desk and a log-out form.
    assert 'href="/desk/"' in page
    assert 'action="/logout"' in page
